import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadingSession, StudySummary } from '../electron/contract.ts';
import { errorMessage, mirage } from './api.ts';
import i18n from './i18n/index.ts';
import { Home } from './Home.tsx';
import { ReadingScreen } from './reading/ReadingScreen.tsx';
import { Organizer } from './organizer/Organizer.tsx';

type Screen = { name: 'home' } | { name: 'organizer' } | { name: 'reading'; session: ReadingSession };

export function App() {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<Screen>({ name: 'home' });
  const [studies, setStudies] = useState<StudySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => mirage.listStudies({}).then(setStudies).catch((e) => setError(errorMessage(e))), []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const startReading = (session: ReadingSession) => {
    void i18n.changeLanguage(session.language);
    setScreen({ name: 'reading', session });
  };
  const goHome = () => {
    void i18n.changeLanguage('en');
    void refresh();
    setScreen({ name: 'home' });
  };

  return (
    <div className="app">
      {error && <p className="error" role="alert">{t('errors.title')}: {error}</p>}
      {screen.name === 'home' && <Home studies={studies} onRefresh={refresh} onRead={startReading} onOrganize={() => setScreen({ name: 'organizer' })} />}
      {screen.name === 'organizer' && <Organizer studies={studies ?? []} onRefresh={refresh} onHome={goHome} />}
      {screen.name === 'reading' && <ReadingScreen session={screen.session} onExit={goHome} />}
    </div>
  );
}
