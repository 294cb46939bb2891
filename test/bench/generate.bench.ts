// `npm run bench -- generate`: generator throughput in onnxruntime-node (batch 1/16/64 ×
// 1/2 intra-op threads), achieved GFLOP/s against this machine's measured peak (a 1024³
// MatMul in onnxruntime, same run), and onnxruntime-web (WebAssembly) on the same models.
// Models: the demo GAN (when exported) and a ~100 MFLOP/image DCGAN-shaped generator built here.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { G_CHANNELS, LATENT } from '../../models/demo-gan/dcgan.ts';
import { GraphBuilder } from '../../models/lib/onnx-graph.ts';
import { Xoshiro128 } from '../../electron/core/generators/prng.ts';
import { bench } from './machine.ts';

const BATCHES = [1, 16, 64];
const THREADS = [1, 2];
const MIN_SECONDS = 1.5;

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

async function timeRuns(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up: first run allocates and picks kernels
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < MIN_SECONDS * 1000 || n < 3) { await run(); n++; }
  return (performance.now() - start) / 1000 / n;
}

/** Peak GFLOP/s: a 1024×1024 by 1024×1024 MatMul (2·1024³ FLOP) in onnxruntime-node. */
async function peakGflops(threads: number): Promise<number> {
  const n = 1024;
  const g = new GraphBuilder();
  g.op('MatMul', [g.input('a', [n, n]), g.tensor([n, n], new Float32Array(n * n).fill(0.001))], {}, 'c');
  g.output('c', [n, n]);
  const session = await ort.InferenceSession.create(g.toBytes('peak'), { intraOpNumThreads: threads, executionProviders: ['cpu'] });
  const a = new ort.Tensor('float32', new Float32Array(n * n).fill(1), [n, n]);
  const seconds = await timeRuns(() => session.run({ a }));
  await session.release();
  return (2 * n ** 3) / seconds / 1e9;
}

function latents(batch: number, latent: number): Float32Array {
  const rng = new Xoshiro128(1);
  return Float32Array.from({ length: batch * latent }, () => rng.normal());
}

export async function run(): Promise<void> {
  const models: BenchModel[] = [];
  const gan = 'models/demo-gan/demo-gan.onnx';
  if (existsSync(gan)) {
    models.push({ name: 'demo_gan', bytes: readFileSync(gan), latent: LATENT, mflopPerImage: (2 * dcganMacs(LATENT, G_CHANNELS)) / 1e6 });
  } else console.log('# models/demo-gan/demo-gan.onnx not exported yet; skipping it');
  models.push(dcganShaped('large', 360, 128));
  const dir = mkdtempSync(join(tmpdir(), 'mirage-bench-'));
  const peak = new Map<number, number>();
  for (const t of THREADS) {
    peak.set(t, await peakGflops(t));
    bench(`generate.peak_gflops.t${t}`, peak.get(t)!);
  }
  ortWeb.env.wasm.numThreads = Math.max(...THREADS);
  for (const m of models) {
    bench(`generate.${m.name}.mflop_per_image`, m.mflopPerImage);
    writeFileSync(join(dir, `${m.name}.onnx`), m.bytes);
    const best = new Map<number, number>();
    for (const t of THREADS) {
      const session = await ort.InferenceSession.create(join(dir, `${m.name}.onnx`), { intraOpNumThreads: t, executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
      for (const b of BATCHES) {
        const z = new ort.Tensor('float32', latents(b, m.latent), [b, m.latent]);
        const ips = b / (await timeRuns(() => session.run({ z })));
        bench(`generate.${m.name}.b${b}.t${t}_img_per_s`, ips);
        if (b === 64) best.set(t, ips);
      }
      await session.release();
    }
    // Peak ratio at batch 64 with all threads, against the MatMul peak at the same thread count.
    const t = Math.max(...THREADS);
    const gflops = (best.get(t)! * m.mflopPerImage) / 1000;
    bench(`generate.${m.name}.b64.t${t}_gflops`, gflops);
    bench(`generate.${m.name}.peak_ratio`, gflops / peak.get(t)!);
    const web = await ortWeb.InferenceSession.create(m.bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const z = new ortWeb.Tensor('float32', latents(64, m.latent), [64, m.latent]);
    const webIps = 64 / (await timeRuns(() => web.run({ z })));
    await web.release();
    bench(`generate.${m.name}.ort_web_b64.t${t}_img_per_s`, webIps);
    bench(`generate.${m.name}.speedup_vs_ort_web`, best.get(t)! / webIps);
  }
}
