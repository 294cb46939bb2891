import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeneratorSummary, Progress, SeriesSummary, StudyAnalysisSummary, StudySummary } from '../../electron/contract.ts';
import { errorMessage, mirage } from '../api.ts';
import { StudyForm } from './StudyForm.tsx';
import { Bundles } from './Bundles.tsx';
import { AnalysisResults } from './AnalysisResults.tsx';

interface Props {
  studies: StudySummary[];
  onRefresh: () => Promise<unknown>;
  onHome: () => void;
}

/** Organizer workspace: bring scans and generators in, design studies, export scores. */
export function Organizer({ studies, onRefresh, onHome }: Props) {
  const { t } = useTranslation();
  const [series, setSeries] = useState<SeriesSummary[]>([]);
  const [generators, setGenerators] = useState<GeneratorSummary[]>([]);
  const [scanPath, setScanPath] = useState('');
  const [modelPath, setModelPath] = useState('');
  const [log, setLog] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [analysis, setAnalysis] = useState<StudyAnalysisSummary | null>(null);
  const [proposal, setProposal] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [passphrases, setPassphrases] = useState<Record<number, string>>({});

  const reload = async () => {
    setSeries(await mirage.listSeries({}));
    setGenerators(await mirage.listGenerators({}));
  };
  useEffect(() => {
    void reload();
    return mirage.on('progress', setProgress);
  }, []);

  const run = async (action: () => Promise<string[]>) => {
    setBusy(true);
    try {
      setLog(await action());
      setProgress(null);
      await reload();
      await onRefresh();
    } catch (err) {
      setLog([errorMessage(err)]);
      setProgress(null);
    } finally {
      setBusy(false);
    }
  };

  const browse = async (kind: 'folder' | 'file', set: (p: string) => void) => {
    const picked = await mirage.pickPath({ kind }).catch(() => null);
    if (picked) set(picked);
  };

  return (
    <main className="organizer">
      <header>
        <h1>{t('organizer.title')}</h1>
        <button type="button" onClick={onHome}>{t('organizer.home')}</button>
      </header>
      <section className="card">
        <h2>{t('organizer.library')}</h2>
        <label>{t('organizer.importPath')} <input name="scan-path" value={scanPath} onChange={(e) => setScanPath(e.target.value)} /></label>
        <button type="button" onClick={() => void browse('folder', setScanPath)}>{t('organizer.browse')}</button>
        <button type="button" disabled={busy || !scanPath} onClick={() => void run(async () => {
          const r = await mirage.importScans({ path: scanPath });
          return [t('organizer.imported', { count: r.imported.length }), ...r.warnings, ...r.skipped.map((s) => t('organizer.skipped', s))];
        })}>{t('organizer.import')}</button>
        <ul className="series">{series.map((s) => <li key={s.id}>#{s.id} {s.label} — {s.modality} {s.width}×{s.height}×{s.depth}</li>)}</ul>
      </section>
      <section className="card">
        <h2>{t('organizer.generators')}</h2>
        <label>{t('organizer.modelPath')} <input name="model-path" value={modelPath} onChange={(e) => setModelPath(e.target.value)} /></label>
        <button type="button" onClick={() => void browse('file', setModelPath)}>{t('organizer.browse')}</button>
        <button type="button" disabled={busy || !modelPath} onClick={() => void run(async () => {
          const r = await mirage.registerGenerator({ path: modelPath });
          if ('proposal' in r) {
            setProposal(JSON.stringify(r.proposal, null, 2));
            return [r.reason];
          }
          return [`${r.generator.name} (${r.generator.sha256.slice(0, 12)}…)`];
        })}>{t('organizer.register')}</button>
        {proposal !== null && (
          <div className="proposal">
            <label>{t('organizer.proposedManifest')} <textarea name="manifest" rows={14} value={proposal} onChange={(e) => setProposal(e.target.value)} /></label>
            <button type="button" disabled={busy} onClick={() => void run(async () => {
              const r = await mirage.registerGenerator({ path: modelPath, manifest: JSON.parse(proposal) });
              setProposal(null);
              return 'generator' in r ? [`${r.generator.name} (${r.generator.sha256.slice(0, 12)}…)`] : [r.reason];
            })}>{t('organizer.confirmManifest')}</button>
          </div>
        )}
        <ul className="generators">{generators.map((g) => <li key={g.id}>#{g.id} {g.name} — {g.outputSize.join('×')} · {g.sha256.slice(0, 12)}…</li>)}</ul>
      </section>
      <StudyForm series={series} generators={generators} busy={busy} onCreate={(input) => run(async () => {
        const { studyId, generation } = await mirage.createStudy(input);
        return [`${t('organizer.created')}: #${studyId}`, ...generation.map((g) => t('organizer.generatedOn', {
          generator: g.generator, images: g.images, provider: g.workers > 1 ? `${g.provider} ×${g.workers}` : g.provider, rate: g.imagesPerSecond.toFixed(0),
          failures: g.providerFailures.map((f) => `${f.provider}: ${f.reason}`).join('; ') || '—',
        }))];
      })} />
      <section className="card">
        <h2>{t('home.studies')}</h2>
        {studies.map((s) => (
          <article key={s.id} className="study-row">
            <strong>{s.name}</strong> v{s.version} · {t('home.cases', { count: s.caseCount })} · {s.readers.map((r) => r.name).join(', ')}
            <input type="password" aria-label={`${t('organizer.passphrase')} ${s.name}`} placeholder={t('organizer.passphrase')} value={passphrases[s.id] ?? ''} onChange={(e) => setPassphrases({ ...passphrases, [s.id]: e.target.value })} />
            <button type="button" disabled={busy || !passphrases[s.id]} onClick={() => void run(async () => {
              const r = await mirage.exportScoresCsv({ studyId: s.id, passphrase: passphrases[s.id] });
              return [t('organizer.exported', { ...r })];
            })}>{t('organizer.export')}</button>
            <button type="button" disabled={busy || !passphrases[s.id]} onClick={() => void run(async () => {
              setAnalysis(await mirage.analyzeStudy({ studyId: s.id, passphrase: passphrases[s.id] }));
              return [];
            })}>{t('organizer.analyze')}</button>
          </article>
        ))}
      </section>
      {analysis && <AnalysisResults summary={analysis} onMessage={(m) => setLog([m])} />}
      <Bundles studies={studies} onRefresh={onRefresh} />
      {progress && (
        <div className="progress-panel" role="progressbar" aria-valuenow={progress.done} aria-valuemax={progress.total}>
          <progress value={progress.done} max={progress.total} /> {progress.done}/{progress.total} · {progress.message}
          {busy && <button type="button" onClick={() => void mirage.cancelStudyCreation({})}>{t('organizer.cancel')}</button>}
        </div>
      )}
      <pre className="log" role="status" data-testid="organizer-log">{log.join('\n')}</pre>
    </main>
  );
}
