// `npm run bench -- reading`: the reading loop in real Chromium on the real core.
// - next case: Enter pressed → the next case's image rendered (512×512 int16 cases, 500 of them);
// - stack scroll: arrow key → the next slice rendered, on a 128-slice 512×512 case;
// - renderer memory after the 500 cases.
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { renderPhantom } from '../../electron/core/generators/phantom.ts';
import { addSeries } from '../../electron/core/library.ts';
import { createStudy } from '../../electron/core/study/studies.ts';
import { DEFAULT_DESIGN } from '../../electron/core/study/design.ts';
import type { Volume } from '../../electron/core/imaging/volume.ts';
import { newCore, tempDir } from '../support.ts';
import { closeBrowser, e2eMode, launchApp } from '../e2e/harness.ts';
import { bench, percentile } from './machine.ts';

const CASES = 520;
const MEASURED = Number(process.env.BENCH_READING_CASES ?? 500);
const SIZE = 512;
const SLICES = 128;
const DISTINCT = 8;
/**
 * Pause between the answer keys and Enter. Readers spend seconds on a case, in which the
 * prefetch of the next ones completes; 200 ms is far below any human reading time, but
 * long enough that Enter measures the path the app is built for (score stored → case shown)
 * rather than prefetch work queued behind key presses fired back to back.
 */
const THINK_MS = 200;

async function buildStudies(dataDir: string): Promise<void> {
  const core = newCore(dataDir);
  const phantoms = Array.from({ length: DISTINCT }, (_, i) => renderPhantom(100 + i, { size: SIZE, lesion: i % 2 === 0 }));
  const ids = core.db.transaction(() => phantoms.map((p, i) => addSeries(core.db, `bench ${i}`, 'phantom', p)))();
  const design = { ...DEFAULT_DESIGN, format: { ...DEFAULT_DESIGN.format, size: SIZE }, options: { ...DEFAULT_DESIGN.options, breakReminderMin: null } };
  await createStudy(core.db, {
    name: 'Bench 2D', passphrase: 'bench', design,
    real: Array.from({ length: CASES }, (_, i) => ({ seriesId: ids[i % DISTINCT], slices: 1 })),
    synthetic: [], readers: [{ name: 'Reader 2D', pin: null, language: 'en' }],
  });
  // A 128-slice volume: the phantoms cycled, each slice shifted so that neighbours differ.
  const data = new Float32Array(SIZE * SIZE * SLICES);
  for (let z = 0; z < SLICES; z++) {
    const src = phantoms[z % DISTINCT].data;
    for (let i = 0; i < SIZE * SIZE; i++) data[z * SIZE * SIZE + i] = src[i] + (z % 7) * 3;
  }
  const volume: Volume = { modality: 'CT', width: SIZE, height: SIZE, depth: SLICES, spacing: [0.7, 0.7, 1], data };
  const volumeId = addSeries(core.db, 'bench volume', 'phantom', volume);
  await createStudy(core.db, {
    name: 'Bench 3D', passphrase: 'bench', design: { ...design, format: { ...design.format, depth: SLICES } },
    real: [{ seriesId: volumeId, slices: 1 }], synthetic: [], readers: [{ name: 'Reader 3D', pin: null, language: 'en' }],
  });
  core.close();
}

/** Records, in the page, the time from a key press to the render of a different image. */
async function instrument(page: Page, key: string): Promise<void> {
  await page.evaluate((key) => {
    const w = window as unknown as { benchSamples: number[] };
    w.benchSamples = [];
    let pressedAt = 0;
    let lastImage = '';
    window.addEventListener('keydown', (e) => { if (e.key === key) pressedAt = e.timeStamp; }, true);
    document.querySelector('[data-testid="viewport"]')!.addEventListener('cornerstoneimagerendered', (e) => {
      const id = (e as CustomEvent<{ image: { imageId: string } }>).detail.image.imageId;
      if (id === lastImage) return;
      lastImage = id;
      if (pressedAt) w.benchSamples.push(performance.now() - pressedAt);
      pressedAt = 0;
    });
  }, key);
}

const samples = (page: Page) => page.evaluate(() => (window as unknown as { benchSamples: number[] }).benchSamples);

/** Renderer processes of the browser under test (Chromium's or Electron's), with their resident memory in kB. */
function renderers(): Map<number, number> {
  const out = execFileSync('ps', ['-eo', 'pid,rss,args'], { encoding: 'utf8' });
  return new Map(out.split('\n').filter((l) => l.includes('--type=renderer')).map((l) => {
    const [pid, rss] = l.trim().split(/\s+/);
    return [Number(pid), Number(rss)] as [number, number];
  }));
}

/**
 * The pid of the page's own renderer process: the one whose memory grows while the page
 * holds 96 MB it has written to. Chromium also keeps a spare renderer and the launch's blank
 * page; their memory is not the app's, so it is not counted.
 */
async function pageRendererPid(page: Page): Promise<number | null> {
  try {
    const before = renderers();
    await page.evaluate(() => { (window as unknown as { benchMarker: Uint8Array }).benchMarker = new Uint8Array(96 * 2 ** 20).fill(1); });
    const after = renderers();
    await page.evaluate(() => { delete (window as unknown as { benchMarker?: Uint8Array }).benchMarker; });
    const [pid, grew] = [...after].map(([p, kb]) => [p, kb - (before.get(p) ?? kb)] as const).sort((a, b) => b[1] - a[1])[0] ?? [];
    return pid !== undefined && grew > 64 * 1024 ? pid : null;
  } catch {
    return null;
  }
}

export async function run(): Promise<void> {
  const dataDir = tempDir('mirage-bench-reading-');
  await buildStudies(dataDir);
  console.log(`# e2e mode: ${e2eMode}; ${MEASURED} cases of ${SIZE}×${SIZE} int16 (${THINK_MS} ms between the answer and Enter), one ${SLICES}-slice case`);
  const app = await launchApp(dataDir);
  const { page } = app;
  try {
    await page.locator('.readers li', { hasText: 'Reader 2D' }).getByRole('button').click();
    await page.locator('[data-testid="viewport"][data-token]').waitFor();
    // Garbage-collected first (Chromium only), so that the figures compare what is really held.
    const cdp = e2eMode === 'chromium' ? await page.context().newCDPSession(page) : null;
    const pid = await pageRendererPid(page);
    // The page's renderer only. In Chromium this includes what Playwright's Network domain keeps
    // of response bodies for DevTools (capped by Chromium), which the packaged app does not have.
    const settledRss = async () => {
      await cdp?.send('HeapProfiler.collectGarbage');
      const kb = pid === null ? undefined : renderers().get(pid);
      return kb === undefined ? null : kb / 1024;
    };
    // What the page itself holds: V8's heap and ArrayBuffer backing stores (pixels), after GC.
    const pageHeld = async (label: string) => {
      if (!cdp) return;
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = await cdp.send('Runtime.getHeapUsage') as { usedSize: number; backingStorageSize?: number };
      bench(`reading.js_heap_mb_${label}`, usage.usedSize / 2 ** 20);
      if (usage.backingStorageSize !== undefined) bench(`reading.array_buffers_mb_${label}`, usage.backingStorageSize / 2 ** 20);
    };
    const start = await settledRss();
    if (start !== null) bench('reading.renderer_mb_at_first_case', start);
    await pageHeld('at_first_case');
    await instrument(page, 'Enter');
    for (let i = 0; i < MEASURED; i++) {
      for (const k of ['3', 'r', '8']) await page.keyboard.press(k);
      await page.waitForTimeout(THINK_MS);
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => (window as unknown as { benchSamples: number[] }).benchSamples.length > n, i);
      // Memory early on too, so that "flat" can be read from the figures.
      if (i === 99) {
        const early = await settledRss();
        if (early !== null) bench('reading.renderer_mb_after_100', early);
        await pageHeld('after_100');
      }
    }
    const next = await samples(page);
    // The bridge's own round trip is part of every answer's path: print it so the figure can be read.
    bench('reading.bridge_round_trip_p50_ms', percentile(await page.evaluate(async () => {
      const m = (window as unknown as { mirage: { appInfo(i: object): Promise<unknown> } }).mirage;
      const t: number[] = [];
      for (let i = 0; i < 50; i++) {
        const a = performance.now();
        await m.appInfo({});
        t.push(performance.now() - a);
      }
      return t;
    }), 50));
    bench('reading.next_case_p50_ms', percentile(next, 50));
    bench('reading.next_case_p95_ms', percentile(next, 95));
    const rss = await settledRss();
    if (rss !== null) bench('reading.renderer_mb_after_500', rss);
    await pageHeld('after_500');

    await page.reload();
    await page.locator('.readers li', { hasText: 'Reader 3D' }).getByRole('button').click();
    await page.locator('[data-testid="viewport"][data-token]').waitFor();
    // The case opens on its middle slice: scroll up to the top unmeasured, then down and up through all of it.
    const scroll: number[] = [];
    for (const [key, steps, measure] of [['ArrowUp', SLICES / 2, false], ['ArrowDown', SLICES - 1, true], ['ArrowUp', SLICES - 1, true]] as const) {
      await instrument(page, key);
      for (let i = 0; i < steps; i++) {
        await page.keyboard.press(key);
        await page.waitForFunction((n) => (window as unknown as { benchSamples: number[] }).benchSamples.length > n, i);
      }
      if (measure) scroll.push(...(await samples(page)));
    }
    bench('reading.scroll_frame_p50_ms', percentile(scroll, 50));
    bench('reading.scroll_frame_p95_ms', percentile(scroll, 95));
  } finally {
    await app.close();
    await closeBrowser();
  }
}
