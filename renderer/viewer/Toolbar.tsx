import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { PRESET_ORDER, type PresetName } from './presets.ts';
import type { ToolName, ViewportHandle } from './Viewport.tsx';

interface Props {
  viewport: RefObject<ViewportHandle | null>;
  preset: PresetName;
  onPreset: (p: PresetName) => void;
}

const TOOLS: [ToolName, string][] = [['Wwwc', 'wl'], ['Pan', 'pan'], ['Zoom', 'zoom'], ['Length', 'length'], ['EllipticalRoi', 'roi']];

export function Toolbar({ viewport, preset, onPreset }: Props) {
  const { t } = useTranslation();
  return (
    <div className="toolbar" role="toolbar">
      {TOOLS.map(([tool, label]) => (
        <button type="button" key={tool} onClick={() => viewport.current?.setTool(tool)}>{t(`viewer.${label}`)}</button>
      ))}
      <button type="button" onClick={() => viewport.current?.toggleInvert()}>{t('viewer.invert')}</button>
      <button type="button" onClick={() => viewport.current?.reset()}>{t('viewer.reset')}</button>
      <label>
        {t('viewer.preset')}{' '}
        <select value={preset} onChange={(e) => onPreset(e.target.value as PresetName)}>
          {PRESET_ORDER.map((p) => <option key={p} value={p}>{t(`viewer.${p}`)}</option>)}
        </select>
      </label>
    </div>
  );
}
