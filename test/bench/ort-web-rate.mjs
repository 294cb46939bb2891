// onnxruntime-web's images/s on one generator, measured in a process of its own: how well its
// worker threads share the cores is settled per process and session (in Node some sessions run
// at one thread's speed, others at 1.6 times it), so the generate bench starts one per round and
// keeps the best, free of its own threads and garbage.
// Usage: node ort-web-rate.mjs MODEL LATENT BATCH THREADS SECONDS → {"imagesPerSecond": …}
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

const WARM_UP_MS = 1500;
const [model, latent, batch, threads, seconds] = process.argv.slice(2).map((a, i) => (i === 0 ? a : Number(a)));
ort.env.wasm.numThreads = threads;
const session = await ort.InferenceSession.create(readFileSync(model), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
// Values do not change the speed; any fixed latents will do.
const z = new ort.Tensor('float32', Float32Array.from({ length: batch * latent }, (_, i) => Math.sin(i * 12.9898)), [batch, latent]);
// Warm-up: allocation, kernel choice and V8's tier-up of the hot WebAssembly functions, which
// takes about a second of running (timed from the first run, a new process reads 5–10 % slower).
for (const until = performance.now() + WARM_UP_MS; performance.now() < until; ) await session.run({ z });
let runs = 0;
const start = performance.now();
while (performance.now() - start < seconds * 1000 || runs < 3) {
  await session.run({ z });
  runs++;
}
console.log(JSON.stringify({ imagesPerSecond: (batch * runs * 1000) / (performance.now() - start) }));
process.exit(0); // its worker threads would otherwise keep the process alive
