import { useTranslation } from 'react-i18next';
import type { StudyAnalysisSummary } from '../../electron/contract.ts';
import { mirage } from '../api.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** The generator leaderboard of an unsealed analysis, with its quality flags and the files written. */
export function AnalysisResults({ summary, onMessage }: { summary: StudyAnalysisSummary; onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const report = summary.files.find((f) => f.endsWith('report.html'));
  const savePdf = async () => {
    if (!report) return;
    try {
      onMessage(t('organizer.pdfSaved', { path: await mirage.exportReportPdf({ htmlPath: report }) }));
    } catch (err) {
      onMessage(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section className="card" data-testid="analysis-results">
      <h2>{t('organizer.analysis')}</h2>
      <table>
        <thead>
          <tr><th>{t('organizer.generator')}</th><th>{t('organizer.foolRate')}</th><th>HU W1</th><th>{t('organizer.spread')}</th><th>{t('organizer.copies')}</th><th>{t('organizer.radiomicFd')}</th></tr>
        </thead>
        <tbody>
          {summary.generators.map((g) => (
            <tr key={g.name}>
              <td>{g.name}</td>
              <td>{g.foolRate ? `${pct(g.foolRate.estimate)} [${pct(g.foolRate.lower)}, ${pct(g.foolRate.upper)}]` : '—'}</td>
              {'missing' in g.quality
                ? <td colSpan={4}>{g.quality.missing}</td>
                : <><td>{g.quality.huWasserstein.toFixed(1)}</td><td>{g.quality.spreadRatio.toFixed(2)}</td><td>{g.quality.copiesFlagged}</td><td>{g.quality.radiomicFrechet.toFixed(2)}</td></>}
            </tr>
          ))}
        </tbody>
      </table>
      {summary.generators.flatMap((g) => ('missing' in g.quality ? [] : g.quality.flags.map((f) => <p key={`${g.name}${f}`} className="error">{g.name}: {f}</p>)))}
      {summary.generators.map((g) => ('missing' in g.quality ? null : (
        <figure key={`pairs-${g.name}`} className="pairs">
          <img src={`data:image/png;base64,${g.quality.closestPairsPng}`} alt={t('organizer.closestPairs', { generator: g.name })} />
          <figcaption>{t('organizer.closestPairs', { generator: g.name })}</figcaption>
        </figure>
      )))}
      {summary.warnings.map((w) => <p key={w} className="status">{w}</p>)}
      <p className="status">{t('organizer.filesIn', { dir: summary.dir })}</p>
      <ul>{summary.files.map((f) => <li key={f}>{f.slice(summary.dir.length + 1)}</li>)}</ul>
      <button type="button" onClick={() => void savePdf()}>{t('organizer.savePdf')}</button>
    </section>
  );
}
