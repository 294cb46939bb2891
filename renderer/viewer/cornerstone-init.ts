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

/**
 * Draws an element's greyscale image now. cornerstone.drawImage only marks the element for
 * its next animation frame, up to 16.7 ms later; its synchronous draw (internal/drawImageSync)
 * is not exported, so this does the same with public calls: render, clear the redraw flags,
 * and announce IMAGE_RENDERED (on which cornerstone-tools draws its annotations).
 */
export function drawNow(element: HTMLElement): void {
  const enabled = cornerstone.getEnabledElement(element);
  if (!enabled.image || !enabled.canvas) return;
  const start = performance.now();
  // renderGrayscaleImage records its timings here; drawImageSync resets them before each draw.
  (enabled.image as { stats?: object }).stats = { lastGetPixelDataTime: -1, lastStoredPixelDataToCanvasImageDataTime: -1, lastPutImageDataTime: -1, lastRenderTime: -1, lastLutGenerateTime: -1 };
  cornerstone.renderGrayscaleImage(enabled, true);
  Object.assign(enabled, { invalid: false, needsRedraw: false });
  // (@types/cornerstone-core types the target as its own EventTarget class; any DOM element works.)
  cornerstone.triggerEvent(element as unknown as Parameters<typeof cornerstone.triggerEvent>[0], cornerstone.EVENTS.IMAGE_RENDERED, {
    viewport: enabled.viewport, element, image: enabled.image, enabledElement: enabled,
    canvasContext: enabled.canvas.getContext('2d'), renderTimeInMs: performance.now() - start,
  });
}

export { cornerstone, cornerstoneTools };
