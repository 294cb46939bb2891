import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { openCore, resolveStudy } from '../open-core.ts';
import { exportStudyPackage } from '../../core/bundles/study-package.ts';
import { studyIdentity } from '../../core/bundles/identity.ts';

const usage = `Usage:
  mirage study list [--data DIR] [--json]
  mirage study package --study ID|UID [--out FILE] [--data DIR] [--json]
  mirage study install FILE [--data DIR] [--json]

  list      the studies in the data folder, with their uids
  package   write a study package (study, cases, sealed truth, readers and their orders)
            for reading workstations; default: the data folder's exports/
  install   install a study package on this machine; installing it again changes nothing

  --data DIR   the data folder (default: $MIRAGE_DATA_DIR, else the app's own)`;

export const studyCommand: Command = {
  name: 'study',
  summary: 'list studies; package a study for workstations, or install one',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: { data: { type: 'string' }, study: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    });
    const [action, ...files] = positionals;
    if (!((action === 'list' || action === 'package') && files.length === 0) && !(action === 'install' && files.length === 1)) {
      console.error(usage);
      return 2;
    }
    const core = openCore(values.data);
    try {
      let result: unknown;
      if (action === 'list') {
        const studies = (await core.call('listStudies', {})).map((s) => ({ id: s.id, uid: studyIdentity(core.db, s.id).uid, name: s.name, version: s.version, cases: s.caseCount, readers: s.readers.map((r) => r.name) }));
        result = studies;
        if (!values.json) for (const s of studies) console.log(`${s.id}\t${s.uid}\t${s.name} v${s.version}\t${s.cases} cases\t${s.readers.join(', ')}`);
      } else if (action === 'package') {
        const studyId = resolveStudy(core, values.study);
        const r = values.out
          ? await exportStudyPackage(core.db, studyId, resolve(values.out), core.options.appVersion)
          : await core.call('exportStudyPackage', { studyId });
        result = r;
        if (!values.json) console.log(`study ${r.studyUid}: ${r.cases} cases, ${r.readers} readers → ${r.path}`);
      } else {
        const r = await core.call('importStudyPackage', { path: resolve(files[0]) });
        result = r;
        if (!values.json) {
          console.log(`${r.created ? 'installed' : 'already installed'}: "${r.name}" (${r.studyUid}) as study ${r.studyId}${r.readersAdded.length ? `; readers added: ${r.readersAdded.join(', ')}` : ''}`);
        }
      }
      if (values.json) console.log(JSON.stringify(result, null, 2));
      return 0;
    } finally {
      core.close();
    }
  },
};
