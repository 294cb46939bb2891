/**
 * The IPC contract: every call the renderer may make, with the zod schema of its
 * input and the type of its result, and every event main may push. Main validates
 * each input against it before the core sees it; preload and the test bridge build
 * `window.mirage` from the same list. Nothing else connects renderer and core.
 *
 * This module must stay importable by the renderer: zod and pure types only.
 */
import { z } from 'zod';
import { studyDesignSchema, type StudyDesign } from './core/study/design.ts';

/** Carries a result type through the contract list without a runtime value. */
const returns = <T>() => undefined as unknown as T;

const id = z.number().int().positive();
const phase = z.enum(['training', 'study']);
const readerInput = z.object({
  name: z.string().trim().min(1).max(80),
  pin: z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits').nullable().optional(),
  language: z.enum(['en', 'fr']),
});

export interface AppInfo {
  version: string;
  dataDir: string;
  firstRun: boolean;
}
export interface SeriesSummary {
  id: number;
  label: string;
  source: 'dicom' | 'nifti' | 'phantom';
  modality: string;
  width: number;
  height: number;
  depth: number;
  spacing: [number, number, number];
}
export interface ImportSummary {
  imported: SeriesSummary[];
  skipped: { file: string; reason: string }[];
  warnings: string[];
}
export interface GeneratorSummary {
  id: number;
  name: string;
  sha256: string;
  outputSize: [number, number, number];
  modality: string;
}
/** Which execution provider generated a study's images, and why the faster ones could not. */
export interface GenerationRun {
  generator: string;
  provider: string;
  providerFailures: { provider: string; reason: string }[];
  /** Worker threads that ran the model (one session each; more than one only on the CPU). */
  workers: number;
  images: number;
  imagesPerSecond: number;
}
/** A registered generator, or (no manifest found) one proposed from the model's metadata, to confirm. */
export type RegisterResult = { generator: GeneratorSummary } | { proposal: unknown; reason: string };
export interface StudySummary {
  id: number;
  name: string;
  version: number;
  caseCount: number;
  trainingCount: number;
  frozen: boolean;
  readers: { id: number; name: string; hasPin: boolean; language: string }[];
  design: StudyDesign;
}
export type Phase = 'training' | 'study';
export interface Slot {
  phase: Phase;
  position: number;
}
/** What the reading screen knows of its study: display and questions, never truth. */
export interface ReadingSession {
  session: string;
  readerName: string;
  language: string;
  studyName: string;
  design: Pick<StudyDesign, 'format' | 'defaultPreset' | 'questions' | 'options'>;
  trainingTotal: number;
  total: number;
  /** Where to resume: the first unanswered slot, training first; null when finished. */
  next: Slot | null;
}
export interface Answer {
  realism: number | null;
  call: 'real' | 'synthetic' | null;
  confidence: 1 | 2 | 3 | null;
  freeText: string | null;
  roi: unknown;
}
/**
 * The one description of a case that reaches the renderer. Each field is the same
 * for every case of a study or concerns the reader's own progress (the
 * blinding-leak test holds it to that). Pixels come separately, by token.
 */
export interface CaseView {
  token: string;
  phase: Phase;
  position: number;
  total: number;
  width: number;
  height: number;
  depth: number;
  pixelSpacingMm: number;
  sliceThicknessMm: number;
  answer: Answer | null;
}
export interface SubmitResult {
  next: Slot | null;
  /** Training cases only: the truth, shown right after the answer. */
  trainingTruth: 'real' | 'synthetic' | null;
}
export interface ExportResult {
  path: string;
  rows: number;
}
/** A study package written for reading workstations. */
export interface StudyPackageExport {
  path: string;
  studyUid: string;
  cases: number;
  readers: number;
}
export interface StudyPackageInstall {
  studyId: number;
  studyUid: string;
  name: string;
  /** false when the study was already installed (then only new readers are added). */
  created: boolean;
  readersAdded: string[];
}
export interface SessionBundleExport {
  path: string;
  readers: number;
  scores: number;
}
/** One side of a conflicting score: the answer and when it was last given. */
export interface ScoreAnswer {
  realism: number | null;
  call: 'real' | 'synthetic' | null;
  confidence: number | null;
  rating6: number | null;
  freeText: string | null;
  roi: string | null;
  updatedAt: string;
}
export interface BundleConflict {
  reader: string;
  phase: Phase;
  /** 1-based, as the reader saw it (like the CSV export). */
  position: number;
  /** Kept in the study. */
  ours: ScoreAnswer;
  /** The bundle's answer, recorded in bundle_conflicts but not applied. */
  theirs: ScoreAnswer;
}
export interface SessionBundleImport {
  file: string;
  workstation: string;
  /** The same bundle was imported before: nothing changed. */
  alreadyImported: boolean;
  /** New scores stored. */
  imported: number;
  /** Stored scores replaced by a later edit of the same score (the earlier value kept in its history). */
  updated: number;
  unchanged: number;
  conflicts: BundleConflict[];
}
export interface StudyAnalysisSummary {
  dir: string;
  files: string[];
  scores: number;
  warnings: string[];
  generators: {
    name: string;
    foolRate: { estimate: number; lower: number; upper: number } | null;
    /** closestPairsPng: the closest synthetic|real pairs side by side (base64 PNG), to judge memorization by eye. */
    quality: { huWasserstein: number; spreadRatio: number; copiesFlagged: number; radiomicFrechet: number; flags: string[]; closestPairsPng: string } | { missing: string };
  }[];
}
export interface Progress {
  task: string;
  done: number;
  total: number;
  message: string;
}

const answer = {
  realism: z.number().int().min(1).max(5).nullable(),
  call: z.enum(['real', 'synthetic']).nullable(),
  confidence: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  freeText: z.string().max(2000).nullable(),
  roi: z.object({ kind: z.literal('ellipse'), handles: z.array(z.object({ x: z.number(), y: z.number() })).max(8), slice: z.number().int().min(0) }).nullable(),
};

export const calls = {
  appInfo: { input: z.object({}), result: returns<AppInfo>() },
  importScans: { input: z.object({ path: z.string().min(1).max(4096) }), result: returns<ImportSummary>() },
  listSeries: { input: z.object({}), result: returns<SeriesSummary[]>() },
  registerGenerator: { input: z.object({ path: z.string().min(1).max(4096), manifest: z.unknown().optional() }), result: returns<RegisterResult>() },
  listGenerators: { input: z.object({}), result: returns<GeneratorSummary[]>() },
  createStudy: {
    input: z.object({
      name: z.string().trim().min(1).max(200),
      passphrase: z.string().min(4).max(1000),
      design: studyDesignSchema,
      real: z.array(z.object({ seriesId: id, slices: z.number().int().min(1).max(1000) })).max(10_000),
      trainingReal: z.array(z.object({ seriesId: id, slices: z.number().int().min(1).max(1000) })).max(1000),
      generators: z.array(z.object({
        generatorId: id, count: z.number().int().min(0).max(10_000), trainingCount: z.number().int().min(0).max(1000),
        /** Force one execution provider; otherwise the fastest that works. */
        provider: z.enum(['cuda', 'dml', 'coreml', 'webgpu', 'cpu']).optional(),
      })).max(50),
      readers: z.array(readerInput).max(200),
    }),
    result: returns<{ studyId: number; generation: GenerationRun[] }>(),
  },
  cancelStudyCreation: { input: z.object({}), result: returns<{ cancelled: boolean }>() },
  createDemoStudy: { input: z.object({}), result: returns<{ studyId: number; passphrase: string }>() },
  listStudies: { input: z.object({}), result: returns<StudySummary[]>() },
  addReader: { input: z.object({ studyId: id, passphrase: z.string().min(1).max(1000), reader: readerInput }), result: returns<{ readerId: number }>() },
  updateStudyDesign: { input: z.object({ studyId: id, passphrase: z.string().min(1).max(1000), design: studyDesignSchema }), result: returns<{ studyId: number }>() },
  newStudyVersion: { input: z.object({ studyId: id, passphrase: z.string().min(1).max(1000), design: studyDesignSchema }), result: returns<{ studyId: number }>() },
  analyzeStudy: { input: z.object({ studyId: id, passphrase: z.string().min(1).max(1000) }), result: returns<StudyAnalysisSummary>() },
  exportScoresCsv: { input: z.object({ studyId: id, passphrase: z.string().min(1).max(1000) }), result: returns<ExportResult>() },
  exportStudyPackage: { input: z.object({ studyId: id }), result: returns<StudyPackageExport>() },
  importStudyPackage: { input: z.object({ path: z.string().min(1).max(4096) }), result: returns<StudyPackageInstall>() },
  exportSessionBundle: {
    input: z.object({ studyId: id, workstation: z.string().trim().min(1, 'a workstation needs a label').max(80) }),
    result: returns<SessionBundleExport>(),
  },
  importSessionBundle: { input: z.object({ studyId: id, path: z.string().min(1).max(4096) }), result: returns<SessionBundleImport>() },
  openReading: { input: z.object({ readerId: id, pin: z.string().max(8).nullable() }), result: returns<ReadingSession>() },
  getCase: {
    input: z.object({ session: z.string().length(32), phase, position: z.number().int().min(0), prefetch: z.boolean() }),
    result: returns<CaseView>(),
  },
  submitScore: {
    input: z.object({
      session: z.string().length(32),
      token: z.string().length(32),
      ...answer,
      firstAnswerMs: z.number().min(0).max(86_400_000).nullable(),
      totalMs: z.number().min(0).max(86_400_000),
      timedOut: z.boolean(),
    }),
    result: returns<SubmitResult>(),
  },
} as const;

/** Calls that main answers itself because they need Electron (native dialogs); validated the same way. */
export const shellCalls = {
  pickPath: { input: z.object({ kind: z.enum(['folder', 'file']) }), result: returns<string | null>() },
  /** Prints an analysis report (inside the exports folder) to PDF beside it; returns the PDF's path. */
  exportReportPdf: { input: z.object({ htmlPath: z.string().min(1).max(4096).regex(/\.html$/) }), result: returns<string>() },
} as const;

export const events = {
  progress: returns<Progress>(),
} as const;

export type CallName = keyof typeof calls;
export type CallInput<K extends CallName> = z.infer<(typeof calls)[K]['input']>;
export type CallResult<K extends CallName> = (typeof calls)[K]['result'];
export type EventName = keyof typeof events;

/** Errors cross the boundary as data, never as thrown objects. */
export interface CallError {
  code: 'invalid-input' | 'failed';
  message: string;
}
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: CallError };

export type ShellCallName = keyof typeof shellCalls;

/** `window.mirage`: one method per call, plus event subscription. */
export type MirageApi = { [K in CallName]: (input: CallInput<K>) => Promise<CallResult<K>> } & {
  [K in ShellCallName]: (input: z.infer<(typeof shellCalls)[K]['input']>) => Promise<(typeof shellCalls)[K]['result']>;
} & {
  on<E extends EventName>(event: E, listener: (payload: (typeof events)[E]) => void): () => void;
};

export const callNames = Object.keys(calls) as CallName[];
export const shellCallNames = Object.keys(shellCalls) as ShellCallName[];
export const eventNames = Object.keys(events) as EventName[];
/** The ipcRenderer channel of a call / event. */
export const channelOf = (name: string) => `mirage:${name}`;
