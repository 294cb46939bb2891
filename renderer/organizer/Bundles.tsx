import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionBundleImport, StudySummary } from '../../electron/contract.ts';
import { errorMessage, mirage } from '../api.ts';

interface Props {
  studies: StudySummary[];
  onRefresh: () => Promise<unknown>;
}

/** Studies out to reading workstations (packages) and sessions back (bundles), by file path. */
export function Bundles({ studies, onRefresh }: Props) {
  const { t } = useTranslation();
  const [studyId, setStudyId] = useState<number | null>(null);
  const [workstation, setWorkstation] = useState('');
  const [path, setPath] = useState('');
  const [log, setLog] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const study = studyId ?? studies[0]?.id ?? null;

  const run = async (action: () => Promise<string[]>) => {
    setBusy(true);
    try {
      setLog(await action());
      await onRefresh();
    } catch (err) {
      setLog([errorMessage(err)]);
    } finally {
      setBusy(false);
    }
  };

  const merged = (r: SessionBundleImport): string[] => [
    r.alreadyImported ? t('bundles.already', { file: r.file }) : t('bundles.merged', { ...r, conflicts: r.conflicts.length }),
    ...r.conflicts.map((c) => t('bundles.conflict', { reader: c.reader, phase: c.phase, position: c.position, ours: c.ours.call ?? c.ours.realism, theirs: c.theirs.call ?? c.theirs.realism })),
  ];

  return (
    <section className="card bundles">
      <h2>{t('bundles.title')}</h2>
      <label>{t('bundles.study')} <select name="bundle-study" value={study ?? ''} onChange={(e) => setStudyId(Number(e.target.value))}>
        {studies.map((s) => <option key={s.id} value={s.id}>{s.name} v{s.version}</option>)}
      </select></label>
      <button type="button" disabled={busy || study === null} onClick={() => void run(async () => {
        const r = await mirage.exportStudyPackage({ studyId: study! });
        return [t('bundles.packaged', { ...r })];
      })}>{t('bundles.exportPackage')}</button>
      <label>{t('bundles.workstation')} <input name="bundle-workstation" value={workstation} onChange={(e) => setWorkstation(e.target.value)} /></label>
      <button type="button" disabled={busy || study === null || !workstation.trim()} onClick={() => void run(async () => {
        const r = await mirage.exportSessionBundle({ studyId: study!, workstation });
        return [t('bundles.exported', { ...r })];
      })}>{t('bundles.exportBundle')}</button>
      <label>{t('bundles.path')} <input name="bundle-path" value={path} onChange={(e) => setPath(e.target.value)} /></label>
      <button type="button" onClick={() => void mirage.pickPath({ kind: 'file' }).then((p) => p && setPath(p)).catch(() => {})}>{t('organizer.browse')}</button>
      <button type="button" disabled={busy || !path} onClick={() => void run(async () => {
        const r = await mirage.importStudyPackage({ path });
        return [r.created ? t('bundles.installed', { ...r }) : t('bundles.reinstalled', { ...r, readers: r.readersAdded.length })];
      })}>{t('bundles.install')}</button>
      <button type="button" disabled={busy || !path || study === null} onClick={() => void run(async () => merged(await mirage.importSessionBundle({ studyId: study!, path })))}>
        {t('bundles.importBundle')}
      </button>
      <pre className="log" role="status" data-testid="bundles-log">{log.join('\n')}</pre>
    </section>
  );
}
