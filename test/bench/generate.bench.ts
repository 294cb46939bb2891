// `npm run bench -- generate`: generator throughput in one onnxruntime-node session (batch
// 1/16/64 × 1/2 intra-op threads); then, side by side in alternating rounds, this machine's
// peak (a 1024³ MatMul in onnxruntime on every core), the app's own generation runtime at
// batch 64 (generateImages: worker threads, latents, output checks, HU conversion) and
// onnxruntime-web (WebAssembly, same threads, warmed up in a new process each round: see
// ort-web-rate.mjs), timed for as long as the app's job was in that round. Each of those is the
// best of its rounds, so a burst of load from a noisy neighbour on a shared VM hits neither side
// of a ratio alone. The app's figure includes its own work per image (latents, checks, HU);
// onnxruntime-web's is the bare model run.
// Models: the demo GAN and a ~100 MFLOP/image DCGAN-shaped generator built here.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-node';
import { G_CHANNELS, LATENT } from '../../models/demo-gan/dcgan.ts';
import { GraphBuilder } from '../../models/lib/onnx-graph.ts';
import { generateImages } from '../../electron/core/generators/generator.ts';
import { parseManifest, type GeneratorManifest } from '../../electron/core/generators/manifest.ts';
import { Xoshiro128 } from '../../electron/core/generators/prng.ts';
import { bench } from './machine.ts';

const BATCHES = [1, 16, 64];
const THREADS = [1, 2];
const MIN_SECONDS = 1.5;
const ROUNDS = 8;
const ROUND_SECONDS = 0.8;

interface BenchModel { name: string; bytes: Uint8Array; latent: number; mflopPerImage: number }

/** Multiply-adds per image of a DCGAN-shaped generator: dense to 4×4×c0, then 4×4 stride-2 ConvTranspose layers. */
function dcganMacs(latent: number, channels: number[]): number {
  let macs = latent * 16 * channels[0];
  for (let l = 0, side = 4; l < channels.length - 1; l++, side *= 2) macs += side * side * channels[l] * channels[l + 1] * 16;
  return macs;
}

/**
 * DCGAN-shaped generator: z → 4×4×c → four 4×4 stride-2 ConvTranspose (+ReLU) to 64×64×1, tanh.
 * Each of the first three ConvTranspose layers costs 128·c² multiply-adds per image.
 */
function dcganShaped(name: string, c: number, latent: number): BenchModel {
  const g = new GraphBuilder();
  const rng = new Xoshiro128(99);
  const he = (n: number, fanIn: number) => Array.from({ length: n }, () => rng.normal() * Math.sqrt(2 / fanIn));
  let x = g.op('Reshape', [g.op('MatMul', [g.input('z', ['N', latent]), g.tensor([latent, 16 * c], he(latent * 16 * c, latent))]), g.int64([-1, c, 4, 4])]);
  const channels = [c, c / 2, c / 4, c / 8, 1];
  for (let l = 0; l < 4; l++) {
    const [cin, cout] = [channels[l], channels[l + 1]];
    x = g.op('ConvTranspose', [g.op('Relu', [x]), g.tensor([cin, cout, 4, 4], he(cin * cout * 16, cin * 4))], { strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] }, kernel_shape: { ints: [4, 4] } });
  }
  g.op('Tanh', [x], {}, 'image');
  g.output('image', ['N', 1, 64, 64]);
  return { name, bytes: g.toBytes(name), latent, mflopPerImage: (2 * dcganMacs(latent, channels)) / 1e6 };
}

/** Seconds per call, over at least `seconds` after one warm-up call (which allocates and picks kernels). */
async function timeRuns(run: () => Promise<unknown>, seconds = MIN_SECONDS): Promise<number> {
  await run();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || n < 3) { await run(); n++; }
  return (performance.now() - start) / 1000 / n;
}

/** Peak GFLOP/s meter: a 1024×1024 by 1024×1024 MatMul (2·1024³ FLOP) in onnxruntime-node. */
async function peakMeter(threads: number): Promise<{ gflops: (seconds?: number) => Promise<number>; release: () => Promise<void> }> {
  const n = 1024;
  const g = new GraphBuilder();
  g.op('MatMul', [g.input('a', [n, n]), g.tensor([n, n], new Float32Array(n * n).fill(0.001))], {}, 'c');
  g.output('c', [n, n]);
  const session = await ort.InferenceSession.create(g.toBytes('peak'), { intraOpNumThreads: threads, executionProviders: ['cpu'] });
  const a = new ort.Tensor('float32', new Float32Array(n * n).fill(1), [n, n]);
  return { gflops: async (seconds) => (2 * n ** 3) / (await timeRuns(() => session.run({ a }), seconds)) / 1e9, release: () => session.release() };
}

/**
 * Steady-state images/s of the app's runtime at batch 64: the rate between the progress
 * reports after the first third of the job, so that the workers' start-up (each boots
 * tsx from a checkout, some 0.4 s) is not counted.
 */
async function appImagesPerSecond(modelPath: string, manifest: GeneratorManifest, count: number): Promise<{ ips: number; workers: number; seconds: number }> {
  const marks: [number, number][] = [];
  const r = await generateImages({ modelPath, manifest, seed: 1, count, batchSize: 64, provider: 'cpu', onProgress: (p) => marks.push([performance.now(), p.done]) });
  const from = marks.find(([, done]) => done >= count / 3)!;
  const [t1, done1] = marks.at(-1)!;
  return { ips: ((done1 - from[1]) * 1000) / (t1 - from[0]), workers: r.workers, seconds: (t1 - from[0]) / 1000 };
}

function benchManifest(m: BenchModel): GeneratorManifest {
  return parseManifest({
    schemaVersion: 1, name: m.name, version: '1', authors: ['bench'], description: 'benchmark generator',
    latents: [{ name: 'z', shape: ['N', m.latent], distribution: { kind: 'normal', mean: 0, std: 1 } }],
    conditioning: [], output: { name: 'image', layout: 'NCHW', shape: ['N', 1, 64, 64] },
    huMapping: { kind: 'tanh', min: -1024, max: 1024 }, spacingMm: [1, 1, 1], modality: 'CT', window: { center: 40, width: 400 },
  }, m.name);
}

/** onnxruntime-web's images/s at batch 64, in a new process (ort-web-rate.mjs). */
async function ortWebImagesPerSecond(modelPath: string, latent: number, threads: number, seconds: number): Promise<number> {
  const script = new URL('./ort-web-rate.mjs', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, [script, modelPath, String(latent), '64', String(threads), String(seconds)]);
  return (JSON.parse(stdout) as { imagesPerSecond: number }).imagesPerSecond;
}

function latents(batch: number, latent: number): Float32Array {
  const rng = new Xoshiro128(1);
  return Float32Array.from({ length: batch * latent }, () => rng.normal());
}

export async function run(): Promise<void> {
  const models: BenchModel[] = [
    { name: 'demo_gan', bytes: readFileSync('models/demo-gan/demo-gan.onnx'), latent: LATENT, mflopPerImage: (2 * dcganMacs(LATENT, G_CHANNELS)) / 1e6 },
    dcganShaped('large', 360, 128),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'mirage-bench-'));
  const cores = Math.max(...THREADS);
  const peak = await peakMeter(cores);
  const peakGflops: number[] = [];
  for (const m of models) {
    bench(`generate.${m.name}.mflop_per_image`, m.mflopPerImage);
    const modelPath = join(dir, `${m.name}.onnx`);
    writeFileSync(modelPath, m.bytes);
    let sessionB64 = 0;
    for (const t of THREADS) {
      const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: t, executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
      for (const b of BATCHES) {
        const z = new ort.Tensor('float32', latents(b, m.latent), [b, m.latent]);
        const ips = b / (await timeRuns(() => session.run({ z })));
        bench(`generate.${m.name}.b${b}.t${t}_img_per_s`, ips);
        if (b === 64 && t === cores) sessionB64 = ips;
      }
      await session.release();
    }
    // Side by side, round after round: peak, the app's runtime, onnxruntime-web.
    const manifest = benchManifest(m);
    // A job of about 2.5 s: its last two thirds run on every worker.
    const perRound = Math.max(64 * 8, 64 * Math.round((2.5 * sessionB64) / 64));
    let app = 0;
    let workers = 0;
    let webIps = 0;
    for (let r = 0; r < ROUNDS; r++) {
      peakGflops.push(await peak.gflops(ROUND_SECONDS));
      const a = await appImagesPerSecond(modelPath, manifest, perRound);
      [app, workers] = [Math.max(app, a.ips), a.workers];
      // Timed as long as the app's window: a shorter one would catch quiet spells of the VM more easily.
      webIps = Math.max(webIps, await ortWebImagesPerSecond(modelPath, m.latent, cores, a.seconds));
    }
    const best = Math.max(...peakGflops);
    bench(`generate.${m.name}.app_b64_workers`, workers);
    bench(`generate.${m.name}.app_b64_img_per_s`, app);
    bench(`generate.${m.name}.app_b64_gflops`, (app * m.mflopPerImage) / 1000);
    bench(`generate.${m.name}.peak_gflops_t${cores}`, best);
    bench(`generate.${m.name}.session_b64_t${cores}_peak_ratio`, (sessionB64 * m.mflopPerImage) / 1000 / best);
    bench(`generate.${m.name}.peak_ratio`, (app * m.mflopPerImage) / 1000 / best);
    bench(`generate.${m.name}.ort_web_b64.t${cores}_img_per_s`, webIps);
    bench(`generate.${m.name}.speedup_vs_ort_web`, app / webIps);
  }
  await peak.release();
}
