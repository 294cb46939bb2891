// The demo GAN's networks as plain tfjs variables (so the exporter can read every weight):
// a DCGAN generator (dense → 4×4, four 4×4 stride-2 transposed convs to 64×64, batch norm
// + ReLU, tanh out) and a DCGAN discriminator (4×4 stride-2 convs, leaky ReLU) with a
// minibatch-standard-deviation channel before its last layer (Karras et al. 2018), which lets
// it see a batch's lack of variety and so pushes the generator away from collapse.
// The discriminator's weights are spectrally normalised (Miyato et al. 2018) instead of batch
// normalised: a first run with batch norm let it win outright by step 200 (D(fake) < 0.01) and
// the generator collapsed to one z-independent pattern.
import * as tf from '@tensorflow/tfjs';

export const SIZE = 64;
export const LATENT = 100;
export const NGF = 16;
export const NDF = 16;
export const BN_EPSILON = 1e-5;
/** Training images are HU clipped to ±HU_RANGE and divided by it (the manifest's tanh mapping). */
export const HU_RANGE = 1024;

/** Generator channel widths: 4×4 → 8 → 16 → 32 → 64. */
export const G_CHANNELS = [8 * NGF, 4 * NGF, 2 * NGF, NGF, 1];
const D_CHANNELS = [1, NDF, 2 * NDF, 4 * NDF, 8 * NDF];

export type Params = Map<string, tf.Variable>;
/** Batch-norm running statistics of the generator (for inference and export), keyed by layer. */
export type RunningStats = Map<string, { mean: Float32Array; variance: Float32Array }>;

function init(params: Params, name: string, shape: number[], sd: number, seed: number, value?: number): void {
  const t = value === undefined ? tf.randomNormal(shape, 0, sd, 'float32', seed) : tf.fill(shape, value);
  params.set(name, tf.variable(t, true, name));
}

/** DCGAN initialisation: weights N(0, 0.02), batch-norm scales N(1, 0.02). */
export function createGenerator(seed: number): Params {
  const p: Params = new Map();
  init(p, 'g.dense.w', [LATENT, 16 * G_CHANNELS[0]], 0.02, seed);
  for (let l = 0; l < 4; l++) {
    const [cin, cout] = [G_CHANNELS[l], G_CHANNELS[l + 1]];
    init(p, `g.bn${l}.gamma`, [cin], 0, 0, 1);
    init(p, `g.bn${l}.beta`, [cin], 0, 0, 0);
    init(p, `g.up${l}.w`, [4, 4, cout, cin], 0.02, seed + 1 + l); // tfjs conv2dTranspose layout [kh,kw,out,in]
  }
  init(p, 'g.up3.b', [1], 0, 0, 0);
  return p;
}

export function createDiscriminator(seed: number): Params {
  const p: Params = new Map();
  for (let l = 0; l < 4; l++) {
    init(p, `d.conv${l}.w`, [4, 4, D_CHANNELS[l], D_CHANNELS[l + 1]], 0.02, seed + l);
    init(p, `d.conv${l}.b`, [D_CHANNELS[l + 1]], 0, 0, 0);
  }
  init(p, 'd.out.w', [4 * 4 * (D_CHANNELS[4] + 1), 1], 0.02, seed + 10);
  init(p, 'd.out.b', [1], 0, 0, 0);
  return p;
}

/** Power-iteration vectors (u: output side, v: input side) of each spectrally normalised weight; not trained. */
export type SpectralState = Map<string, { u: tf.Variable; v: tf.Variable }>;

export function createSpectralState(d: Params, seed: number): SpectralState {
  const s: SpectralState = new Map();
  let k = 0;
  for (const [name, w] of d) {
    if (!name.endsWith('.w')) continue;
    const out = w.shape[w.shape.length - 1];
    const inp = w.size / out;
    s.set(name, {
      u: tf.variable(tf.randomNormal([out, 1], 0, 1, 'float32', seed + k++), false),
      v: tf.variable(tf.zeros([inp, 1]), false),
    });
  }
  return s;
}

/** One power-iteration step per weight, outside any gradient tape (u and v act as constants). */
export function updateSpectral(d: Params, s: SpectralState): void {
  tf.tidy(() => {
    for (const [name, { u, v }] of s) {
      const w = tf.reshape(d.get(name)!, [-1, u.shape[0]]) as tf.Tensor2D;
      const nv = tf.matMul(w, u as tf.Tensor2D);
      const vNorm = tf.div(nv, tf.add(tf.norm(nv), 1e-12));
      const nu = tf.matMul(w, vNorm, true, false);
      v.assign(vNorm);
      u.assign(tf.div(nu, tf.add(tf.norm(nu), 1e-12)));
    }
  });
}

/** W / σ(W) with σ ≈ vᵀ W u from the power iteration. */
function normalised(d: Params, s: SpectralState, name: string): tf.Tensor {
  const w = d.get(name)!;
  const { u, v } = s.get(name)!;
  const sigma = tf.sum(tf.mul(v, tf.matMul(tf.reshape(w, [-1, u.shape[0]]) as tf.Tensor2D, u as tf.Tensor2D)));
  return tf.div(w, sigma);
}

function batchNorm(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, stats?: { mean: tf.Tensor; variance: tf.Tensor }): tf.Tensor4D {
  const { mean, variance } = stats ?? tf.moments(x, [0, 1, 2]);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, BN_EPSILON))), gamma), beta) as tf.Tensor4D;
}

/**
 * Generator forward pass, NHWC, output in [−1, 1]. In training mode batch norm uses batch
 * moments and `collect` receives them; with `running` it uses the stored statistics.
 */
export function generate(p: Params, z: tf.Tensor2D, running?: RunningStats, collect?: (layer: string, mean: tf.Tensor, variance: tf.Tensor) => void): tf.Tensor4D {
  let x = tf.reshape(tf.matMul(z, p.get('g.dense.w')!), [-1, 4, 4, G_CHANNELS[0]]) as tf.Tensor4D;
  for (let l = 0; l < 4; l++) {
    const layer = `g.bn${l}`;
    const r = running?.get(layer);
    let stats: { mean: tf.Tensor; variance: tf.Tensor } | undefined;
    if (r) stats = { mean: tf.tensor1d(r.mean), variance: tf.tensor1d(r.variance) };
    else {
      stats = tf.moments(x, [0, 1, 2]);
      collect?.(layer, stats.mean, stats.variance);
    }
    x = tf.relu(batchNorm(x, p.get(`${layer}.gamma`)!, p.get(`${layer}.beta`)!, stats));
    const side = x.shape[1] * 2;
    x = tf.conv2dTranspose(x, p.get(`g.up${l}.w`)! as tf.Tensor4D, [x.shape[0], side, side, G_CHANNELS[l + 1]], 2, 'same');
  }
  return tf.tanh(tf.add(x, p.get('g.up3.b')!)) as tf.Tensor4D;
}

/** Mean over features and positions of the across-batch standard deviation, as one extra channel. */
function minibatchStddev(x: tf.Tensor4D): tf.Tensor4D {
  const { variance } = tf.moments(x, 0);
  const s = tf.mean(tf.sqrt(tf.add(variance, 1e-8)));
  return tf.concat([x, tf.mul(tf.onesLike(tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, 1])), s)], 3) as tf.Tensor4D;
}

/** Discriminator logits, one per image. */
export function discriminate(p: Params, s: SpectralState, x: tf.Tensor4D): tf.Tensor1D {
  let h = x;
  for (let l = 0; l < 4; l++) {
    h = tf.add(tf.conv2d(h, normalised(p, s, `d.conv${l}.w`) as tf.Tensor4D, 2, 'same'), p.get(`d.conv${l}.b`)!) as tf.Tensor4D;
    h = tf.maximum(h, tf.mul(h, 0.2)) as tf.Tensor4D; // leaky ReLU
  }
  h = minibatchStddev(h);
  const flat = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
  return tf.reshape(tf.add(tf.matMul(flat, normalised(p, s, 'd.out.w') as tf.Tensor2D), p.get('d.out.b')!), [-1]) as tf.Tensor1D;
}
