import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { MirageCore } from './service.ts';
import { renderPhantom } from './generators/phantom.ts';
import { addSeries } from './library.ts';
import { createStudy } from './study/studies.ts';
import { DEFAULT_DESIGN } from './study/design.ts';

export const DEMO_PASSPHRASE = 'demo';
const DEMO_PHANTOMS = 10;
const DEMO_SYNTHETIC = 10;

/** The shipped demo generator: the GAN trained in models/demo-gan, else the parametric phantom graph. */
export function demoModelPath(modelsDir: string): string {
  for (const candidate of [join(modelsDir, 'demo-gan', 'demo-gan.onnx'), join(modelsDir, 'demo-phantom', 'demo-phantom.onnx')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`no demo generator found in ${modelsDir}`);
}

/**
 * One click, no data of the user's: procedural phantoms (labelled as such, they are
 * no patient) as the "real" side, the shipped demo generator as the synthetic side.
 */
export async function createDemoStudy(core: MirageCore): Promise<{ studyId: number; passphrase: string }> {
  const generator = await core.registerGenerator(demoModelPath(core.options.modelsDir));
  const [size] = generator.outputSize.slice(1);
  const seriesIds = core.db.transaction(() =>
    Array.from({ length: DEMO_PHANTOMS }, (_, i) =>
      addSeries(core.db, `Demo phantom ${i + 1} (procedural, not a patient)`, 'phantom', renderPhantom(1000 + i, { size, lesion: i % 2 === 0 }))),
  )();
  const studyId = await createStudy(core.db, {
    name: 'Demo study (phantoms)',
    passphrase: DEMO_PASSPHRASE,
    design: { ...DEFAULT_DESIGN, format: { ...DEFAULT_DESIGN.format, size } },
    real: seriesIds.map((seriesId) => ({ seriesId, slices: 1 })),
    synthetic: [core.generatorSource(generator.id, DEMO_SYNTHETIC, 0)],
    readers: [{ name: 'Demo reader', pin: null, language: 'en' }, { name: 'Lecteur démo', pin: null, language: 'fr' }],
  });
  return { studyId, passphrase: DEMO_PASSPHRASE };
}
