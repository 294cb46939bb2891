// Trains the demo GAN on procedural phantoms with tfjs' WebAssembly backend (native
// TensorFlow cannot be installed here). Resumable: checkpoints every CHECKPOINT_EVERY steps
// into models/demo-gan/work/, so a run cut short still exports.
// Run: nice -n 10 npx tsx models/demo-gan/train.ts [--minutes 40] [--batch 32]
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Xoshiro128 } from '../../electron/core/generators/prng.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { phantomSet, pixelSpread } from './data.ts';
import { LATENT, SIZE, createDiscriminator, createGenerator, createSpectralState, discriminate, generate, updateSpectral } from './dcgan.ts';
import { registerFastConvGradients } from './wasm-kernels.ts';

const { values } = parseArgs({ options: {
  minutes: { type: 'string', default: '40' }, batch: { type: 'string', default: '32' }, train: { type: 'string', default: '3000' },
  'mode-seeking': { type: 'string', default: '0.2' },
} });
const minutes = Number(values.minutes);
const batch = Number(values.batch);
const trainCount = Number(values.train);
const WORK = new URL('./work/', import.meta.url).pathname;
const CHECKPOINT_EVERY = 100;
const DIVERSITY_EVERY = 200;
const LOG_EVERY = 10;
const REAL_LABEL = 0.9; // one-sided label smoothing
/**
 * Mode-seeking regulariser (Mao et al. 2019, MSGAN): the generator is also penalised by
 * 1 / (mean|G(z1) − G(z2)| / mean|z1 − z2|) over the two halves of its batch, so that
 * different latents must give different images. Added from step MODE_SEEKING_FROM after
 * the first run (spectral norm + minibatch stddev alone) collapsed by step ~500.
 */
const MODE_SEEKING_WEIGHT = Number(values['mode-seeking']);
const MODE_SEEKING_FROM = 600;

await tf.setBackend('wasm');
registerFastConvGradients();
mkdirSync(WORK, { recursive: true });

const t0 = performance.now();
const real = phantomSet(trainCount);
const realSpread = pixelSpread(real, Math.min(trainCount, 256));
console.log(`rendered ${trainCount} phantoms in ${((performance.now() - t0) / 1000).toFixed(1)} s; real pixel spread ${realSpread.toFixed(4)}`);

const G = createGenerator(1);
const D = createDiscriminator(100);
const spectral = createSpectralState(D, 200);
const resumed = loadCheckpoint(WORK, [G, D]);
let step = resumed?.step ?? 0;
const secondsBefore = resumed?.seconds ?? 0;
if (resumed) console.log(`resumed at step ${step}`);
const lossCsv = `${WORK}loss.csv`;
const diversityCsv = `${WORK}diversity.csv`;
if (!resumed || !existsSync(lossCsv)) writeFileSync(lossCsv, 'step,seconds,loss_d,loss_g,d_real,d_fake\n');
if (!resumed || !existsSync(diversityCsv)) writeFileSync(diversityCsv, `step,seconds,fake_pixel_spread,real_pixel_spread\n`);

const optD = tf.train.adam(2e-4, 0.5, 0.999);
const optG = tf.train.adam(2e-4, 0.5, 0.999);
const varsD = [...D.values()];
const varsG = [...G.values()];
const rng = new Xoshiro128(7, step);

function realBatch(): tf.Tensor4D {
  const data = new Float32Array(batch * SIZE * SIZE);
  for (let i = 0; i < batch; i++) {
    const k = Math.floor(rng.uniform() * trainCount);
    data.set(real.subarray(k * SIZE * SIZE, (k + 1) * SIZE * SIZE), i * SIZE * SIZE);
  }
  return tf.tensor4d(data, [batch, SIZE, SIZE, 1]);
}

const start = performance.now();
const budget = minutes * 60_000;
const elapsed = () => secondsBefore + (performance.now() - start) / 1000;
while (performance.now() - start < budget) {
  const x = realBatch();
  const z1 = tf.randomNormal([batch, LATENT], 0, 1, 'float32', 2 * step + 1) as tf.Tensor2D;
  const z2 = tf.randomNormal([batch, LATENT], 0, 1, 'float32', 2 * step + 2) as tf.Tensor2D;
  updateSpectral(D, spectral);
  let dReal = 0;
  let dFake = 0;
  const lossD = optD.minimize(() => {
    const fake = generate(G, z1);
    const lr = discriminate(D, spectral, x);
    const lf = discriminate(D, spectral, fake);
    dReal = tf.mean(tf.sigmoid(lr)).dataSync()[0];
    dFake = tf.mean(tf.sigmoid(lf)).dataSync()[0];
    // Binary cross-entropy with logits: −y·log σ(l) − (1−y)·log(1−σ(l)) = y·softplus(−l) + (1−y)·softplus(l).
    const realLoss = tf.add(tf.mul(REAL_LABEL, tf.softplus(tf.neg(lr))), tf.mul(1 - REAL_LABEL, tf.softplus(lr)));
    return tf.add(tf.mean(realLoss), tf.mean(tf.softplus(lf))) as tf.Scalar;
  }, true, varsD)!;
  const lossG = optG.minimize(() => {
    const fake = generate(G, z2);
    const adversarial = tf.mean(tf.softplus(tf.neg(discriminate(D, spectral, fake))));
    if (step < MODE_SEEKING_FROM) return adversarial as tf.Scalar;
    const half = batch / 2;
    const imageGap = tf.mean(tf.abs(tf.sub(tf.slice(fake, [0, 0, 0, 0], [half, -1, -1, -1]), tf.slice(fake, [half, 0, 0, 0], [half, -1, -1, -1]))));
    const latentGap = tf.mean(tf.abs(tf.sub(tf.slice(z2, [0, 0], [half, -1]), tf.slice(z2, [half, 0], [half, -1]))));
    return tf.add(adversarial, tf.mul(MODE_SEEKING_WEIGHT, tf.div(1, tf.add(tf.div(imageGap, latentGap), 1e-5)))) as tf.Scalar;
  }, true, varsG)!;
  step++;
  if (step % LOG_EVERY === 0) {
    const line = `${step},${elapsed().toFixed(1)},${lossD.dataSync()[0].toFixed(4)},${lossG.dataSync()[0].toFixed(4)},${dReal.toFixed(4)},${dFake.toFixed(4)}`;
    appendFileSync(lossCsv, `${line}\n`);
    if (step % (LOG_EVERY * 5) === 0) console.log(line);
  }
  tf.dispose([x, z1, z2, lossD, lossG]);
  if (step % DIVERSITY_EVERY === 0) {
    const fake = tf.tidy(() => generate(G, tf.randomNormal([64, LATENT], 0, 1, 'float32', 99) as tf.Tensor2D));
    const spread = pixelSpread(fake.dataSync() as Float32Array, 64);
    fake.dispose();
    appendFileSync(diversityCsv, `${step},${elapsed().toFixed(1)},${spread.toFixed(4)},${realSpread.toFixed(4)}\n`);
    console.log(`diversity at step ${step}: fake ${spread.toFixed(4)} vs real ${realSpread.toFixed(4)}; tensors ${tf.memory().numTensors}`);
  }
  if (step % CHECKPOINT_EVERY === 0) saveCheckpoint(WORK, step, elapsed(), [G, D]);
}
saveCheckpoint(WORK, step, elapsed(), [G, D]);
console.log(`done: ${step} steps, ${elapsed().toFixed(0)} s of training`);
