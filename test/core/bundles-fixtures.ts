// Shared set-up of the bundle tests: real cores on real SQLite files in temp dirs.
import { join } from 'node:path';
import type { MirageCore } from '../../electron/core/service.ts';
import { demoModelPath } from '../../electron/core/demo.ts';
import { renderPhantom } from '../../electron/core/generators/phantom.ts';
import { addSeries } from '../../electron/core/library.ts';
import { createStudy } from '../../electron/core/study/studies.ts';
import { DEFAULT_DESIGN } from '../../electron/core/study/design.ts';
import type { Phase } from '../../electron/contract.ts';

import { newCore as coreIn, repoRoot, tempDir } from '../support.ts';

export { repoRoot };
export const PASSPHRASE = 'organizer secret';

export const newCore = (label: string): MirageCore => coreIn(tempDir(`mirage-${label}-`));

/**
 * A small study with the real demo generator: 6 phantoms and 6 synthetic images, a training
 * set of 1 + 1, readers Alice and Bob, going back allowed (so edits and history exist).
 */
export async function organizerStudy(core: MirageCore, name = 'Bundle study'): Promise<number> {
  const generator = await core.registerGenerator(demoModelPath(join(repoRoot, 'models')));
  const size = generator.outputSize[1];
  const series = core.db.transaction(() => Array.from({ length: 7 }, (_, i) => addSeries(core.db, `phantom ${i}`, 'phantom', renderPhantom(500 + i, { size, lesion: i % 2 === 0 }))))();
  return createStudy(core.db, {
    name, passphrase: PASSPHRASE,
    design: { ...DEFAULT_DESIGN, format: { ...DEFAULT_DESIGN.format, size }, options: { ...DEFAULT_DESIGN.options, allowBack: true } },
    real: series.slice(0, 6).map((seriesId) => ({ seriesId, slices: 1 })),
    trainingReal: [{ seriesId: series[6], slices: 1 }],
    synthetic: [core.generatorSource(generator.id, 6, 1)],
    readers: [{ name: 'Alice', pin: null, language: 'en' }, { name: 'Bob', pin: '1234', language: 'fr' }],
  });
}

export function readerId(core: MirageCore, studyId: number, name: string): number {
  return (core.db.prepare('SELECT id FROM readers WHERE study_id = ? AND name = ?').get(studyId, name) as { id: number }).id;
}

/** A reader answers `count` slots of `phase` from the first, through the contract, as the reading screen does. */
export async function read(core: MirageCore, studyId: number, name: string, phase: Phase, count: number, call: 'real' | 'synthetic' = 'real', from = 0): Promise<void> {
  const { session } = await core.call('openReading', { readerId: readerId(core, studyId, name), pin: name === 'Bob' ? '1234' : null });
  for (let position = from; position < from + count; position++) {
    const view = await core.call('getCase', { session, phase, position, prefetch: false });
    await core.call('submitScore', {
      session, token: view.token, realism: 1 + (position % 5), call, confidence: 2, freeText: null, roi: null,
      firstAnswerMs: 900 + position, totalMs: 2000 + position, timedOut: false,
    });
  }
}

export const countScores = (core: MirageCore, studyId: number, phase: Phase = 'study'): number =>
  (core.db.prepare('SELECT COUNT(*) AS n FROM scores s JOIN readers r ON r.id = s.reader_id WHERE r.study_id = ? AND s.phase = ?').get(studyId, phase) as { n: number }).n;
