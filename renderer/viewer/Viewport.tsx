import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { cornerstone, cornerstoneTools, drawNow, scrollToIndex } from './cornerstone-init.ts';
import { imageIdsOf, prepareCase } from './image-loader.ts';
import { WINDOW_PRESETS, type PresetName } from './presets.ts';

export type ToolName = 'Wwwc' | 'Pan' | 'Zoom' | 'Length' | 'EllipticalRoi';

export interface ViewportCase {
  token: string;
  width: number;
  height: number;
  depth: number;
  pixelSpacingMm: number;
}

export interface ViewportHandle {
  /** Shows a case now, ahead of React's next render. */
  show(item: ViewportCase): Promise<void>;
  scroll(delta: number): void;
  setPreset(preset: PresetName): void;
  toggleInvert(): void;
  reset(): void;
  setTool(tool: ToolName): void;
  /** The elliptical ROI drawn on this case, if any, in image coordinates. */
  roi(): { kind: 'ellipse'; handles: { x: number; y: number }[]; slice: number } | null;
}

interface Props {
  item: ViewportCase;
  preset: PresetName;
  onSliceChange?: (slice: number) => void;
}

export const middleSlice = (depth: number) => Math.floor((depth - 1) / 2);

const LEFT = 1;
const RIGHT = 2;
const MIDDLE = 4;

/**
 * A Cornerstone viewport in React (after react-cornerstone-viewport): the element is
 * enabled once; each case swaps the stack. Shows no overlay text at all, so nothing
 * on screen but pixels can hint at a case's source.
 */
export const Viewport = forwardRef<ViewportHandle, Props>(function Viewport({ item, preset, onSliceChange }, ref) {
  const element = useRef<HTMLDivElement>(null);
  const slice = useRef(0);

  useEffect(() => {
    const el = element.current!;
    cornerstone.enable(el);
    cornerstoneTools.addStackStateManager(el, ['stack']);
    cornerstoneTools.setToolActive('Wwwc', { mouseButtonMask: LEFT });
    cornerstoneTools.setToolActive('Pan', { mouseButtonMask: MIDDLE });
    cornerstoneTools.setToolActive('Zoom', { mouseButtonMask: RIGHT });
    cornerstoneTools.setToolActive('StackScrollMouseWheel', {});
    const onResize = () => cornerstone.resize(el, true);
    const onNewImage = (e: Event) => {
      const id = (e as CustomEvent<{ image: { imageId: string } }>).detail.image.imageId;
      slice.current = Number(id.split('/')[1]);
      onSliceChange?.(slice.current);
    };
    window.addEventListener('resize', onResize);
    el.addEventListener(cornerstone.EVENTS.NEW_IMAGE, onNewImage);
    return () => {
      window.removeEventListener('resize', onResize);
      el.removeEventListener(cornerstone.EVENTS.NEW_IMAGE, onNewImage);
      cornerstone.disable(el);
    };
    // The element is enabled once for the component's life.
  }, []);

  const shown = useRef<string | null>(null);

  /**
   * Puts a case on screen and draws it at once (not at the next animation frame):
   * when its image was decoded ahead (prefetch), the case appears within the same task.
   */
  const display = async (next: ViewportCase) => {
    if (shown.current === next.token) return;
    shown.current = next.token;
    const el = element.current!;
    const win = WINDOW_PRESETS[preset];
    const imageIds = imageIdsOf(next.token, next.depth);
    const first = middleSlice(next.depth);
    const image = await cornerstone.loadAndCacheImage(imageIds[first]);
    if (shown.current !== next.token) return;
    cornerstoneTools.clearToolState(el, 'stack');
    cornerstoneTools.addToolState(el, 'stack', { currentImageIdIndex: first, imageIds });
    for (const tool of ['Length', 'EllipticalRoi']) cornerstoneTools.clearToolState(el, tool);
    const viewport = cornerstone.getDefaultViewportForImage(el, image);
    viewport.voi = { windowWidth: win.width, windowCenter: win.center };
    cornerstone.displayImage(el, image, viewport);
    drawNow(el);
    el.dataset.token = next.token;
    slice.current = first;
    onSliceChange?.(first);
  };

  useEffect(() => {
    prepareCase(item.token, { width: item.width, height: item.height, pixelSpacingMm: item.pixelSpacingMm, defaultWindow: WINDOW_PRESETS[preset] });
    display(item).catch((err: unknown) => {
      element.current!.dataset.error = String(err);
    });
    // Only a new case resets the view; a preset change is applied by setPreset.
  }, [item.token]);

  useImperativeHandle(ref, () => ({
    show: display,
    scroll(delta) {
      const target = Math.max(0, Math.min(item.depth - 1, slice.current + delta));
      if (target !== slice.current) scrollToIndex(element.current!, target);
    },
    setPreset(name) {
      const el = element.current!;
      const vp = cornerstone.getViewport(el);
      if (!vp) return;
      vp.voi = { windowWidth: WINDOW_PRESETS[name].width, windowCenter: WINDOW_PRESETS[name].center };
      cornerstone.setViewport(el, vp);
    },
    toggleInvert() {
      const el = element.current!;
      const vp = cornerstone.getViewport(el);
      if (!vp) return;
      vp.invert = !vp.invert;
      cornerstone.setViewport(el, vp);
    },
    reset() {
      cornerstone.reset(element.current!);
    },
    setTool(tool) {
      cornerstoneTools.setToolActive(tool, { mouseButtonMask: LEFT });
    },
    roi() {
      const state = cornerstoneTools.getToolState(element.current!, 'EllipticalRoi');
      const last = state?.data.at(-1) as { handles?: { start: { x: number; y: number }; end: { x: number; y: number } } } | undefined;
      if (!last?.handles) return null;
      return { kind: 'ellipse', handles: [last.handles.start, last.handles.end].map(({ x, y }) => ({ x, y })), slice: slice.current };
    },
  }), [item.depth, preset]);

  return <div className="viewport" onContextMenu={(e) => e.preventDefault()}><div ref={element} className="viewport-element" data-testid="viewport" /></div>;
});
