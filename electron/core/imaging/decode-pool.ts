import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeCompressedFrame, type FrameLayout } from './dicom-codecs.ts';
import type { RawPixels } from './pixels.ts';
import type { PixelEncoding } from './transfer-syntax.ts';

/**
 * Starts a decode worker: decode-worker.mjs beside a bundle, or from a
 * checkout the TypeScript source with tsx registered inside the worker (hooks
 * registered in the parent do not reach worker threads in Node 20).
 * Undefined when neither exists.
 */
function startWorker(): Worker | undefined {
  const compiled = new URL('./decode-worker.mjs', import.meta.url);
  if (compiled.protocol === 'file:' && existsSync(fileURLToPath(compiled))) return new Worker(compiled);
  const source = new URL('./decode-worker.ts', import.meta.url);
  if (source.protocol !== 'file:' || !existsSync(fileURLToPath(source))) return undefined;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source.href)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * Worker threads worth starting by default: one core stays with the calling
 * thread, which converts the decoded frames; on two cores or fewer the
 * workers' start-up and hand-over cost more than they bring (measured).
 */
export function defaultDecodeThreads(): number {
  const cores = availableParallelism();
  return cores >= 3 ? Math.min(4, cores - 1) : 0;
}

interface Task {
  encoding: PixelEncoding;
  bytes: Uint8Array;
  layout: FrameLayout;
  resolve(pixels: RawPixels): void;
  reject(error: Error): void;
}

/**
 * Decodes compressed frames on worker threads (JPEG 2000 takes tens of
 * milliseconds per 512² slice; a series of hundreds would otherwise use one
 * core). Where no worker can start, or one dies, frames decode on the calling
 * thread instead, so the pool never loses a frame. Close it when done.
 */
export class DecodePool {
  private readonly workers: Worker[] = [];
  private readonly busy = new Map<Worker, Map<number, Task>>();
  private nextId = 0;
  private turn = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      try {
        const worker = startWorker();
        if (!worker) break;
        this.busy.set(worker, new Map());
        worker.on('message', (m: { id: number; pixels?: RawPixels; error?: string }) => {
          const tasks = this.busy.get(worker);
          const task = tasks?.get(m.id);
          if (!task) return;
          tasks!.delete(m.id);
          if (m.pixels) task.resolve(m.pixels);
          else task.reject(new Error(m.error ?? 'unknown decoder failure'));
        });
        // A worker that fails or exits hands its frames back to the calling thread.
        const retire = () => this.retire(worker);
        worker.on('error', retire);
        worker.on('exit', retire);
        this.workers.push(worker);
      } catch {
        break;
      }
    }
  }

  /** Worker threads alive (0: decoding on the calling thread). */
  get threads(): number {
    return this.workers.length;
  }

  decode(encoding: PixelEncoding, bytes: Uint8Array, layout: FrameLayout): Promise<RawPixels> {
    if (this.workers.length === 0) return decodeCompressedFrame(encoding, bytes, layout);
    return new Promise((resolve, reject) => {
      const worker = this.workers[this.turn++ % this.workers.length];
      const id = this.nextId++;
      this.busy.get(worker)!.set(id, { encoding, bytes, layout, resolve, reject });
      worker.postMessage({ id, encoding, bytes, layout });
    });
  }

  close(): void {
    for (const worker of [...this.workers]) {
      this.workers.splice(this.workers.indexOf(worker), 1);
      void worker.terminate();
    }
  }

  private retire(worker: Worker): void {
    const i = this.workers.indexOf(worker);
    if (i >= 0) this.workers.splice(i, 1);
    const tasks = this.busy.get(worker);
    this.busy.delete(worker);
    for (const t of tasks?.values() ?? []) decodeCompressedFrame(t.encoding, t.bytes, t.layout).then(t.resolve, t.reject);
  }
}
