import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { openCore, resolveStudy } from '../open-core.ts';
import { exportSessionBundle } from '../../core/bundles/session-bundle.ts';
import type { SessionBundleImport } from '../../contract.ts';

const usage = `Usage:
  mirage bundle export --study ID|UID [--workstation LABEL] [--out FILE] [--data DIR] [--json]
  mirage bundle import --study ID|UID FILE... [--data DIR] [--json]

  export   write this workstation's session bundle: every score of the study with timings,
           visits and edit history, signed for the study; default: the data folder's exports/
           (the label defaults to the host name)
  import   merge session bundles into the organizer's study; a bundle imported before
           changes nothing; conflicting scores are listed and the stored ones kept.
           Exits 1 if a file is rejected, 3 if there were conflicts.

  --data DIR   the data folder (default: $MIRAGE_DATA_DIR, else the app's own)`;

function describe(r: SessionBundleImport): string {
  const head = r.alreadyImported
    ? `${r.file}: already imported (${r.workstation}); nothing changed`
    : `${r.file}: ${r.workstation}: ${r.imported} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.conflicts.length} conflicts`;
  return [head, ...r.conflicts.map((c) =>
    `  conflict: ${c.reader}, ${c.phase} case ${c.position}: kept ${c.ours.call ?? '-'}/${c.ours.confidence ?? '-'} realism ${c.ours.realism ?? '-'}; bundle has ${c.theirs.call ?? '-'}/${c.theirs.confidence ?? '-'} realism ${c.theirs.realism ?? '-'}`)].join('\n');
}

export const bundleCommand: Command = {
  name: 'bundle',
  summary: 'export a session bundle from a workstation, or import bundles into the study',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: { data: { type: 'string' }, study: { type: 'string' }, workstation: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    });
    const [action, ...files] = positionals;
    if (!(action === 'export' && files.length === 0) && !(action === 'import' && files.length > 0)) {
      console.error(usage);
      return 2;
    }
    const core = openCore(values.data);
    try {
      const studyId = resolveStudy(core, values.study);
      if (action === 'export') {
        const workstation = (values.workstation ?? hostname()).trim();
        const r = values.out
          ? exportSessionBundle(core.db, studyId, resolve(values.out), { workstation, appVersion: core.options.appVersion })
          : await core.call('exportSessionBundle', { studyId, workstation });
        console.log(values.json ? JSON.stringify(r, null, 2) : `${r.scores} scores of ${r.readers} readers → ${r.path}`);
        return 0;
      }
      // Each file in its own transaction: one rejected bundle does not hold back the others.
      const results: SessionBundleImport[] = [];
      let failed = 0;
      for (const file of files) {
        try {
          const r = await core.call('importSessionBundle', { studyId, path: resolve(file) });
          results.push(r);
          if (!values.json) console.log(describe(r));
        } catch (err) {
          failed++;
          console.error(err instanceof Error ? err.message : String(err));
        }
      }
      if (values.json) console.log(JSON.stringify(results, null, 2));
      return failed ? 1 : results.some((r) => r.conflicts.length && !r.alreadyImported) ? 3 : 0;
    } finally {
      core.close();
    }
  },
};
