// The one place cornerstone and cornerstone-tools are wired together (as OHIF does), imported once.
import cornerstone from 'cornerstone-core';
import cornerstoneTools from 'cornerstone-tools';
import cornerstoneMath from 'cornerstone-math';
import Hammer from 'hammerjs';
import { loadMirageImage } from './image-loader.ts';

cornerstoneTools.external.cornerstone = cornerstone;
cornerstoneTools.external.cornerstoneMath = cornerstoneMath;
cornerstoneTools.external.Hammer = Hammer;
// globalToolSyncEnabled: tools added globally attach to every enabled element.
cornerstoneTools.init({ globalToolSyncEnabled: true, showSVGCursors: true });
cornerstone.registerImageLoader('mirage', loadMirageImage as never);
// Cases are HU by construction (the study case format): tell the ROI tool so it labels mean/SD in HU.
cornerstone.metaData.addProvider((type: string, imageId: string) =>
  (type === 'generalSeriesModule' && imageId.startsWith('mirage:') ? { modality: 'CT' } : undefined));
// A bounded cache keeps renderer memory flat over hundreds of cases.
cornerstone.imageCache.setMaximumSizeBytes(256 * 1024 * 1024);

const tools = ['WwwcTool', 'PanTool', 'ZoomTool', 'StackScrollMouseWheelTool', 'LengthTool', 'EllipticalRoiTool'];
for (const tool of tools) cornerstoneTools.addTool(cornerstoneTools[tool]);

/** cornerstone-tools keeps its stack-scroll helper internal. */
export const scrollToIndex = cornerstoneTools.importInternal('util/scrollToIndex') as (element: HTMLElement, index: number) => void;

export { cornerstone, cornerstoneTools };
