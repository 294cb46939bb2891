// tfjs generator weights → ONNX (NCHW), with repo code over onnx-proto:
// - Dense [latent, 4·4·C] (tfjs reshapes its output as h,w,c) → MatMul with columns
//   permuted to c,h,w so that Reshape [−1, C, 4, 4] gives NCHW;
// - conv2dTranspose filter [kh, kw, out, in] → ConvTranspose weight [in, out, kh, kw]
//   (a transpose, no flip), strides 2, pads 1 (tfjs 'same' for 4×4 stride 2);
// - batch norm with the recalibrated running statistics and the same epsilon.
import { GraphBuilder } from '../lib/onnx-graph.ts';
import { BN_EPSILON, G_CHANNELS, LATENT, SIZE, type RunningStats } from './dcgan.ts';

export interface GeneratorWeights { get(name: string): { shape: number[]; data: Float32Array } }

export function generatorToOnnx(w: GeneratorWeights, running: RunningStats, doc: string): Uint8Array {
  const g = new GraphBuilder();
  const z = g.input('z', ['N', LATENT]);
  const c0 = G_CHANNELS[0];
  const dense = w.get('g.dense.w').data;
  const permuted = new Float32Array(dense.length);
  for (let i = 0; i < LATENT; i++) {
    for (let c = 0; c < c0; c++) for (let p = 0; p < 16; p++) permuted[i * 16 * c0 + c * 16 + p] = dense[i * 16 * c0 + p * c0 + c];
  }
  let x = g.op('Reshape', [g.op('MatMul', [z, g.tensor([LATENT, 16 * c0], permuted)]), g.int64([-1, c0, 4, 4])]);
  for (let l = 0; l < 4; l++) {
    const [cin, cout] = [G_CHANNELS[l], G_CHANNELS[l + 1]];
    const stats = running.get(`g.bn${l}`)!;
    x = g.op('BatchNormalization', [
      x,
      g.tensor([cin], w.get(`g.bn${l}.gamma`).data),
      g.tensor([cin], w.get(`g.bn${l}.beta`).data),
      g.tensor([cin], stats.mean),
      g.tensor([cin], stats.variance),
    ], { epsilon: { float: BN_EPSILON } });
    x = g.op('Relu', [x]);
    const f = w.get(`g.up${l}.w`).data; // [kh, kw, cout, cin]
    const onnxW = new Float32Array(f.length); // [cin, cout, kh, kw]
    for (let ky = 0; ky < 4; ky++) for (let kx = 0; kx < 4; kx++) for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) {
      onnxW[((i * cout + o) * 4 + ky) * 4 + kx] = f[((ky * 4 + kx) * cout + o) * cin + i];
    }
    const inputs = [x, g.tensor([cin, cout, 4, 4], onnxW)];
    if (l === 3) inputs.push(g.tensor([1], w.get('g.up3.b').data));
    x = g.op('ConvTranspose', inputs, { strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] }, kernel_shape: { ints: [4, 4] } });
  }
  g.op('Tanh', [x], {}, 'image');
  g.output('image', ['N', 1, SIZE, SIZE]);
  return g.toBytes('demo_gan_generator', doc);
}
