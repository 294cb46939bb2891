import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MirageCore } from '../core/service.ts';
import { resolveDataDir } from './data-dir.ts';

const repoRoot = join(import.meta.dirname, '..', '..');

/** The core on the app's data folder, with the checkout's models/ and the package version. */
export function openCore(dataFlag: string | undefined): MirageCore {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return new MirageCore({ dataDir: resolveDataDir(dataFlag), modelsDir: join(repoRoot, 'models'), appVersion: version });
}

/** A study by local id, or by uid (or a unique prefix of at least 8 characters): ids differ between machines, uids do not. */
export function resolveStudy(core: MirageCore, arg: string | undefined): number {
  if (!arg) throw new Error('--study ID or UID is required');
  if (/^\d+$/.test(arg)) {
    if (!core.db.prepare('SELECT 1 FROM studies WHERE id = ?').get(Number(arg))) throw new Error(`no study ${arg} in ${core.options.dataDir}`);
    return Number(arg);
  }
  if (!/^[0-9a-f]+$/i.test(arg)) throw new Error(`--study: "${arg}" is neither an id nor a study uid`);
  const rows = arg.length >= 8 ? core.db.prepare('SELECT id FROM studies WHERE uid LIKE ?').all(`${arg.toLowerCase()}%`) as { id: number }[] : [];
  if (rows.length !== 1) throw new Error(`${rows.length ? 'several studies match' : 'no study matches'} "${arg}" in ${core.options.dataDir}`);
  return rows[0].id;
}
