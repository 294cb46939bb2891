import { useTranslation } from 'react-i18next';

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const keys = ['realism', 'call', 'confidence', 'submit', 'preset', 'scroll', 'invert', 'help'] as const;
  return (
    <div className="modal" role="dialog" aria-label={t('reading.shortcuts')}>
      <h2>{t('reading.shortcuts')}</h2>
      <ul>{keys.map((k) => <li key={k}>{t(`keys.${k}`)}</li>)}</ul>
      <button type="button" onClick={onClose} autoFocus>{t('reading.close')}</button>
    </div>
  );
}
