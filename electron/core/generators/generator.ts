import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Volume } from '../imaging/volume.ts';
import type { WorkerMessage } from './generate-worker.ts';
import { type GeneratorManifest, parseManifest, proposeManifest } from './manifest.ts';
import type { GenerateJob } from './runner.ts';
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
  /** Intra-op threads (0 or absent: onnxruntime's default). */
  threads?: number;
  labels?: Record<string, number>;
  masks?: Record<string, Float32Array>;
  signal?: AbortSignal;
  onProgress?: (p: GenerateProgress) => void;
  /** Each checked batch as it arrives, so a caller can store it before the job ends. */
  onImages?: (images: GeneratedImage[]) => void;
}

export interface GenerateResult { images: GeneratedImage[]; provider: string; providerFailures: ProviderFailure[] }

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
 * Generates `count` images (indices firstIndex…) in a worker thread, batch by batch,
 * with checked outputs. Rejects with GenerationStopped (holding the images made so far)
 * on cancel, on a model error or if the worker dies.
 */
export function generateImages(opts: GenerateOptions): Promise<GenerateResult> {
  if (!Number.isInteger(opts.count) || opts.count < 1) return Promise.reject(new GeneratorError(opts.modelPath, `count must be a positive integer, got ${opts.count}`));
  const manifest = parseManifest(opts.manifest, `for ${opts.modelPath}`);
  const job: GenerateJob = {
    modelPath: opts.modelPath, manifest, seed: opts.seed, count: opts.count, firstIndex: opts.firstIndex ?? 0,
    batchSize: opts.batchSize, provider: opts.provider, threads: opts.threads, labels: opts.labels, masks: opts.masks,
  };
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const images: GeneratedImage[] = [];
  return new Promise<GenerateResult>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new GenerationStopped(`generation of ${opts.modelPath} cancelled`, [], true));
    const worker = startWorker({ job, cancelFlag });
    let provider = '';
    let providerFailures: ProviderFailure[] = [];
    let started = 0;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      images.sort((a, b) => a.index - b.index);
      if (err) reject(err);
      else if (Atomics.load(cancelFlag, 0) === 1) reject(new GenerationStopped(`generation of ${opts.modelPath} cancelled after ${images.length} of ${opts.count} images`, images, true));
      else resolve({ images, provider, providerFailures });
    };
    const onAbort = () => Atomics.store(cancelFlag, 0, 1); // the worker stops after its current batch
    opts.signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'opened') {
        provider = m.provider;
        providerFailures = m.providerFailures;
        started = performance.now();
      } else if (m.type === 'batch') {
        const batch = m.images.map((i) => ({ index: i.index, seed: i.seed, volume: toVolume(manifest, i.hu) }));
        images.push(...batch);
        opts.onImages?.(batch);
        const seconds = (performance.now() - started) / 1000;
        const imagesPerSecond = images.length / Math.max(seconds, 1e-6);
        opts.onProgress?.({ done: images.length, total: opts.count, imagesPerSecond, secondsLeft: (opts.count - images.length) / imagesPerSecond });
      } else if (m.type === 'done') finish();
      else finish(new GenerationStopped(m.message, images, false));
    });
    worker.on('error', (err) => finish(new GenerationStopped(`generator ${opts.modelPath}: the generation worker crashed (${err.message})`, images, false)));
    worker.on('exit', (code) => finish(new GenerationStopped(`generator ${opts.modelPath}: the generation worker exited with code ${code}`, images, false)));
  });
}
