// Worker-thread entry of a generation job: onnxruntime runs here so the main process never blocks.
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type GenerateJob, type RawBatch } from './runner.ts';

export type WorkerMessage =
  | { type: 'opened'; provider: string; providerFailures: { provider: string; reason: string }[]; batchSize: number }
  | ({ type: 'batch' } & RawBatch)
  | { type: 'done' }
  | { type: 'error'; message: string };

const { job, cancelFlag, nextBatch } = workerData as { job: GenerateJob; cancelFlag: Int32Array; nextBatch: Int32Array };
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

runJob(job, {
  onOpened: (provider, providerFailures, batchSize) => post({ type: 'opened', provider, providerFailures, batchSize }),
  onBatch: (batch) => post({ type: 'batch', ...batch }, [batch.hu.buffer as ArrayBuffer]),
  cancelled: () => Atomics.load(cancelFlag, 0) === 1,
  claim: () => Atomics.add(nextBatch, 0, 1),
}).then(
  () => post({ type: 'done' }),
  (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
);
