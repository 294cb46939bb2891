import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZodError } from 'zod';
import { calls, type GenerationRun, type RegisterResult, type CallInput, type CallName, type CallResult, type Envelope, type EventName, type GeneratorSummary, type ImportSummary, type Progress } from '../contract.ts';
import { openDatabase, type Db } from './db/open.ts';
import { importPath } from './imaging/import.ts';
import { addSeries, listSeries } from './library.ts';
import { ReadingDesk } from './reading/session.ts';
import { addReader, createStudy, listStudies, studyKey, type SyntheticSource } from './study/studies.ts';
import { studyResults } from './export/study-results.ts';
import { writeStudyAnalysis } from './export/study-analysis.ts';
import { exportCsv } from './analysis/exports.ts';
import { generateImages, inspectGenerator } from './generators/generator.ts';
import { generatorManifestSchema, manifestFor, parseManifest, proposeManifest, type GeneratorManifest } from './generators/manifest.ts';
import { createDemoStudy } from './demo.ts';
import { newStudyVersion, updateStudyDesign } from './study/versions.ts';
import { exportStudyPackage, importStudyPackage, PACKAGE_EXTENSION } from './bundles/study-package.ts';
import { BUNDLE_EXTENSION, exportSessionBundle } from './bundles/session-bundle.ts';
import { importSessionBundle } from './bundles/session-import.ts';
import { slug, studyIdentity } from './bundles/identity.ts';

export interface CoreOptions {
  /** Where the database and exports live (Electron: app.getPath('userData')). */
  dataDir: string;
  /** The shipped generator models (Electron: resources/models; a checkout: models/). */
  modelsDir: string;
  appVersion: string;
  /** better-sqlite3's native addon for this runtime, when not the one in node_modules (Electron in development). */
  sqliteBinding?: string;
}

type Handlers = { [K in CallName]: (input: CallInput<K>) => Promise<CallResult<K>> | CallResult<K> };
type Listener = (event: EventName, payload: unknown) => void;

/**
 * The core behind the IPC contract. Electron's main process, the CLI and the
 * test bridge all drive this one object; it never imports electron.
 */
export class MirageCore {
  readonly db: Db;
  readonly desk: ReadingDesk;
  private readonly listeners = new Set<Listener>();
  private readonly firstRun: boolean;

  constructor(readonly options: CoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    const file = join(options.dataDir, 'mirage.sqlite');
    this.firstRun = !existsSync(file);
    this.db = openDatabase(file, options.sqliteBinding);
    this.desk = new ReadingDesk(this.db);
  }

  close(): void {
    this.db.close();
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  progress(p: Progress): void {
    for (const l of this.listeners) l('progress', p);
  }

  /** Validates a call's input against the contract, runs it, and wraps the outcome; never throws. */
  async dispatch(name: string, input: unknown): Promise<Envelope<unknown>> {
    if (!Object.hasOwn(calls, name)) return { ok: false, error: { code: 'invalid-input', message: `unknown call "${name}"` } };
    const call = name as CallName;
    const parsed = calls[call].input.safeParse(input ?? {});
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      return { ok: false, error: { code: 'invalid-input', message: `${name}: ${message}` } };
    }
    try {
      const handler = this.handlers[call] as (i: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      const message = err instanceof ZodError ? err.issues.map((i) => i.message).join('; ') : err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'failed', message } };
    }
  }

  /** Same as dispatch, for in-process callers (CLI, tests): throws the error message. */
  async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResult<K>> {
    const result = await this.dispatch(name, input);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as CallResult<K>;
  }

  /** The study creation in progress, so that the organizer can cancel its generation. */
  private creation: AbortController | null = null;

  /**
   * A registered generator as a study's synthetic source. Each run's execution provider (and
   * why faster ones failed) is appended to `runs`, for the organizer to see.
   */
  generatorSource(generatorId: number, count: number, trainingCount: number, opts: { provider?: string; signal?: AbortSignal; runs?: GenerationRun[] } = {}): SyntheticSource {
    const row = this.db.prepare('SELECT * FROM generators WHERE id = ?').get(generatorId) as { name: string; sha256: string; model_path: string; manifest: string } | undefined;
    if (!row) throw new Error(`no generator ${generatorId}`);
    const manifest = generatorManifestSchema.parse(JSON.parse(row.manifest));
    return {
      name: row.name, sha256: row.sha256, count, trainingCount,
      generate: async (seed, firstIndex, n) => {
        const started = performance.now();
        const out = await generateImages({
          modelPath: row.model_path, manifest, seed, count: n, firstIndex, provider: opts.provider, signal: opts.signal,
          onProgress: (p) => this.progress({ task: 'generate', done: p.done, total: p.total, message: `${row.name}: ${p.imagesPerSecond.toFixed(0)} images/s, ${Math.ceil(p.secondsLeft)} s left` }),
        });
        opts.runs?.push({ generator: row.name, provider: out.provider, providerFailures: out.providerFailures, workers: out.workers, images: n, imagesPerSecond: n / ((performance.now() - started) / 1000) });
        return out.images.map((i) => i.volume);
      },
    };
  }

  /**
   * Registers an .onnx generator with its manifest: the one given, else manifest.json beside
   * the model. Without either, nothing is stored and a manifest proposed from the model's own
   * metadata comes back for the organizer to review and confirm.
   */
  async registerGenerator(path: string, given?: unknown): Promise<GeneratorSummary>;
  async registerGenerator(path: string, given: unknown, allowProposal: true): Promise<RegisterResult>;
  async registerGenerator(path: string, given?: unknown, allowProposal = false): Promise<GeneratorSummary | RegisterResult> {
    const manifest = given === undefined ? (await manifestFor(path)).manifest : parseManifest(given, `for ${path}`);
    if (!manifest && allowProposal) return { proposal: await proposeManifest(path), reason: `no manifest.json beside ${path}: review the proposed manifest and confirm it` };
    const inspected = await inspectGenerator(path, manifest);
    const existing = this.db.prepare('SELECT id FROM generators WHERE sha256 = ?').get(inspected.sha256) as { id: number } | undefined;
    const generatorId = existing?.id ?? Number(this.db.prepare('INSERT INTO generators (name, sha256, model_path, manifest) VALUES (?, ?, ?, ?)')
      .run(inspected.manifest.name, inspected.sha256, path, JSON.stringify(inspected.manifest)).lastInsertRowid);
    const summary = this.generatorSummary(generatorId);
    return allowProposal ? { generator: summary } : summary;
  }

  private generatorSummary(generatorId: number): GeneratorSummary {
    const row = this.db.prepare('SELECT id, name, sha256, manifest FROM generators WHERE id = ?').get(generatorId) as { id: number; name: string; sha256: string; manifest: string };
    const m = generatorManifestSchema.parse(JSON.parse(row.manifest));
    return { id: row.id, name: row.name, sha256: row.sha256, outputSize: outputSizeOf(m), modality: m.modality };
  }

  private async importScans(path: string): Promise<ImportSummary> {
    const report = await importPath(path);
    // One transaction: a failure part-way stores none of this import and touches nothing stored before.
    const ids = this.db.transaction(() => report.series.map((s) => addSeries(this.db, s.info.label, s.info.source, s.volume)))();
    const all = listSeries(this.db);
    return {
      imported: all.filter((s) => ids.includes(s.id)),
      skipped: report.skipped,
      warnings: report.series.flatMap((s) => s.info.warnings.map((w) => `${s.info.label}: ${w}`)),
    };
  }

  /** A file name under the data dir's exports/ folder; `{time}` becomes the time of export. */
  private exportPath(name: string): string {
    const dir = join(this.options.dataDir, 'exports');
    mkdirSync(dir, { recursive: true });
    return join(dir, name.replace('{time}', new Date().toISOString().replace(/[:.]/g, '-')));
  }

  private exportScoresCsv(studyId: number, passphrase: string) {
    const results = studyResults(this.db, studyId, studyKey(this.db, studyId, passphrase));
    const path = this.exportPath(`study-${studyId}-scores-{time}.csv`);
    writeFileSync(path, exportCsv(results), { flag: 'wx' });
    return { path, rows: results.rows.length };
  }

  readonly handlers: Handlers = {
    appInfo: () => ({ version: this.options.appVersion, dataDir: this.options.dataDir, firstRun: this.firstRun }),
    importScans: ({ path }) => this.importScans(path),
    listSeries: () => listSeries(this.db),
    registerGenerator: ({ path, manifest }) => this.registerGenerator(path, manifest, true),
    listGenerators: () => (this.db.prepare('SELECT id FROM generators ORDER BY id').all() as { id: number }[]).map((r) => this.generatorSummary(r.id)),
    createStudy: async (input) => {
      if (this.creation) throw new Error('a study is already being created');
      this.creation = new AbortController();
      const runs: GenerationRun[] = [];
      try {
        const studyId = await createStudy(this.db, {
          ...input,
          synthetic: input.generators.map((g) => this.generatorSource(g.generatorId, g.count, g.trainingCount, { provider: g.provider, signal: this.creation!.signal, runs })),
          readers: input.readers.map((r) => ({ ...r, pin: r.pin ?? null })),
        });
        return { studyId, generation: runs };
      } finally {
        this.creation = null;
      }
    },
    cancelStudyCreation: () => {
      this.creation?.abort();
      return { cancelled: this.creation !== null };
    },
    createDemoStudy: () => createDemoStudy(this),
    listStudies: () => listStudies(this.db),
    addReader: ({ studyId, passphrase, reader }) => ({ readerId: addReader(this.db, studyId, passphrase, { ...reader, pin: reader.pin ?? null }) }),
    updateStudyDesign: ({ studyId, passphrase, design }) => {
      updateStudyDesign(this.db, studyId, passphrase, design);
      return { studyId };
    },
    newStudyVersion: ({ studyId, passphrase, design }) => ({ studyId: newStudyVersion(this.db, studyId, passphrase, design) }),
    analyzeStudy: ({ studyId, passphrase }) => writeStudyAnalysis(this.db, studyId, studyKey(this.db, studyId, passphrase), this.exportPath(`study-${studyId}-analysis-{time}`)),
    exportScoresCsv: ({ studyId, passphrase }) => this.exportScoresCsv(studyId, passphrase),
    exportStudyPackage: ({ studyId }) => {
      const s = studyIdentity(this.db, studyId);
      return exportStudyPackage(this.db, studyId, this.exportPath(`${slug(s.name)}-v${s.version}-${s.uid.slice(0, 8)}-{time}${PACKAGE_EXTENSION}`), this.options.appVersion);
    },
    importStudyPackage: ({ path }) => importStudyPackage(this.db, path),
    exportSessionBundle: ({ studyId, workstation }) => {
      const s = studyIdentity(this.db, studyId);
      return exportSessionBundle(this.db, studyId, this.exportPath(`${slug(s.name)}-${s.uid.slice(0, 8)}-${slug(workstation)}-{time}${BUNDLE_EXTENSION}`),
        { workstation, appVersion: this.options.appVersion });
    },
    importSessionBundle: ({ studyId, path }) => importSessionBundle(this.db, studyId, path),
    openReading: ({ readerId, pin }) => this.desk.open(readerId, pin),
    getCase: ({ session, phase, position, prefetch }) => this.desk.getCase(session, phase, position, prefetch),
    submitScore: (input) => this.desk.submit(input),
  };
}

/** [depth, height, width] of one generated image. */
function outputSizeOf(m: GeneratorManifest): [number, number, number] {
  const s = m.output.shape as number[];
  return m.output.layout === 'NCDHW' ? [s[2], s[3], s[4]] : [1, s[2], s[3]];
}
