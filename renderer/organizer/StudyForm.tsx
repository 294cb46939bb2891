import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput, GeneratorSummary, SeriesSummary } from '../../electron/contract.ts';
import { DEFAULT_DESIGN, type PresetName } from '../../electron/core/study/design.ts';
import { PRESET_ORDER } from '../viewer/presets.ts';

interface Props {
  series: SeriesSummary[];
  generators: GeneratorSummary[];
  busy: boolean;
  onCreate: (input: CallInput<'createStudy'>) => void;
}

const PROVIDERS = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const;
type Provider = (typeof PROVIDERS)[number];

/** "name, PIN, fr" per line → reader profiles. */
function parseReaders(text: string): CallInput<'createStudy'>['readers'] {
  return text.split('\n').map((l) => l.split(',').map((p) => p.trim())).filter(([name]) => name).map(([name, pin, lang]) => ({
    name, pin: pin || null, language: lang === 'fr' ? 'fr' : 'en',
  }));
}

export function StudyForm({ series, generators, busy, onCreate }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [slices, setSlices] = useState<Record<number, number>>({});
  const [counts, setCounts] = useState<Record<number, number>>({});
  const [training, setTraining] = useState<Record<number, number>>({});
  const [providers, setProviders] = useState<Record<number, Provider | ''>>({});
  const [trainingSlices, setTrainingSlices] = useState<Record<number, number>>({});
  const [readers, setReaders] = useState('');
  const [design, setDesign] = useState(DEFAULT_DESIGN);
  const setOption = <K extends keyof typeof design.options>(k: K, v: (typeof design.options)[K]) => setDesign({ ...design, options: { ...design.options, [k]: v } });
  const setQuestion = (k: keyof typeof design.questions, v: boolean) => setDesign({ ...design, questions: { ...design.questions, [k]: v } });

  const submit = () => onCreate({
    name, passphrase, design: { ...design, seed: Math.floor(Math.random() * 2 ** 32) },
    real: Object.entries(slices).filter(([, n]) => n > 0).map(([id, n]) => ({ seriesId: Number(id), slices: n })),
    trainingReal: Object.entries(trainingSlices).filter(([, n]) => n > 0).map(([id, n]) => ({ seriesId: Number(id), slices: n })),
    generators: generators.map((g) => ({ generatorId: g.id, count: counts[g.id] ?? 0, trainingCount: training[g.id] ?? 0, provider: providers[g.id] || undefined }))
      .filter((g) => g.count + g.trainingCount > 0),
    readers: parseReaders(readers),
  });

  return (
    <section className="card study-form">
      <h2>{t('organizer.newStudy')}</h2>
      <label>{t('organizer.name')} <input name="study-name" value={name} onChange={(e) => setName(e.target.value)} /></label>
      <label>{t('organizer.passphrase')} <input name="study-passphrase" type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} /></label>
      <label>{t('organizer.size')} <input name="study-size" type="number" min={16} max={1024} value={design.format.size} onChange={(e) => setDesign({ ...design, format: { ...design.format, size: Number(e.target.value) } })} /></label>
      <label>{t('organizer.defaultPreset')} <select name="study-preset" value={design.defaultPreset} onChange={(e) => setDesign({ ...design, defaultPreset: e.target.value as PresetName })}>
        {PRESET_ORDER.map((p) => <option key={p} value={p}>{t(`viewer.${p}`)}</option>)}
      </select></label>
      <fieldset>
        {(['realism', 'realSynthetic', 'freeText', 'roi'] as const).map((q) => (
          <label key={q}><input type="checkbox" name={`q-${q}`} checked={design.questions[q]} onChange={(e) => setQuestion(q, e.target.checked)} /> {t(`organizer.question.${q}`)}</label>
        ))}
      </fieldset>
      <label>{t('organizer.repeats')} <input name="study-repeats" type="number" min={0} max={0.5} step={0.05} value={design.options.repeatFraction} onChange={(e) => setOption('repeatFraction', Number(e.target.value))} /></label>
      <label><input type="checkbox" name="study-allow-back" checked={design.options.allowBack} onChange={(e) => setOption('allowBack', e.target.checked)} /> {t('organizer.allowBack')}</label>
      <label>{t('organizer.timeLimit')} <input name="study-time-limit" type="number" min={0} max={3600} value={design.options.timeLimitSec ?? 0} onChange={(e) => setOption('timeLimitSec', Number(e.target.value) || null)} /></label>
      <label>{t('organizer.breakReminder')} <input name="study-break" type="number" min={0} max={480} value={design.options.breakReminderMin ?? 0} onChange={(e) => setOption('breakReminderMin', Number(e.target.value) || null)} /></label>
      <label>{t('reading.instructions')} <textarea name="study-instructions" value={design.options.instructions} onChange={(e) => setOption('instructions', e.target.value)} /></label>
      <table>
        <tbody>
          {series.map((s) => (
            <tr key={s.id}><td>{s.label}</td><td><input name={`series-${s.id}`} type="number" min={0} max={s.depth} value={slices[s.id] ?? 0} onChange={(e) => setSlices({ ...slices, [s.id]: Number(e.target.value) })} /> {t('organizer.slices')}
              {' + '}<input name={`training-series-${s.id}`} type="number" min={0} max={s.depth} value={trainingSlices[s.id] ?? 0} onChange={(e) => setTrainingSlices({ ...trainingSlices, [s.id]: Number(e.target.value) })} /> {t('organizer.training')}
            </td></tr>
          ))}
          {generators.map((g) => (
            <tr key={g.id}><td>{g.name}</td><td>
              <input name={`generator-${g.id}`} type="number" min={0} value={counts[g.id] ?? 0} onChange={(e) => setCounts({ ...counts, [g.id]: Number(e.target.value) })} /> {t('organizer.count')}
              {' + '}<input name={`training-${g.id}`} type="number" min={0} value={training[g.id] ?? 0} onChange={(e) => setTraining({ ...training, [g.id]: Number(e.target.value) })} /> {t('organizer.training')}
              {' '}<select name={`provider-${g.id}`} aria-label={t('organizer.provider')} value={providers[g.id] ?? ''} onChange={(e) => setProviders({ ...providers, [g.id]: e.target.value as Provider | '' })}>
                <option value="">{t('organizer.providerAuto')}</option>
                {PROVIDERS.map((p) => <option key={p} value={p}>{p}</option>)}
              </select>
            </td></tr>
          ))}
        </tbody>
      </table>
      <label>{t('organizer.readers')} <textarea name="study-readers" value={readers} onChange={(e) => setReaders(e.target.value)} /></label>
      <button type="button" className="primary" disabled={busy || !name || passphrase.length < 4} onClick={submit}>{t('organizer.create')}</button>
    </section>
  );
}
