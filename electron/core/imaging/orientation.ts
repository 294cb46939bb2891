export type Vec3 = [number, number, number];

/**
 * Index axes of a source volume (column, row, slice) as unit vectors in
 * patient LPS coordinates (DICOM's frame: +x left, +y posterior, +z superior).
 */
export type Directions = [Vec3, Vec3, Vec3];

export interface Reoriented {
  data: Float32Array;
  stored?: Int32Array;
  width: number;
  height: number;
  depth: number;
  spacing: [number, number, number];
}

const LETTERS = [['R', 'L'], ['A', 'P'], ['I', 'S']];

/** The patient direction each index axis points to, e.g. "LPS" for a standard DICOM axial stack. */
export function orientationCode(dirs: Directions): string {
  return dirs.map((d) => {
    const axis = dominantAxis(d);
    return LETTERS[axis][d[axis] > 0 ? 1 : 0];
  }).join('');
}

/** Axial, coronal or sagittal by the slice normal; oblique when it is more than ~8° off every axis. */
export function planeName(dirs: Directions): string {
  const normal = dirs[2];
  const axis = dominantAxis(normal);
  if (Math.abs(normal[axis]) < 0.99) return 'oblique';
  return ['sagittal', 'coronal', 'axial'][axis];
}

function dominantAxis(d: Vec3): number {
  const a = d.map(Math.abs);
  return a[0] >= a[1] && a[0] >= a[2] ? 0 : a[1] >= a[2] ? 1 : 2;
}

/**
 * Permutes and flips axes (no resampling) so that columns run right→left on
 * screen (+x), rows anterior→posterior (+y) and slices inferior→superior (+z):
 * the radiological convention every Volume uses, whatever the source's order.
 * Each patient axis takes the source axis closest to it, largest cosine first.
 */
export function toCanonical(
  src: { data: Float32Array; stored?: Int32Array; width: number; height: number; depth: number; spacing: [number, number, number] },
  dirs: Directions,
): Reoriented {
  const perm = [-1, -1, -1];
  const flip = [false, false, false];
  const candidates: { world: number; axis: number; c: number }[] = [];
  for (let axis = 0; axis < 3; axis++) for (let world = 0; world < 3; world++) candidates.push({ world, axis, c: dirs[axis][world] });
  candidates.sort((a, b) => Math.abs(b.c) - Math.abs(a.c));
  const used = new Set<number>();
  for (const { world, axis, c } of candidates) {
    if (perm[world] !== -1 || used.has(axis)) continue;
    perm[world] = axis;
    flip[world] = c < 0;
    used.add(axis);
  }
  if (perm.every((p, i) => p === i) && !flip.some(Boolean)) return src;

  const dims = [src.width, src.height, src.depth];
  const strides = [1, src.width, src.width * src.height];
  const out = dims.map((_, w) => dims[perm[w]]) as [number, number, number];
  const step = perm.map((axis, w) => (flip[w] ? -strides[axis] : strides[axis]));
  const start = perm.reduce((s, axis, w) => s + (flip[w] ? strides[axis] * (dims[axis] - 1) : 0), 0);
  const move = <T extends Float32Array | Int32Array>(from: T, to: T): T => {
    let o = 0;
    for (let z = 0; z < out[2]; z++) {
      for (let y = 0; y < out[1]; y++) {
        let i = start + z * step[2] + y * step[1];
        for (let x = 0; x < out[0]; x++, i += step[0]) to[o++] = from[i];
      }
    }
    return to;
  };
  return {
    data: move(src.data, new Float32Array(src.data.length)),
    stored: src.stored && move(src.stored, new Int32Array(src.stored.length)),
    width: out[0],
    height: out[1],
    depth: out[2],
    spacing: perm.map((axis) => src.spacing[axis]) as [number, number, number],
  };
}
