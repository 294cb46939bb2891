/** A file the import cannot use; the message names the file and the problem. */
export class ImportError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ImportError';
  }
}

/** dicom-parser and the codecs throw strings and `{ exception }` objects as often as Errors. */
export function describe(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  const exception = (thrown as { exception?: unknown } | null)?.exception;
  if (typeof exception === 'string') return exception;
  return String(thrown);
}

/** Largest volume the import allocates (voxels): 2^29 float32 values = 2 GiB. */
export const MAX_VOXELS = 2 ** 29;

export function checkSize(file: string, width: number, height: number, frames: number): void {
  const voxels = width * height * frames;
  if (!(width >= 1 && height >= 1 && frames >= 1) || !Number.isSafeInteger(voxels)) {
    throw new ImportError(file, `invalid dimensions ${width}×${height}×${frames}`);
  }
  if (voxels > MAX_VOXELS) {
    throw new ImportError(file, `declared dimensions ${width}×${height}×${frames} need ${(voxels * 4 / 2 ** 30).toFixed(1)} GiB, over the ${MAX_VOXELS * 4 / 2 ** 30} GiB limit`);
  }
}
