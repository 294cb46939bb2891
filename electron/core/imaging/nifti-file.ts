import type { SourceVolume } from './canonical-series.ts';
import { ImportError } from './import-error.ts';

export async function readNifti(file: string, _bytes: Uint8Array, _opts: { volume?: number }): Promise<SourceVolume> {
  throw new ImportError(file, 'NIfTI import not written yet');
}
