import type cornerstoneCore from 'cornerstone-core';

/**
 * Cornerstone image loader for `mirage:<token>/<slice>` ids. The pixels of a case
 * come from the app's own origin (`pixels/<token>`, raw int16 little-endian HU),
 * which Electron serves through its protocol handler and the tests through the
 * same handler on loopback. One request per case, shared by its slices.
 */
const volumes = new Map<string, Promise<Int16Array>>();

export interface CaseGeometry {
  width: number;
  height: number;
  pixelSpacingMm: number;
  defaultWindow: { width: number; center: number };
}
const geometry = new Map<string, CaseGeometry>();

export function imageIdsOf(token: string, depth: number): string[] {
  return Array.from({ length: depth }, (_, z) => `mirage:${token}/${z}`);
}

/** Registers a case's geometry and starts fetching its pixels (prefetch). */
export function prepareCase(token: string, g: CaseGeometry): Promise<Int16Array> {
  geometry.set(token, g);
  let volume = volumes.get(token);
  if (!volume) {
    volume = fetch(`pixels/${token}`).then(async (res) => {
      if (!res.ok) throw new Error(`case pixels unavailable (${res.status})`);
      return new Int16Array(await res.arrayBuffer());
    });
    volumes.set(token, volume);
  }
  return volume;
}

/** Forgets a case: its pixels and its cornerstone cache entries. */
export function releaseCase(token: string, depth: number, cache: typeof cornerstoneCore.imageCache): void {
  volumes.delete(token);
  geometry.delete(token);
  for (const id of imageIdsOf(token, depth)) {
    try {
      cache.removeImageLoadObject(id);
    } catch {
      // Not cached (never displayed): nothing to release.
    }
  }
}

export function loadMirageImage(imageId: string): { promise: Promise<cornerstoneCore.Image> } {
  const match = /^mirage:([0-9a-f]{32})\/(\d+)$/.exec(imageId);
  if (!match) return { promise: Promise.reject(new Error(`bad image id ${imageId}`)) };
  const [, token, sliceText] = match;
  const g = geometry.get(token);
  if (!g) return { promise: Promise.reject(new Error('case not prepared')) };
  const promise = prepareCase(token, g).then((volume) => {
    const n = g.width * g.height;
    const slice = Number(sliceText);
    const pixels = volume.subarray(slice * n, (slice + 1) * n);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < pixels.length; i++) {
      const v = pixels[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const image = {
      imageId,
      minPixelValue: min,
      maxPixelValue: max,
      slope: 1,
      intercept: 0,
      windowCenter: g.defaultWindow.center,
      windowWidth: g.defaultWindow.width,
      getPixelData: () => pixels,
      rows: g.height,
      columns: g.width,
      height: g.height,
      width: g.width,
      color: false,
      columnPixelSpacing: g.pixelSpacingMm,
      rowPixelSpacing: g.pixelSpacingMm,
      invert: false,
      sizeInBytes: pixels.byteLength,
    };
    return image as unknown as cornerstoneCore.Image;
  });
  return { promise };
}
