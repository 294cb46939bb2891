import type { Volume } from '../imaging/volume.ts';
import { Xoshiro128 } from './prng.ts';

/**
 * A procedural axial abdominal CT slice (portal-venous phase) at the level of the
 * liver, spleen and kidneys. It makes the demo "real" set and the GAN's training
 * data; every image built from it must be labelled a phantom.
 *
 * Geometry lives in normalised coordinates (u: patient right → left on screen,
 * v: anterior → posterior, both −1…1 across a 400 mm field of view), so the same
 * seed gives the same anatomy at any matrix size. HU values follow typical
 * portal-venous abdominal CT; noise is Gaussian, spatially correlated like filtered
 * back-projection noise, with its standard deviation set in HU.
 */

export interface PhantomOptions {
  /** Matrix size (square); 256 by default. */
  size?: number;
  /** Add one hypervascular liver lesion. */
  lesion?: boolean;
}

const FOV_MM = 400;

/** Typical attenuation (HU) of each tissue in the portal-venous phase. */
const HU = {
  air: -1000,
  fat: -100,
  visceralFat: -90,
  muscle: 50,
  bowel: 35,
  gas: -950,
  liver: 105,
  hepaticVessel: 170,
  spleen: 115,
  kidneyCortex: 185,
  kidneyMedulla: 125,
  aorta: 165,
  ivc: 125,
  cancellousBone: 230,
  corticalBone: 850,
  canal: 25,
};

interface Ellipse { cx: number; cy: number; rx: number; ry: number; angle: number }
interface Segment { x0: number; y0: number; x1: number; y1: number; r: number }
interface Circle { cx: number; cy: number; r: number }

/** Squared normalised radius of (u, v) in an ellipse: < 1 inside. */
function ellipseR2(e: Ellipse, u: number, v: number): number {
  const c = Math.cos(e.angle);
  const s = Math.sin(e.angle);
  const du = u - e.cx;
  const dv = v - e.cy;
  const a = (du * c + dv * s) / e.rx;
  const b = (-du * s + dv * c) / e.ry;
  return a * a + b * b;
}

function inEllipse(e: Ellipse, u: number, v: number): boolean {
  return ellipseR2(e, u, v) < 1;
}

function segmentDistance(g: Segment, u: number, v: number): number {
  const dx = g.x1 - g.x0;
  const dy = g.y1 - g.y0;
  const t = Math.max(0, Math.min(1, ((u - g.x0) * dx + (v - g.y0) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(u - g.x0 - t * dx, v - g.y0 - t * dy);
}

/** Smooth random field in [−1, 1] (bilinear value noise with smoothstep) over −1…1. */
function valueNoise(rng: Xoshiro128, cells: number): (u: number, v: number) => number {
  const n = cells + 1;
  const lattice = Float64Array.from({ length: n * n }, () => rng.range(-1, 1));
  return (u, v) => {
    const x = ((u + 1) / 2) * cells;
    const y = ((v + 1) / 2) * cells;
    const i = Math.max(0, Math.min(cells - 1, Math.floor(x)));
    const j = Math.max(0, Math.min(cells - 1, Math.floor(y)));
    const fx = x - i;
    const fy = y - j;
    const sx = fx * fx * (3 - 2 * fx);
    const sy = fy * fy * (3 - 2 * fy);
    const top = lattice[j * n + i] * (1 - sx) + lattice[j * n + i + 1] * sx;
    const bottom = lattice[(j + 1) * n + i] * (1 - sx) + lattice[(j + 1) * n + i + 1] * sx;
    return top * (1 - sy) + bottom * sy;
  };
}

/** Everything random about one patient, drawn once from the seed. */
function drawAnatomy(rng: Xoshiro128, lesionRng: Xoshiro128 | null) {
  const j = (amount: number) => rng.range(-amount, amount);
  const body: Ellipse = { cx: j(0.02), cy: 0.04 + j(0.02), rx: 0.78 + j(0.08), ry: 0.56 + j(0.06), angle: j(0.03) };
  // Low-order harmonics make the outline less perfectly elliptical (flanks, flat back).
  const harmonics = [2, 3, 4].map((k) => ({ k, amp: rng.range(0, 0.025), phase: rng.range(0, 2 * Math.PI) }));
  const fat = rng.range(0.05, 0.15);
  const wall = rng.range(0.03, 0.05);
  const spineY = body.cy + body.ry * rng.range(0.5, 0.58);
  const vertebra: Circle = { cx: j(0.015), cy: spineY, r: rng.range(0.095, 0.12) };
  const liver: Ellipse[] = [
    { cx: -0.38 + j(0.04), cy: -0.02 + j(0.04), rx: 0.36 + j(0.04), ry: 0.4 + j(0.04), angle: -0.35 + j(0.1) },
    { cx: -0.08 + j(0.05), cy: -0.26 + j(0.03), rx: 0.26 + j(0.05), ry: 0.13 + j(0.03), angle: 0.15 + j(0.1) },
  ];
  const spleen: Ellipse = { cx: 0.5 + j(0.04), cy: 0.14 + j(0.04), rx: 0.1 + j(0.02), ry: 0.19 + j(0.03), angle: -0.5 + j(0.15) };
  const kidneyY = spineY - 0.04 + j(0.03);
  const kidneys: Ellipse[] = [-1, 1].map((side) => ({
    cx: side * (0.3 + j(0.03)), cy: kidneyY + j(0.02), rx: 0.085 + j(0.015), ry: 0.13 + j(0.02), angle: side * (0.45 + j(0.1)),
  }));
  const aorta: Circle = { cx: vertebra.cx + 0.06 + j(0.02), cy: spineY - vertebra.r - 0.055, r: 0.04 + j(0.008) };
  const ivc: Ellipse = { cx: -0.13 + j(0.02), cy: spineY - vertebra.r - 0.06, rx: 0.055, ry: 0.035 + j(0.01), angle: 0 };
  const paraspinal: Ellipse[] = [-1, 1].map((side) => ({
    cx: side * 0.15, cy: spineY + 0.12, rx: 0.11 + j(0.02), ry: 0.08 + j(0.015), angle: side * 0.2,
  }));
  const psoas: Ellipse[] = [-1, 1].map((side) => ({
    cx: side * (vertebra.r + 0.05), cy: spineY - 0.02, rx: 0.05 + j(0.01), ry: 0.06 + j(0.01), angle: 0,
  }));
  // Hepatic vessels: a portal trunk at the hilum branching twice towards random points of the liver.
  const hilum = { x: -0.2 + j(0.03), y: 0.04 + j(0.04) };
  const vessels: Segment[] = [];
  for (let b = 0; b < 4; b++) {
    const angle = Math.PI + rng.range(-1.3, 1.3);
    const len = rng.range(0.15, 0.28);
    const end = { x: hilum.x + Math.cos(angle) * len, y: hilum.y + Math.sin(angle) * len };
    vessels.push({ x0: hilum.x, y0: hilum.y, x1: end.x, y1: end.y, r: rng.range(0.012, 0.02) });
    for (let c = 0; c < 2; c++) {
      const a2 = angle + rng.range(-0.9, 0.9);
      const l2 = rng.range(0.07, 0.15);
      vessels.push({ x0: end.x, y0: end.y, x1: end.x + Math.cos(a2) * l2, y1: end.y + Math.sin(a2) * l2, r: rng.range(0.006, 0.011) });
    }
  }
  // Bowel loops in the left and anterior abdomen, some holding gas.
  const bowel = Array.from({ length: 7 + Math.floor(rng.range(0, 5)) }, () => ({
    loop: { cx: rng.range(-0.05, 0.55), cy: rng.range(-0.35, 0.15), r: rng.range(0.05, 0.1) } as Circle,
    gas: rng.uniform() < 0.4 ? rng.range(0.3, 0.7) : 0,
  }));
  const inLiver = (u: number, v: number) => liver.some((e) => inEllipse(e, u, v));
  let lesionCircle: Circle | null = null;
  if (lesionRng) {
    // Rejection-sample a centre well inside the liver.
    for (let tries = 0; tries < 200 && !lesionCircle; tries++) {
      const c = { cx: lesionRng.range(-0.75, 0.2), cy: lesionRng.range(-0.45, 0.35), r: lesionRng.range(0.05, 0.1) };
      const ring = [0, 1, 2, 3, 4, 5].map((k) => [c.cx + Math.cos(k) * c.r * 1.5, c.cy + Math.sin(k) * c.r * 1.5]);
      if (inLiver(c.cx, c.cy) && ring.every(([u, v]) => inLiver(u, v))) lesionCircle = c;
    }
  }
  return {
    body, harmonics, fat, wall, vertebra, liver, spleen, kidneys, aorta, ivc, paraspinal, psoas, vessels, bowel,
    lesion: lesionCircle,
    lesionContrast: lesionRng ? lesionRng.range(55, 95) : 0,
    liverHu: HU.liver + j(12),
    noiseSd: rng.range(9, 15),
    texture: valueNoise(rng, 14),
    fineTexture: valueNoise(rng, 40),
  };
}

type Anatomy = ReturnType<typeof drawAnatomy>;

/** Noise-free attenuation at one point. */
function attenuation(a: Anatomy, u: number, v: number): number {
  const theta = Math.atan2((v - a.body.cy) / a.body.ry, (u - a.body.cx) / a.body.rx);
  const outline = 1 + a.harmonics.reduce((s, h) => s + h.amp * Math.cos(h.k * theta + h.phase), 0);
  const r = Math.sqrt(ellipseR2(a.body, u, v)) / outline;
  if (r >= 1) return HU.air;
  const tex = a.texture(u, v);
  const fine = a.fineTexture(u, v);
  if (r >= 1 - a.fat) return HU.fat + 6 * tex;
  const inCavity = r < 1 - a.fat - a.wall;
  const isMuscle = !inCavity || a.paraspinal.some((e) => inEllipse(e, u, v)) || a.psoas.some((e) => inEllipse(e, u, v));

  const vb = a.vertebra;
  const dv = Math.hypot(u - vb.cx, v - vb.cy);
  if (dv < vb.r) return dv > vb.r * 0.85 ? HU.corticalBone : HU.cancellousBone + 40 * fine;
  // Posterior elements: spinal canal ringed by the lamina, then the spinous process.
  const canal = Math.hypot(u - vb.cx, (v - (vb.cy + vb.r + 0.045)) * 1.2);
  if (canal < 0.04) return HU.canal;
  if (canal < 0.06 || (Math.abs(u - vb.cx) < 0.018 && v > vb.cy + vb.r && v < vb.cy + vb.r + 0.2)) return HU.corticalBone * 0.8;
  if (isMuscle) return HU.muscle + 6 * tex + 4 * fine;

  if (Math.hypot(u - a.aorta.cx, v - a.aorta.cy) < a.aorta.r) return HU.aorta;
  if (inEllipse(a.ivc, u, v)) return HU.ivc;
  for (const k of a.kidneys) {
    const kr = ellipseR2(k, u, v);
    if (kr < 1) {
      const sinus = Math.sign(k.cx) * (u - k.cx) < -0.03 && kr < 0.5; // hilum faces the spine
      return sinus ? HU.visceralFat + 20 : kr > 0.55 ? HU.kidneyCortex : HU.kidneyMedulla + 10 * fine;
    }
  }
  if (a.liver.some((e) => inEllipse(e, u, v))) {
    if (a.lesion) {
      const d = Math.hypot(u - a.lesion.cx, v - a.lesion.cy) / a.lesion.r;
      // Hypervascular: brighter rim-enhancing nodule, fading over the outer 20 %.
      if (d < 1) return a.liverHu + a.lesionContrast * Math.min(1, (1 - d) / 0.2) * (0.85 + 0.15 * fine);
    }
    if (a.vessels.some((g) => segmentDistance(g, u, v) < g.r)) return HU.hepaticVessel;
    return a.liverHu + 7 * tex + 4 * fine;
  }
  if (inEllipse(a.spleen, u, v)) return HU.spleen + 6 * tex;
  for (const b of a.bowel) {
    const d = Math.hypot(u - b.loop.cx, v - b.loop.cy) / b.loop.r;
    if (d < 1) return b.gas > 0 && d < b.gas ? HU.gas : HU.bowel + 15 * fine;
  }
  return HU.visceralFat + 10 * tex + 15 * Math.max(0, fine); // mesenteric strands
}

/** Renders one phantom slice in HU. Deterministic in (seed, options). */
export function renderPhantom(seed: number, opts: PhantomOptions = {}): Volume {
  const size = opts.size ?? 256;
  if (!Number.isInteger(size) || size < 16 || size > 2048) throw new Error(`phantom size must be an integer in 16…2048, got ${size}`);
  const rng = new Xoshiro128(seed);
  // The lesion has its own stream, so one seed gives the same patient with or without it.
  const a = drawAnatomy(rng, opts.lesion ? new Xoshiro128(seed, 1) : null);
  // 2×2 supersampling gives partial-volume edges instead of aliasing.
  const clean = new Float32Array(size * size);
  const offsets = [0.25, 0.75];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (const oy of offsets) for (const ox of offsets) sum += attenuation(a, ((x + ox) / size) * 2 - 1, ((y + oy) / size) * 2 - 1);
      clean[y * size + x] = sum / 4;
    }
  }
  // CT-like noise: white Gaussian smoothed by a 3×3 binomial kernel (correlated like FBP noise),
  // rescaled so that its standard deviation is noiseSd HU.
  const white = Float32Array.from({ length: size * size }, () => rng.normal());
  const kernel = [1, 2, 1];
  const kernelNorm = kernel.reduce((s, k) => s + k * k, 0) / 16; // sd of unit noise after the normalised 3×3 kernel
  const data = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = Math.min(size - 1, Math.max(0, y + dy));
          const xx = Math.min(size - 1, Math.max(0, x + dx));
          n += kernel[dy + 1] * kernel[dx + 1] * white[yy * size + xx];
        }
      }
      data[y * size + x] = clean[y * size + x] + (a.noiseSd * n) / 16 / kernelNorm;
    }
  }
  const spacing = FOV_MM / size;
  return { modality: 'CT', width: size, height: size, depth: 1, spacing: [spacing, spacing, 5], data };
}
