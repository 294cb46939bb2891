import type { ImportedSeries } from './import.ts';
import { orientationCode, planeName, toCanonical, type Directions } from './orientation.ts';
import type { ValueRange } from './pixels.ts';
import type { Volume } from './volume.ts';

/** A decoded volume in its source's axis order, with what the import learned about it. */
export interface SourceVolume {
  source: 'dicom' | 'nifti';
  modality: string;
  width: number;
  height: number;
  depth: number;
  spacing: [number, number, number];
  directions: Directions;
  /** Physical values; NaN marks padding (outside the scanned area). */
  data: Float32Array;
  stored?: Int32Array;
  /** Range of the non-padding values, found while decoding. */
  range: ValueRange;
  transferSyntaxes: string[];
  warnings: string[];
}

/**
 * Fills padding with the lowest real value (air for CT) and reorients to the
 * canonical radiological order. Only pixel values
 * and geometry go into the Volume; the label is a number, never a source name.
 */
export function toImportedSeries(v: SourceVolume, index: number): ImportedSeries {
  let { min, max } = v.range;
  if (!Number.isFinite(min)) min = max = 0;
  if (v.range.padded) {
    const data = v.data;
    for (let i = 0; i < data.length; i++) if (data[i] !== data[i]) data[i] = min;
  }
  const warnings = [...v.warnings];
  const plane = planeName(v.directions);
  if (plane === 'oblique') warnings.push('oblique slices: shown along the nearest patient axes, not resampled');
  const c = toCanonical(v, v.directions);
  const modality: Volume['modality'] = v.modality === 'CT' || v.modality === 'MR' ? v.modality : 'OT';
  return {
    volume: { modality, width: c.width, height: c.height, depth: c.depth, spacing: c.spacing, data: c.data },
    stored: c.stored,
    info: {
      label: `${v.modality} series ${index} (${c.depth} ${c.depth === 1 ? 'slice' : 'slices'})`,
      source: v.source,
      modality: v.modality,
      width: c.width,
      height: c.height,
      frames: c.depth,
      spacing: c.spacing,
      orientation: `${plane} (source axes ${orientationCode(v.directions)})`,
      transferSyntaxes: v.transferSyntaxes,
      range: [min, max],
      warnings,
    },
  };
}
