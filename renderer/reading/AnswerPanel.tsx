import { useTranslation } from 'react-i18next';
import type { Answer, ReadingSession } from '../../electron/contract.ts';

interface Props {
  questions: ReadingSession['design']['questions'];
  draft: Answer;
  onChange: (patch: Partial<Answer>) => void;
  onSubmit: () => void;
  complete: boolean;
  saving: boolean;
}

const CONFIDENCE = [
  [1, 'low'],
  [2, 'medium'],
  [3, 'high'],
] as const;

/** The answers, clickable; every key in the reading loop has its button here. */
export function AnswerPanel({ questions, draft, onChange, onSubmit, complete, saving }: Props) {
  const { t } = useTranslation();
  return (
    <form className="answers" onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
      {questions.realism && (
        <fieldset>
          <legend>{t('reading.realism')}</legend>
          <div className="choices">
            {[1, 2, 3, 4, 5].map((v) => (
              <button type="button" key={v} aria-pressed={draft.realism === v} onClick={() => onChange({ realism: v })}>{v}</button>
            ))}
          </div>
          <small>{t('reading.realismHint')}</small>
        </fieldset>
      )}
      {questions.realSynthetic && (
        <>
          <fieldset>
            <legend>{t('reading.call')}</legend>
            <div className="choices">
              <button type="button" aria-pressed={draft.call === 'real'} onClick={() => onChange({ call: 'real' })}>{t('reading.real')} <kbd>R</kbd></button>
              <button type="button" aria-pressed={draft.call === 'synthetic'} onClick={() => onChange({ call: 'synthetic' })}>{t('reading.synthetic')} <kbd>S</kbd></button>
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('reading.confidence')}</legend>
            <div className="choices">
              {CONFIDENCE.map(([v, label]) => (
                <button type="button" key={v} aria-pressed={draft.confidence === v} onClick={() => onChange({ confidence: v })}>{t(`reading.${label}`)} <kbd>{v + 6}</kbd></button>
              ))}
            </div>
          </fieldset>
        </>
      )}
      {questions.freeText && (
        <label className="free-text">
          {t('reading.freeText')}
          <textarea value={draft.freeText ?? ''} maxLength={2000} onChange={(e) => onChange({ freeText: e.target.value || null })} />
        </label>
      )}
      <button type="submit" className="primary" disabled={!complete || saving}>
        {saving ? t('reading.submitting') : complete ? t('reading.submit') : t('reading.incomplete')} <kbd>Enter</kbd>
      </button>
    </form>
  );
}
