// Decodes compressed frames for DecodePool, off the main thread.
import { parentPort } from 'node:worker_threads';
import { decodeCompressedFrame, type FrameLayout } from './dicom-codecs.ts';
import { describe } from './import-error.ts';
import type { PixelEncoding } from './transfer-syntax.ts';

parentPort!.on('message', async ({ id, encoding, bytes, layout }: { id: number; encoding: PixelEncoding; bytes: Uint8Array; layout: FrameLayout }) => {
  try {
    // A copy the worker owns outright, so it can be transferred (codec output may view the codec's heap).
    const pixels = (await decodeCompressedFrame(encoding, bytes, layout)).slice();
    parentPort!.postMessage({ id, pixels }, [pixels.buffer]);
  } catch (err) {
    parentPort!.postMessage({ id, error: describe(err) });
  }
});
