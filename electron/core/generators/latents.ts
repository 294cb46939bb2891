import type { GeneratorManifest, ManifestShape } from './manifest.ts';
import { Xoshiro128 } from './prng.ts';

/** Values per image of a tensor: the product of every dimension but the batch. */
export function perImage(shape: ManifestShape): number {
  return shape.slice(1).reduce<number>((a, d) => a * (d as number), 1);
}

export interface ImageInputs {
  /** One image's share of each latent input, in manifest order. */
  latents: Map<string, Float32Array>;
  /** Class label per class-conditioning input. */
  labels: Map<string, number>;
}

/**
 * The inputs of image `index` under `seed`: one xoshiro128** stream per (seed, index),
 * read in manifest order (each latent input whole, then class labels), so any image
 * can be regenerated alone. Labels given by the organizer override drawn ones.
 * `into` holds, per latent input, where to write this image's values (a view of a batch's
 * tensor, say); latents without one get new arrays.
 */
export function drawInputs(manifest: GeneratorManifest, seed: number, index: number, fixedLabels: Record<string, number> = {}, into: Record<string, Float32Array> = {}): ImageInputs {
  const rng = new Xoshiro128(seed, index);
  const latents = new Map<string, Float32Array>();
  for (const l of manifest.latents) {
    const values = into[l.name] ?? new Float32Array(perImage(l.shape));
    const d = l.distribution;
    for (let k = 0; k < values.length; k++) {
      values[k] = d.kind === 'normal' ? d.mean + d.std * rng.normal() : rng.range(d.low, d.high);
    }
    latents.set(l.name, values);
  }
  const labels = new Map<string, number>();
  for (const c of manifest.conditioning) {
    if (c.kind !== 'class') continue;
    const drawn = Math.min(c.classes.length - 1, Math.floor(rng.uniform() * c.classes.length));
    labels.set(c.name, fixedLabels[c.name] ?? drawn);
  }
  return { latents, labels };
}
