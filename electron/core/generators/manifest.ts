import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { GeneratorError, modelInfo, openSession } from './session.ts';

/**
 * The manifest that travels with a generator's .onnx file (manifest.json beside it).
 * Shapes list every dimension; the batch dimension (the first) is "N" when the model
 * accepts any batch size, or a number when its batch is fixed.
 */

const dim = z.union([z.number().int().positive(), z.literal('N')]);
const shape = z.array(dim).min(1).refine((s) => s.slice(1).every((d) => d !== 'N'), 'only the first (batch) dimension may be "N"');

const distribution = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('normal'), mean: z.number().default(0), std: z.number().positive().default(1) }),
  z.object({ kind: z.literal('uniform'), low: z.number().default(-1), high: z.number().default(1) })
    .refine((d) => d.high > d.low, 'uniform distribution needs high > low'),
]);

export const latentInputSchema = z.object({
  name: z.string().min(1),
  shape,
  distribution,
});

const conditioningSchema = z.discriminatedUnion('kind', [
  /** An integer class label input of shape [N] (int64), one of `classes`. */
  z.object({ kind: z.literal('class'), name: z.string().min(1), classes: z.array(z.string().min(1)).min(1) }),
  /** A float mask volume given by the organizer, same shape for every image of a batch. */
  z.object({ kind: z.literal('mask'), name: z.string().min(1), shape }),
]);

const huMappingSchema = z.discriminatedUnion('kind', [
  /** Output in [−1, 1] (tanh) mapped linearly onto [min, max] HU. */
  z.object({ kind: z.literal('tanh'), min: z.number(), max: z.number() }).refine((m) => m.max > m.min, 'tanh mapping needs max > min'),
  /** HU = scale · output + offset; `range` is the output range the model promises. */
  z.object({ kind: z.literal('linear'), scale: z.number().refine((s) => s !== 0, 'scale must not be 0'), offset: z.number(), range: z.tuple([z.number(), z.number()]) })
    .refine((m) => m.range[1] > m.range[0], 'linear range needs high > low'),
]);

export const generatorManifestSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.string().min(1),
  version: z.string().min(1),
  authors: z.array(z.string().min(1)).min(1),
  description: z.string(),
  latents: z.array(latentInputSchema).min(1),
  conditioning: z.array(conditioningSchema).default([]),
  output: z.object({
    name: z.string().min(1),
    layout: z.enum(['NCHW', 'NCDHW']),
    shape,
  }).refine((o) => o.shape.length === o.layout.length, { message: 'output shape rank must match its layout (4 for NCHW, 5 for NCDHW)' }),
  huMapping: huMappingSchema,
  /** Millimetres: [column, row, slice] (slice thickness for 2D output). */
  spacingMm: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  modality: z.enum(['CT', 'MR', 'OT']),
  window: z.object({ center: z.number(), width: z.number().positive() }),
}).refine((m) => {
  const batches = [...m.latents.map((l) => l.shape[0]), m.output.shape[0]];
  return batches.every((b) => b === batches[0]);
}, { message: 'every latent input and the output must agree on the batch dimension ("N" or the same fixed size)' });

export type GeneratorManifest = z.infer<typeof generatorManifestSchema>;
export type LatentInput = z.infer<typeof latentInputSchema>;
export type ManifestShape = z.infer<typeof shape>;

/** Parses a manifest object; the error names the source and every problem found. */
export function parseManifest(value: unknown, source: string): GeneratorManifest {
  const result = generatorManifestSchema.safeParse(value);
  if (!result.success) throw new Error(`invalid generator manifest ${source}:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export async function loadManifest(path: string): Promise<GeneratorManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read generator manifest ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`generator manifest ${path} is not JSON: ${(err as Error).message}`);
  }
  return parseManifest(json, path);
}

/**
 * The manifest that goes with a model: the one named explicitly (which must exist), else the
 * manifest.json beside the model when there is one. Without either, `manifest` is undefined and
 * the caller proposes one from the model's metadata.
 */
export async function manifestFor(modelPath: string, explicit?: string): Promise<{ path: string; manifest: GeneratorManifest | undefined }> {
  const path = explicit ?? join(dirname(modelPath), 'manifest.json');
  return { path, manifest: explicit || existsSync(path) ? await loadManifest(path) : undefined };
}

/** What proposeManifest needs to know of a model's inputs and outputs (onnxruntime's metadata). */
export interface TensorInfo {
  name: string;
  type: string;
  shape: readonly (number | string)[];
}

/** Model dim → manifest dim: a symbolic or unknown batch becomes "N"; other unknowns are left for the organizer. */
function proposeShape(s: readonly (number | string)[], what: string): ManifestShape {
  return s.map((d, i) => {
    if (typeof d === 'number' && d > 0) return d;
    if (i === 0) return 'N' as const;
    throw new Error(`${what} has a symbolic dimension "${d}" at axis ${i}; write the manifest by hand`);
  });
}

/**
 * Proposes a manifest from a model's own metadata, for the organizer to confirm:
 * float inputs become standard-normal latents, int64 [N] inputs class labels, the
 * output layout follows its rank, and values are assumed to be tanh-scaled HU.
 */
export function proposeManifestFromMetadata(modelPath: string, inputs: TensorInfo[], outputs: TensorInfo[]): GeneratorManifest {
  const name = basename(modelPath, extname(modelPath));
  if (outputs.length === 0) throw new Error(`model ${modelPath} has no outputs`);
  const out = outputs[0];
  const layout = out.shape.length === 4 ? 'NCHW' : out.shape.length === 5 ? 'NCDHW' : null;
  if (!layout) throw new Error(`model ${modelPath}: output "${out.name}" has rank ${out.shape.length}; a generator's output must be N×C×H×W or N×C×D×H×W`);
  const latents = inputs.filter((i) => i.type === 'float32').map((i) => ({
    name: i.name, shape: proposeShape(i.shape, `input "${i.name}"`), distribution: { kind: 'normal' as const, mean: 0, std: 1 },
  }));
  const conditioning = inputs.filter((i) => i.type === 'int64').map((i) => ({ kind: 'class' as const, name: i.name, classes: ['0', '1'] }));
  const other = inputs.filter((i) => i.type !== 'float32' && i.type !== 'int64');
  if (other.length > 0) throw new Error(`model ${modelPath}: input "${other[0].name}" has type ${other[0].type}; generators take float32 latents and int64 labels`);
  return parseManifest({
    schemaVersion: 1,
    name,
    version: '0.0.0',
    authors: ['unknown'],
    description: `Proposed from the metadata of ${basename(modelPath)}; confirm every field.`,
    latents,
    conditioning,
    output: { name: out.name, layout, shape: proposeShape(out.shape, `output "${out.name}"`) },
    huMapping: { kind: 'tanh', min: -1024, max: 3071 },
    spacingMm: [0.78, 0.78, 5],
    modality: 'CT',
    window: { center: 40, width: 400 },
  }, `proposed for ${modelPath}`);
}

/** Proposes a manifest from the model's own input/output metadata, for the organizer to confirm. */
export async function proposeManifest(modelPath: string): Promise<GeneratorManifest> {
  const { session } = await openSession(modelPath, { provider: 'cpu' });
  try {
    const { inputs, outputs } = modelInfo(session);
    try {
      return proposeManifestFromMetadata(modelPath, inputs, outputs);
    } catch (err) {
      throw new GeneratorError(modelPath, (err as Error).message);
    }
  } finally {
    await session.release();
  }
}
