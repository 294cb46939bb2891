import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import type { Volume } from '../../core/imaging/volume.ts';
import { generateImages, inspectGenerator } from '../../core/generators/generator.ts';
import { manifestFor } from '../../core/generators/manifest.ts';
import { decodeNifti } from '../../core/generators/nifti.ts';
import { renderPhantom } from '../../core/generators/phantom.ts';
import { worstPairsPng } from '../../core/generators/quality/pairs.ts';
import { computeQuality } from '../../core/generators/quality/report.ts';

const usage = `Usage: mirage quality (--real DIR | --real-phantoms N) (--synthetic DIR | --model M --count K [--seed S]) [options]

Dataset-quality figures of a synthetic set against a real set (both resampled to one grid):
  - HU histogram 1-Wasserstein distance inside the body (and between two halves of the real set);
  - diversity: mean pairwise SSIM of synthetic vs real images; flags mode collapse;
  - memorization: each synthetic image's nearest real image; flags copies, lists the worst pairs;
  - Fréchet distance on radiomic features (IBSI/pyradiomics first-order, GLCM, GLRLM).

  --real DIR           every .nii / .nii.gz in DIR (middle slice, HU)
  --real-phantoms N    N procedural phantoms (128×128, 30 % with a lesion), labelled phantoms
  --synthetic DIR      every .nii / .nii.gz in DIR
  --model FILE         generate the synthetic set (manifest.json beside it, or --manifest)
  --count K            with --model: how many images (default 64)
  --seed S             with --model: seed (default 1)
  --pairs FILE.png     write the worst memorization pairs side by side (synthetic | real)
  --json               print the full report as JSON`;

async function readFolder(dir: string): Promise<Volume[]> {
  const files = readdirSync(dir).filter((f) => /\.nii(\.gz)?$/.test(f)).sort();
  if (files.length === 0) throw new Error(`no .nii or .nii.gz files in ${dir}`);
  return Promise.all(files.map(async (f) => decodeNifti(await readFile(join(dir, f)), join(dir, f))));
}

export const qualityCommand: Command = {
  name: 'quality',
  summary: 'Dataset-quality metrics of a synthetic set against real images (collapse, memorization, HU and radiomic distances)',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        real: { type: 'string' }, 'real-phantoms': { type: 'string' }, synthetic: { type: 'string' }, model: { type: 'string' },
        manifest: { type: 'string' }, count: { type: 'string', default: '64' }, seed: { type: 'string', default: '1' },
        pairs: { type: 'string' }, json: { type: 'boolean', default: false },
      },
    });
    if (!values.real === !values['real-phantoms']) throw new Error(`give one of --real or --real-phantoms\n\n${usage}`);
    if (!values.synthetic === !values.model) throw new Error(`give one of --synthetic or --model\n\n${usage}`);
    const phantomCount = Number(values['real-phantoms']);
    if (values['real-phantoms'] && !(Number.isInteger(phantomCount) && phantomCount >= 4)) throw new Error('--real-phantoms must be an integer ≥ 4');
    const real = values.real
      ? await readFolder(values.real)
      : Array.from({ length: phantomCount }, (_, i) => renderPhantom(1_000_000 + i, { size: 128, lesion: i % 10 < 3 }));
    let synthetic: Volume[];
    if (values.synthetic) synthetic = await readFolder(values.synthetic);
    else {
      const { manifest } = await inspectGenerator(values.model!, (await manifestFor(values.model!, values.manifest)).manifest);
      const result = await generateImages({ modelPath: values.model!, manifest, seed: Number(values.seed), count: Number(values.count) });
      synthetic = result.images.map((i) => i.volume);
    }
    const report = computeQuality(real, synthetic);
    if (values.pairs) await writeFile(values.pairs, worstPairsPng(real, synthetic, report));
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      const d = report.diversity;
      const m = report.memorization;
      console.log([
        `real ${report.realCount}, synthetic ${report.syntheticCount}, grid ${report.size}×${report.size}`,
        `HU 1-Wasserstein in body: ${report.huWasserstein.toFixed(1)} HU (real halves: ${report.huWassersteinRealHalves.toFixed(1)})`,
        `diversity: mean pairwise SSIM ${d.syntheticMeanSsim.toFixed(3)} synthetic vs ${d.realMeanSsim.toFixed(3)} real (spread ratio ${d.spreadRatio.toFixed(2)})`,
        `memorization: nearest-real RMSE min ${m.worst[0].distance.toFixed(1)} HU, threshold ${m.threshold.toFixed(1)} HU, ${m.flagged.length} flagged`,
        `radiomic Fréchet distance: ${report.radiomicFrechet.toFixed(2)} (real halves: ${report.radiomicFrechetRealHalves.toFixed(2)}; ${report.radiomicFeatures.length} features)`,
        ...(report.flags.length ? report.flags.map((f) => `FLAG ${f}`) : ['no flags']),
      ].join('\n'));
    }
    return 0;
  },
};
