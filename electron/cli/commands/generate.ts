import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { generateImages, inspectGenerator, type GeneratedImage } from '../../core/generators/generator.ts';
import { manifestFor } from '../../core/generators/manifest.ts';
import { encodeNifti } from '../../core/generators/nifti.ts';

const usage = `Usage: mirage generate --model MODEL.onnx --seed S (--index I | --count K [--first I]) --out PATH [options]

Generates images from an ONNX generator, exactly as a study does: the latents of image I
under seed S come from xoshiro128** seeded by (S, I), so one image regenerates alone,
bit-identical on the CPU provider.

  --model FILE       the generator (.onnx)
  --manifest FILE    its manifest (default: manifest.json beside the model; proposed from
                     the model's metadata when there is none)
  --seed S           integer seed
  --index I          one image: --out is a file; HU as float32 little-endian raw, or
                     NIfTI-1 when it ends in .nii or .nii.gz
  --count K          K images from --first (default 0): --out is a folder, one file each
  --format F         with --count: raw, nii or nii.gz (default nii.gz)
  --provider P       force an execution provider (cuda, dml, coreml, webgpu, cpu)
  --threads T        intra-op threads
  --batch B          batch size (default: from the model and memory)

Prints one JSON line per image: index, seed, model SHA-256, provider, file, shape, spacing.`;

function encode(image: GeneratedImage, file: string): Uint8Array {
  if (file.endsWith('.nii.gz')) return encodeNifti(image.volume, true);
  if (file.endsWith('.nii')) return encodeNifti(image.volume, false);
  const d = image.volume.data;
  const bytes = new Uint8Array(d.byteLength);
  const view = new DataView(bytes.buffer);
  d.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return bytes;
}

function integer(value: string | undefined, name: string, min = Number.MIN_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be an integer${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ''}, got "${value}"`);
  return n;
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate (or regenerate bit-identically) images from an ONNX generator',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        model: { type: 'string' }, manifest: { type: 'string' }, seed: { type: 'string' }, index: { type: 'string' },
        count: { type: 'string' }, first: { type: 'string' }, out: { type: 'string' }, format: { type: 'string', default: 'nii.gz' },
        provider: { type: 'string' }, threads: { type: 'string' }, batch: { type: 'string' },
      },
    });
    if (!values.model || values.seed === undefined || !values.out) throw new Error(`--model, --seed and --out are required\n\n${usage}`);
    if ((values.index === undefined) === (values.count === undefined)) throw new Error('give exactly one of --index or --count');
    if (!['raw', 'nii', 'nii.gz'].includes(values.format!)) throw new Error(`--format must be raw, nii or nii.gz, got "${values.format}"`);
    const seed = integer(values.seed, 'seed')!;
    const single = values.index !== undefined;
    const firstIndex = single ? integer(values.index, 'index', 0)! : integer(values.first, 'first', 0) ?? 0;
    const count = single ? 1 : integer(values.count, 'count', 1)!;
    const { path: manifestPath, manifest: declared } = await manifestFor(values.model, values.manifest);
    const { sha256, manifest } = await inspectGenerator(values.model, declared);
    if (!declared) console.error(`mirage generate: no manifest found; using one proposed from the model's metadata (${manifestPath} absent)`);
    if (!single) await mkdir(values.out, { recursive: true });
    const written: Promise<void>[] = [];
    const failures: string[] = [];
    const result = await generateImages({
      modelPath: values.model, manifest, seed, count, firstIndex,
      provider: values.provider, threads: integer(values.threads, 'threads', 0), batchSize: integer(values.batch, 'batch', 1),
      // Each checked batch is written as it arrives, so a later failure loses nothing already made.
      onImages: (images) => {
        for (const image of images) {
          const file = single ? values.out! : join(values.out!, `seed${seed}-index${image.index}.${values.format}`);
          written.push(writeFile(file, encode(image, file)).catch((err: Error) => { failures.push(`${file}: ${err.message}`); }));
        }
      },
      onProgress: (p) => { if (!single) process.stderr.write(`\r${p.done}/${p.total} images, ${p.imagesPerSecond.toFixed(1)} img/s, ${p.secondsLeft.toFixed(0)} s left`); },
    }).finally(async () => { await Promise.all(written); });
    if (!single) process.stderr.write('\n');
    if (failures.length > 0) throw new Error(`could not write:\n${failures.join('\n')}`);
    for (const image of result.images) {
      const v = image.volume;
      console.log(JSON.stringify({
        index: image.index, seed: image.seed, modelSha256: sha256, provider: result.provider, workers: result.workers,
        file: single ? values.out : join(values.out, `seed${seed}-index${image.index}.${values.format}`),
        shape: [v.depth, v.height, v.width], spacingMm: v.spacing,
      }));
    }
    return 0;
  },
};
