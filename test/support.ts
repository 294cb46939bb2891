// Shared by core tests and end-to-end specs: paths and a real core on a fresh temp data dir.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MirageCore } from '../electron/core/service.ts';

export const repoRoot = resolve(import.meta.dirname, '..');
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const modelsDir = join(repoRoot, 'models');
export const tempDir = (prefix = 'mirage-test-') => mkdtempSync(join(tmpdir(), prefix));

export function newCore(dataDir = tempDir()): MirageCore {
  return new MirageCore({ dataDir, modelsDir, appVersion: 'test' });
}
