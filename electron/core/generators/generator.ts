import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Volume } from '../imaging/volume.ts';
import type { WorkerMessage } from './generate-worker.ts';
import { type GeneratorManifest, parseManifest, proposeManifest } from './manifest.ts';
import { chooseBatchSize, type GenerateJob } from './runner.ts';
import { GeneratorError, modelInfo, openSession, type ProviderFailure } from './session.ts';
import { checkManifestAgainstModel } from './validate.ts';

export { GeneratorError } from './session.ts';
export { proposeManifest } from './manifest.ts';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Loads a generator on the CPU and checks it against its manifest (or proposes one
 * when none is given). Errors name the model and every problem found.
 */
export async function inspectGenerator(modelPath: string, manifest?: GeneratorManifest): Promise<{ sha256: string; manifest: GeneratorManifest }> {
  const checked = manifest ? parseManifest(manifest, `for ${modelPath}`) : await proposeManifest(modelPath);
  const { session } = await openSession(modelPath, { provider: 'cpu' });
  try {
    const { inputs, outputs } = modelInfo(session);
    checkManifestAgainstModel(modelPath, checked, inputs, outputs);
  } finally {
    await session.release();
  }
  return { sha256: await sha256File(modelPath), manifest: checked };
}

export interface GeneratedImage { index: number; seed: number; volume: Volume }

export interface GenerateProgress { done: number; total: number; imagesPerSecond: number; secondsLeft: number }

export interface GenerateOptions {
  modelPath: string;
  manifest: GeneratorManifest;
  seed: number;
  count: number;
  firstIndex?: number;
  batchSize?: number;
  /** Force one execution provider (cuda, dml, coreml, webgpu, cpu); otherwise the first that works. */
  provider?: string;
  /** Intra-op threads (0 or absent: onnxruntime's default); setting it keeps the job on one worker. */
  threads?: number;
  /** CPU workers (default: one per core when the job has enough batches; see planCpuWorkers). */
  workers?: number;
  /** Organizer-chosen class per class input (drawn from the image's stream otherwise). */
  labels?: Record<string, number>;
  /** Organizer-given mask per mask input, one image's worth (repeated over the batch). */
  masks?: Record<string, Float32Array>;
  signal?: AbortSignal;
  onProgress?: (p: GenerateProgress) => void;
  /** Each checked batch as it arrives, so a caller can store it before the job ends. */
  onImages?: (images: GeneratedImage[]) => void;
}

export interface GenerateResult {
  images: GeneratedImage[];
  provider: string;
  providerFailures: ProviderFailure[];
  /** Worker threads that ran the model (more than one only on the CPU provider). */
  workers: number;
}

/** A failed or cancelled job; `images` holds every image that was generated and checked before it stopped. */
export class GenerationStopped extends Error {
  constructor(message: string, readonly images: GeneratedImage[], readonly cancelled: boolean) {
    super(message);
    this.name = cancelled ? 'AbortError' : 'GenerationStopped';
  }
}

/**
 * Starts the worker. From a checkout (.ts sources) it bootstraps tsx inside the worker,
 * because module hooks registered in the parent do not reach worker threads in Node 20;
 * a bundled build points at its compiled worker file instead.
 */
function startWorker(workerData: unknown): Worker {
  const compiled = new URL('./generate-worker.mjs', import.meta.url);
  if (existsSync(compiled)) return new Worker(compiled, { workerData });
  const source = new URL('./generate-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

function toVolume(m: GeneratorManifest, hu: Float32Array): Volume {
  const s = m.output.shape as number[];
  const [depth, height, width] = m.output.layout === 'NCDHW' ? [s[2], s[3], s[4]] : [1, s[2], s[3]];
  return { modality: m.modality, width, height, depth, spacing: [...m.spacingMm], data: hu };
}

/**
 * How many CPU workers a job gets. onnxruntime's intra-op threads scale poorly on the small
 * per-image convolutions of 2D generators (its ConvTranspose runs col2im on one thread), so
 * on the CPU provider a job of several batches runs on one single-threaded session per core
 * instead, each claiming whole batches: 1.3–1.4× the images/s of one two-thread session on
 * a 2-core machine (`npm run bench -- generate`). A model with a fixed batch (often 1, as
 * exported without a dynamic axis) gains most: it cannot batch up instead. An explicit thread
 * count or a model too big to hold once per worker keeps one worker.
 */
export function planCpuWorkers(opts: { threads?: number; workers?: number }, batches: number, modelBytes: number): { workers: number; threadsEach: number } {
  const cores = os.availableParallelism();
  const affordable = Math.max(1, Math.floor(os.freemem() / 4 / Math.max(modelBytes, 1)));
  const wanted = opts.workers ?? (opts.threads ? 1 : cores);
  const workers = Math.max(1, Math.min(wanted, batches, affordable));
  return { workers, threadsEach: workers > 1 ? Math.max(1, Math.floor(cores / workers)) : 0 };
}

/**
 * Generates `count` images (indices firstIndex…) in worker threads, batch by batch, with
 * checked outputs. The first worker picks the provider; on the CPU more workers join it
 * (see planCpuWorkers). Rejects with GenerationStopped (holding the images made so far) on
 * cancel, on a model error or if a worker dies; the other workers finish their current
 * batch first, so every image already computed is kept.
 */
export function generateImages(opts: GenerateOptions): Promise<GenerateResult> {
  if (!Number.isInteger(opts.count) || opts.count < 1) return Promise.reject(new GeneratorError(opts.modelPath, `count must be a positive integer, got ${opts.count}`));
  const manifest = parseManifest(opts.manifest, `for ${opts.modelPath}`);
  // Resolved here so that every worker cuts the same batches.
  const batchSize = chooseBatchSize(manifest, opts.count, opts.batchSize);
  const job: GenerateJob = {
    modelPath: opts.modelPath, manifest, seed: opts.seed, count: opts.count, firstIndex: opts.firstIndex ?? 0,
    batchSize, provider: opts.provider, threads: opts.threads, labels: opts.labels, masks: opts.masks,
  };
  const modelBytes = statSync(opts.modelPath, { throwIfNoEntry: false })?.size ?? 0;
  const plan = planCpuWorkers(opts, Math.ceil(opts.count / batchSize), modelBytes);
  if (plan.workers > 1) job.cpuThreads = plan.threadsEach;
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const nextBatch = new Int32Array(new SharedArrayBuffer(4));
  const images: GeneratedImage[] = [];
  return new Promise<GenerateResult>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new GenerationStopped(`generation of ${opts.modelPath} cancelled`, [], true));
    const workers = new Set<Worker>();
    let provider = '';
    let providerFailures: ProviderFailure[] = [];
    let started = 0;
    let failure: Error | undefined;
    let settled = false;
    const finish = () => {
      if (settled || workers.size > 0) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      images.sort((a, b) => a.index - b.index);
      if (failure) reject(failure);
      else if (Atomics.load(cancelFlag, 0) === 1) reject(new GenerationStopped(`generation of ${opts.modelPath} cancelled after ${images.length} of ${opts.count} images`, images, true));
      else resolve({ images, provider, providerFailures, workers: plan.workers > 1 && provider === 'cpu' ? plan.workers : 1 });
    };
    // A worker's end: the job ends when the last one does; a failure stops the others after their batch.
    const end = (worker: Worker, err?: Error) => {
      if (!workers.delete(worker)) return;
      void worker.terminate();
      if (err && !failure) {
        failure = err;
        Atomics.store(cancelFlag, 0, 1);
      }
      finish();
    };
    const onAbort = () => Atomics.store(cancelFlag, 0, 1); // workers stop after their current batch
    opts.signal?.addEventListener('abort', onAbort);
    const spawn = (workerJob: GenerateJob, first: boolean) => {
      const worker = startWorker({ job: workerJob, cancelFlag, nextBatch });
      workers.add(worker);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'opened') {
          if (!first) return;
          provider = m.provider;
          providerFailures = m.providerFailures;
          started = performance.now();
          if (provider === 'cpu') for (let w = 1; w < plan.workers; w++) spawn({ ...workerJob, provider: 'cpu' }, false);
        } else if (m.type === 'batch') {
          const size = m.hu.length / m.count;
          const batch = Array.from({ length: m.count }, (_, k) => ({ index: m.from + k, seed: m.seed, volume: toVolume(manifest, m.hu.subarray(k * size, (k + 1) * size)) }));
          images.push(...batch);
          opts.onImages?.(batch);
          const seconds = (performance.now() - started) / 1000;
          const imagesPerSecond = images.length / Math.max(seconds, 1e-6);
          opts.onProgress?.({ done: images.length, total: opts.count, imagesPerSecond, secondsLeft: (opts.count - images.length) / imagesPerSecond });
        } else if (m.type === 'done') end(worker);
        else end(worker, new GenerationStopped(m.message, images, false));
      });
      worker.on('error', (err) => end(worker, new GenerationStopped(`generator ${opts.modelPath}: the generation worker crashed (${err.message})`, images, false)));
      worker.on('exit', (code) => end(worker, new GenerationStopped(`generator ${opts.modelPath}: the generation worker exited with code ${code}`, images, false)));
    };
    spawn(job, true);
  });
}
