import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadingSession, StudySummary } from '../electron/contract.ts';
import { errorMessage, mirage } from './api.ts';

interface Props {
  /** null until the list has loaded: the demo offer shows only when there really is no study. */
  studies: StudySummary[] | null;
  onRefresh: () => Promise<unknown>;
  onRead: (s: ReadingSession) => void;
  onOrganize: () => void;
}

/** First screen: the demo offer, the studies, and each study's reader profiles. */
export function Home({ studies, onRefresh, onRead, onOrganize }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pins, setPins] = useState<Record<number, string>>({});

  const demo = async () => {
    setBusy(true);
    try {
      const { passphrase } = await mirage.createDemoStudy({});
      setMessage(t('home.demoCreated', { passphrase }));
      await onRefresh();
    } catch (err) {
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const read = async (readerId: number) => {
    try {
      onRead(await mirage.openReading({ readerId, pin: pins[readerId] || null }));
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };

  return (
    <main className="home">
      <header>
        <h1>{t('app.title')}</h1>
        <p>{t('app.tagline')}</p>
        <button type="button" onClick={onOrganize}>{t('home.organizer')}</button>
      </header>
      {studies?.length === 0 && (
        <section className="card demo">
          <h2>{t('home.demoTitle')}</h2>
          <p>{t('home.demoText')}</p>
          <button type="button" className="primary" onClick={demo} disabled={busy}>{busy ? t('organizer.busy') : t('home.demoButton')}</button>
        </section>
      )}
      {message && <p role="status" className="status">{message}</p>}
      <section>
        <h2>{t('home.studies')}</h2>
        {studies?.length === 0 && <p>{t('home.noStudies')}</p>}
        {(studies ?? []).map((s) => (
          <article key={s.id} className="card study">
            <h3>{s.name} <small>v{s.version} · {t('home.cases', { count: s.caseCount })}</small></h3>
            <p>{t('home.pickReader')}</p>
            <ul className="readers">
              {s.readers.map((r) => (
                <li key={r.id}>
                  <span>{r.name}</span>
                  {r.hasPin && <input type="password" inputMode="numeric" aria-label={`${t('reader.pin')} ${r.name}`} placeholder={t('reader.pin')} value={pins[r.id] ?? ''} onChange={(e) => setPins({ ...pins, [r.id]: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && void read(r.id)} />}
                  <button type="button" onClick={() => void read(r.id)}>{t('home.read')}</button>
                </li>
              ))}
            </ul>
          </article>
        ))}
      </section>
    </main>
  );
}
