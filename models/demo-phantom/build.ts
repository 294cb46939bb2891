// Builds demo-phantom.onnx: a generator with no learned weights that renders a parametric
// abdominal CT slice from its latent vector. Run: npx tsx models/demo-phantom/build.ts
//
// Graph: params = Tanh(z) · A + B (each anatomical parameter moves with chosen latent
// dimensions); every structure is a soft ellipse mask m = Sigmoid(k · (1 − r²)) painted
// over a −1000 HU canvas in order (canvas += m · (HU − canvas)); CT noise is the `noise`
// input smoothed by a 3×3 binomial Conv. Output: HU, N×1×128×128.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GraphBuilder } from '../lib/onnx-graph.ts';

const SIZE = 128;
const LATENT = 16;
const EDGE_SHARPNESS = 25;
const NOISE_SD_HU = 12;

/** A latent-driven parameter: base + Σ amount · tanh(z[dim]). */
type Param = [base: number, ...drivers: [dim: number, amount: number][]];
/** `hu` is the structure's own HU; a gated structure's opacity is Relu(gate), so it is absent for half the latents. */
interface Structure { name: string; cx: Param; cy: Param; rx: Param; ry: Param; hu: Param; gate?: Param }

// Latent dimensions: 0 body width, 1 body height, 2 subcutaneous fat, 3 liver size, 4–5 liver position,
// 6 spleen size, 7 spleen position, 8 kidney level, 9 kidney size, 10 midline shift,
// 11 lesion presence/contrast, 12–13 lesion position, 14 lesion size, 15 organ enhancement.
const structures: Structure[] = [
  { name: 'body', cx: [0, [10, 0.02]], cy: [0.04], rx: [0.78, [0, 0.08]], ry: [0.56, [1, 0.06]], hu: [-100] },
  { name: 'muscle_wall', cx: [0, [10, 0.02]], cy: [0.04], rx: [0.68, [0, 0.08], [2, -0.04]], ry: [0.46, [1, 0.06], [2, -0.04]], hu: [50] },
  { name: 'cavity', cx: [0, [10, 0.02]], cy: [0.04], rx: [0.63, [0, 0.08], [2, -0.04]], ry: [0.41, [1, 0.06], [2, -0.04]], hu: [-90] },
  { name: 'liver', cx: [-0.36, [4, 0.04]], cy: [-0.02, [5, 0.04]], rx: [0.3, [3, 0.04]], ry: [0.34, [3, 0.04]], hu: [105, [15, 12]] },
  { name: 'left_lobe', cx: [-0.1, [4, 0.04]], cy: [-0.22, [5, 0.03]], rx: [0.2, [3, 0.04]], ry: [0.1, [3, 0.02]], hu: [105, [15, 12]] },
  { name: 'spleen', cx: [0.48, [7, 0.04]], cy: [0.12, [7, 0.04]], rx: [0.08, [6, 0.02]], ry: [0.15, [6, 0.03]], hu: [115, [15, 10]] },
  { name: 'kidney_r', cx: [-0.28], cy: [0.24, [8, 0.03]], rx: [0.07, [9, 0.012]], ry: [0.11, [9, 0.02]], hu: [175, [15, 15]] },
  { name: 'kidney_l', cx: [0.28], cy: [0.24, [8, 0.03]], rx: [0.07, [9, 0.012]], ry: [0.11, [9, 0.02]], hu: [175, [15, 15]] },
  { name: 'aorta', cx: [0.06, [10, 0.02]], cy: [0.18], rx: [0.04], ry: [0.04], hu: [165, [15, 20]] },
  { name: 'vertebra', cx: [0, [10, 0.02]], cy: [0.34], rx: [0.1], ry: [0.1], hu: [850] },
  { name: 'cancellous', cx: [0, [10, 0.02]], cy: [0.34], rx: [0.085], ry: [0.085], hu: [250] },
  // Hypervascular liver lesion, present for about half the latents.
  { name: 'lesion', cx: [-0.4, [12, 0.12]], cy: [-0.02, [13, 0.12]], rx: [0.05, [14, 0.025]], ry: [0.05, [14, 0.025]], hu: [185, [15, 15]], gate: [0, [11, 1]] },
];

export function buildDemoPhantom(): Uint8Array {
  const g = new GraphBuilder();
  const z = g.input('z', ['N', LATENT]);
  const noise = g.input('noise', ['N', 1, SIZE, SIZE]);
  const paramsPer = 6;
  const P = structures.length * paramsPer;
  const A = new Float32Array(LATENT * P);
  const B = new Float32Array(P);
  structures.forEach((s, i) => {
    [s.cx, s.cy, s.rx, s.ry, s.hu, s.gate ?? [1]].forEach(([base, ...drivers], j) => {
      const col = i * paramsPer + j;
      B[col] = base;
      for (const [dim, amount] of drivers) A[dim * P + col] = amount;
    });
  });
  const params = g.op('Add', [g.op('MatMul', [g.op('Tanh', [z]), g.tensor([LATENT, P], A)]), g.tensor([P], B)]);
  const p4 = g.op('Reshape', [params, g.int64([-1, P, 1, 1])]);
  const param = (col: number) => g.op('Slice', [p4, g.int64([col]), g.int64([col + 1]), g.int64([1])]);
  // Normalised pixel-centre coordinates, −1…1.
  const coords = Array.from({ length: SIZE }, (_, k) => ((k + 0.5) / SIZE) * 2 - 1);
  const X = g.tensor([1, 1, SIZE, SIZE], Array.from({ length: SIZE * SIZE }, (_, k) => coords[k % SIZE]));
  const Y = g.tensor([1, 1, SIZE, SIZE], Array.from({ length: SIZE * SIZE }, (_, k) => coords[Math.floor(k / SIZE)]));
  const one = g.scalar(1);
  let canvas = g.tensor([1, 1, SIZE, SIZE], new Float32Array(SIZE * SIZE).fill(-1000));
  structures.forEach((s, i) => {
    const [cx, cy, rx, ry, hu, gate] = [0, 1, 2, 3, 4, 5].map((j) => param(i * paramsPer + j));
    const du = g.op('Div', [g.op('Sub', [X, cx]), rx]);
    const dv = g.op('Div', [g.op('Sub', [Y, cy]), ry]);
    const r2 = g.op('Add', [g.op('Mul', [du, du]), g.op('Mul', [dv, dv])]);
    let mask = g.op('Sigmoid', [g.op('Mul', [g.op('Sub', [one, r2]), g.scalar(EDGE_SHARPNESS)])]);
    if (s.gate) mask = g.op('Mul', [mask, g.op('Relu', [gate])]);
    canvas = g.op('Add', [canvas, g.op('Mul', [mask, g.op('Sub', [hu, canvas])])]);
  });
  // A normalised 3×3 binomial kernel leaves unit noise with sd 6/16; scale back to NOISE_SD_HU.
  const k = [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => (v / 16) * (NOISE_SD_HU / (6 / 16)));
  const smooth = g.op('Conv', [noise, g.tensor([1, 1, 3, 3], k)], { pads: { ints: [1, 1, 1, 1] } });
  g.op('Add', [canvas, smooth], {}, 'hu');
  g.output('hu', ['N', 1, SIZE, SIZE]);
  return g.toBytes('demo_phantom', 'Parametric abdominal CT phantom rendered from a latent vector (no learned weights).');
}

export const demoPhantomManifest = {
  schemaVersion: 1,
  name: 'demo-phantom',
  version: '1.0.0',
  authors: ['Mirage project'],
  description: 'Procedural abdominal CT phantom (no learned weights): soft ellipses for body, fat, muscle, liver, spleen, kidneys, aorta, vertebra and an optional hypervascular lesion, positioned by a 16-d latent, plus correlated noise. A phantom, not a patient.',
  latents: [
    { name: 'z', shape: ['N', LATENT], distribution: { kind: 'normal', mean: 0, std: 1 } },
    { name: 'noise', shape: ['N', 1, SIZE, SIZE], distribution: { kind: 'normal', mean: 0, std: 1 } },
  ],
  conditioning: [],
  output: { name: 'hu', layout: 'NCHW', shape: ['N', 1, SIZE, SIZE] },
  huMapping: { kind: 'linear', scale: 1, offset: 0, range: [-1200, 1200] },
  spacingMm: [400 / SIZE, 400 / SIZE, 5],
  modality: 'CT',
  window: { center: 50, width: 400 },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('./', import.meta.url);
  writeFileSync(new URL('demo-phantom.onnx', dir), buildDemoPhantom());
  writeFileSync(new URL('manifest.json', dir), `${JSON.stringify(demoPhantomManifest, null, 2)}\n`);
  console.log('wrote models/demo-phantom/demo-phantom.onnx and manifest.json');
}
