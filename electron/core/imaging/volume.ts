/**
 * A decoded scan or generated image, before it becomes a study case.
 * Values are physical: Hounsfield units for CT, scaled intensities otherwise.
 * Layout: slice-major, then row, then column (data[(z * height + y) * width + x]);
 * rows run anterior→posterior and columns patient-right→patient-left on screen
 * (radiological convention), slices inferior→superior.
 */
export interface Volume {
  modality: 'CT' | 'MR' | 'OT';
  width: number;
  height: number;
  depth: number;
  /** Millimetres: [column spacing, row spacing, slice spacing]. */
  spacing: [number, number, number];
  data: Float32Array;
}
