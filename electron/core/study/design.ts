import { z } from 'zod';

/** Window presets radiologists expect; a study picks its default. */
export const WINDOW_PRESETS = {
  abdomen: { width: 400, center: 50 },
  liver: { width: 150, center: 30 },
  soft: { width: 350, center: 40 },
  bone: { width: 1800, center: 400 },
} as const;
export type PresetName = keyof typeof WINDOW_PRESETS;

export const caseFormatSchema = z.object({
  size: z.number().int().min(16).max(1024),
  depth: z.number().int().min(1).max(512),
  huMin: z.number().int().min(-2048),
  huMax: z.number().int().max(8191),
  pixelSpacingMm: z.number().positive().max(10),
  sliceThicknessMm: z.number().positive().max(20),
}).refine((f) => f.huMin < f.huMax, 'huMin must be below huMax');

export const studyDesignSchema = z.object({
  format: caseFormatSchema,
  defaultPreset: z.enum(['abdomen', 'liver', 'soft', 'bone']),
  questions: z.object({
    realism: z.boolean(),
    realSynthetic: z.boolean(),
    freeText: z.boolean(),
    roi: z.boolean(),
  }).refine((q) => q.realism || q.realSynthetic, 'a study asks at least realism or real/synthetic'),
  options: z.object({
    repeatFraction: z.number().min(0).max(0.5),
    allowBack: z.boolean(),
    timeLimitSec: z.number().int().positive().max(3600).nullable(),
    instructions: z.string().max(20_000),
    breakReminderMin: z.number().int().positive().max(480).nullable(),
  }),
  /** Seeds every reader's shuffle, so orders are stable across restarts. */
  seed: z.number().int().min(0).max(2 ** 32 - 1),
});
export type StudyDesign = z.infer<typeof studyDesignSchema>;

export const DEFAULT_DESIGN: StudyDesign = {
  format: { size: 128, depth: 1, huMin: -1024, huMax: 3071, pixelSpacingMm: 0.78, sliceThicknessMm: 5 },
  defaultPreset: 'abdomen',
  questions: { realism: true, realSynthetic: true, freeText: false, roi: false },
  options: { repeatFraction: 0, allowBack: false, timeLimitSec: null, instructions: '', breakReminderMin: 30 },
  seed: 1,
};

/** What a case really is; stored only sealed (except for training cases). */
export type Truth =
  | { kind: 'real'; series: number; slice: number }
  | { kind: 'synthetic'; generator: string; sha256: string; seed: number; index: number };

/** The single 6-point score used for ROC analysis: 1 = definitely real … 6 = definitely synthetic. */
export function rating6(call: 'real' | 'synthetic', confidence: 1 | 2 | 3): number {
  return call === 'real' ? 4 - confidence : 3 + confidence;
}
