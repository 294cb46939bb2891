import type { Volume } from '../../imaging/volume.ts';
import { gridPng } from '../png.ts';
import type { QualityReport } from './report.ts';

/**
 * The closest synthetic/real pairs of a memorization check side by side (synthetic | real, one
 * pair per row, middle slices, abdomen window), so that an organizer can see what "close" means.
 */
export function worstPairsPng(real: Volume[], synthetic: Volume[], report: QualityReport): Buffer {
  const slices = report.memorization.worst.flatMap((p) => [synthetic[p.synthetic], real[p.real]]).map((v) => {
    const z = Math.floor(v.depth / 2);
    return { ...v, depth: 1, data: v.data.subarray(z * v.width * v.height, (z + 1) * v.width * v.height) };
  });
  if (!slices.every((s) => s.width === slices[0].width && s.height === slices[0].height)) {
    throw new Error(`the worst pairs need real and synthetic images of one size (report grid ${report.size})`);
  }
  return gridPng(slices, 2, { center: 50, width: 400 });
}
