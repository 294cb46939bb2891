import os from 'node:os';
import * as ort from 'onnxruntime-node';
import { checkAndConvert } from './checks.ts';
import { drawInputs, perImage } from './latents.ts';
import type { GenerateOptions } from './generator.ts';
import type { GeneratorManifest } from './manifest.ts';
import { GeneratorError, modelInfo, openSession, type ProviderFailure } from './session.ts';
import { checkManifestAgainstModel } from './validate.ts';

/** A generation job as the worker receives it: the options' plain data (it crosses a thread boundary). */
export type GenerateJob = Pick<GenerateOptions, 'modelPath' | 'manifest' | 'seed' | 'count' | 'batchSize' | 'provider' | 'threads' | 'labels' | 'masks'> & {
  firstIndex: number;
  /** Intra-op threads when the job lands on the CPU provider (set when the job is split over several workers). */
  cpuThreads?: number;
};

/** A checked batch: images from…from + count − 1, back to back in `hu` (HU, the manifest's output layout). */
export interface RawBatch { from: number; count: number; seed: number; hu: Float32Array }

/** Largest batch whose output and latents stay within a memory budget, capped at 64 (diminishing returns beyond). */
export function chooseBatchSize(m: GeneratorManifest, count: number, requested?: number): number {
  const fixed = m.output.shape[0];
  if (fixed !== 'N') return fixed;
  if (requested !== undefined) return Math.max(1, Math.min(requested, count));
  const bytesPerImage = 4 * (perImage(m.output.shape) + m.latents.reduce((s, l) => s + perImage(l.shape), 0));
  const budget = Math.min(256 * 2 ** 20, os.freemem() / 8); // activations inside the model need the rest
  return Math.max(1, Math.min(64, count, Math.floor(budget / (bytesPerImage * 4))));
}

export interface JobHooks {
  onOpened(provider: string, providerFailures: ProviderFailure[], batchSize: number): void;
  onBatch(batch: RawBatch): void;
  cancelled(): boolean;
  /** The next batch number to run (0, 1, 2…), shared by every worker of the job. */
  claim(): number;
}

/** Feeds for images [from, from + n): latents, labels and masks, stacked along the batch. */
function feeds(job: GenerateJob, from: number, n: number, batch: number): Record<string, ort.Tensor> {
  const m = job.manifest;
  const out: Record<string, ort.Tensor> = {};
  const latents = m.latents.map((l) => {
    const size = perImage(l.shape);
    return { name: l.name, size, shape: l.shape.slice(1) as number[], data: new Float32Array(batch * size) };
  });
  // Each image's latents are drawn straight into its rows of the batch; a fixed-batch model's unused rows stay zero.
  const perImageInputs = Array.from({ length: n }, (_, k) =>
    drawInputs(m, job.seed, from + k, job.labels, Object.fromEntries(latents.map((l) => [l.name, l.data.subarray(k * l.size, (k + 1) * l.size)]))));
  for (const l of latents) out[l.name] = new ort.Tensor('float32', l.data, [batch, ...l.shape]);
  for (const c of m.conditioning) {
    if (c.kind === 'class') {
      const data = BigInt64Array.from({ length: batch }, (_, k) => BigInt(perImageInputs[k]?.labels.get(c.name) ?? 0));
      out[c.name] = new ort.Tensor('int64', data, [batch]);
    } else {
      const mask = job.masks?.[c.name];
      const size = perImage(c.shape);
      if (!mask || mask.length !== size) throw new GeneratorError(job.modelPath, `mask input "${c.name}" needs ${size} values from the organizer`);
      const data = new Float32Array(batch * size);
      for (let k = 0; k < batch; k++) data.set(mask, k * size);
      out[c.name] = new ort.Tensor('float32', data, [batch, ...(c.shape.slice(1) as number[])]);
    }
  }
  return out;
}

/**
 * Runs a job on this thread: open, validate, then claim batches until none is left, with
 * checks. Several workers can run the same job: each claims its batches from one counter.
 */
export async function runJob(job: GenerateJob, hooks: JobHooks): Promise<void> {
  const { session, provider, providerFailures } = await openSession(job.modelPath, { provider: job.provider, threads: job.threads, cpuThreads: job.cpuThreads });
  try {
    const { inputs, outputs } = modelInfo(session);
    checkManifestAgainstModel(job.modelPath, job.manifest, inputs, outputs);
    const batch = chooseBatchSize(job.manifest, job.count, job.batchSize);
    hooks.onOpened(provider, providerFailures, batch);
    const expected = job.manifest.output.shape.slice(1) as number[];
    const size = perImage(job.manifest.output.shape);
    for (let ticket = hooks.claim(); ticket * batch < job.count && !hooks.cancelled(); ticket = hooks.claim()) {
      const n = Math.min(batch, job.count - ticket * batch);
      const from = job.firstIndex + ticket * batch;
      const fixedBatch = job.manifest.output.shape[0] !== 'N';
      let result: ort.InferenceSession.ReturnType;
      try {
        result = await session.run(feeds(job, from, n, fixedBatch ? batch : n));
      } catch (err) {
        throw new GeneratorError(job.modelPath, `the model failed on images ${from}–${from + n - 1} (${provider}): ${(err as Error).message.trim()}`);
      }
      const out = result[job.manifest.output.name];
      const actual = out.dims.slice(1);
      if (out.type !== 'float32' || out.dims[0] !== (fixedBatch ? batch : n) || actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
        throw new GeneratorError(job.modelPath, `output "${job.manifest.output.name}" came back ${out.type} [${out.dims.join('×')}], but the manifest declares [${[out.dims[0], ...expected].join('×')}] float32`);
      }
      // HU replaces the raw values in the output's own buffer, which then crosses to the main thread whole, in one transfer.
      const hu = (out.data as Float32Array).subarray(0, n * size);
      for (let k = 0; k < n; k++) {
        const problem = checkAndConvert(job.manifest, hu.subarray(k * size, (k + 1) * size));
        if (problem) throw new GeneratorError(job.modelPath, `image ${from + k} (seed ${job.seed}) rejected: ${problem}`);
      }
      hooks.onBatch({ from, count: n, seed: job.seed, hu });
    }
  } finally {
    await session.release();
  }
}
