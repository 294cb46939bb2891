import type { NativeLayout } from './dicom-native.ts';
import type { RawPixels } from './pixels.ts';
import type { PixelEncoding } from './transfer-syntax.ts';

export interface FrameLayout extends NativeLayout {
  bitsStored: number;
  rows: number;
  columns: number;
}

/** Decodes one compressed frame to integer samples. */
export async function decodeCompressedFrame(encoding: PixelEncoding, _bytes: Uint8Array, _layout: FrameLayout): Promise<RawPixels> {
  throw new Error(`no decoder for ${encoding} yet`);
}
