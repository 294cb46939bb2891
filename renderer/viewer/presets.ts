import { WINDOW_PRESETS, type PresetName } from '../../electron/core/study/design.ts';

export const PRESET_ORDER: PresetName[] = ['abdomen', 'liver', 'soft', 'bone'];
export { WINDOW_PRESETS, type PresetName };

export function nextPreset(current: PresetName): PresetName {
  return PRESET_ORDER[(PRESET_ORDER.indexOf(current) + 1) % PRESET_ORDER.length];
}
