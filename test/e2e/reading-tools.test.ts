// The reading screen with the mouse alone, the viewer's tools, a region of suspicion stored with
// the score, free text, and the per-case time limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDemoStudy, DEMO_PASSPHRASE } from '../../electron/core/demo.ts';
import { newCore } from '../support.ts';
import { appForThisFile, queryDb } from './harness.ts';

const app = appForThisFile(async (dataDir) => {
  const core = newCore(dataDir);
  const { studyId } = await createDemoStudy(core);
  const [study] = await core.call('listStudies', {});
  await core.call('updateStudyDesign', {
    studyId, passphrase: DEMO_PASSPHRASE,
    design: { ...study.design, questions: { realism: true, realSynthetic: true, freeText: true, roi: true }, options: { ...study.design.options, timeLimitSec: 3 } },
  });
  core.close();
});

const scores = () => queryDb<{ position: number; realism: number | null; call: string | null; confidence: number | null; free_text: string | null; roi: string | null; total_ms: number }>(app.dataDir, "SELECT position, realism, call, confidence, free_text, roi, total_ms FROM scores WHERE phase = 'study' ORDER BY position");

test('a reader answers with the mouse alone, marks a region of suspicion and writes what gave it away', async () => {
  const { page } = app;
  await page.locator('.readers li', { hasText: 'Demo reader' }).getByRole('button', { name: 'Read' }).click();
  const viewport = page.getByTestId('viewport');
  await viewport.and(page.locator('[data-token]')).waitFor();
  await page.getByRole('button', { name: 'Ellipse ROI' }).click();
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.45);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.55, { steps: 5 });
  await page.mouse.up();
  await page.getByRole('button', { name: 'Invert' }).click();
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.locator('select').first().selectOption('liver');
  await page.getByRole('button', { name: '4', exact: true }).click();
  await page.getByRole('button', { name: /^Synthetic/ }).click();
  await page.getByRole('button', { name: /^High/ }).click();
  await page.getByLabel('What gave it away? (optional)').fill('too smooth liver');
  await page.getByRole('button', { name: /Submit and continue/ }).click();
  await page.getByTestId('progress').getByText('2 / 20').waitFor();
  const [first] = scores();
  assert.deepEqual({ realism: first.realism, call: first.call, confidence: first.confidence, free_text: first.free_text }, { realism: 4, call: 'synthetic', confidence: 3, free_text: 'too smooth liver' });
  const roi = JSON.parse(first.roi!) as { kind: string; handles: { x: number; y: number }[] };
  assert.equal(roi.kind, 'ellipse');
  assert.equal(roi.handles.length, 2);
  assert.ok(roi.handles[1].x > roi.handles[0].x && roi.handles[1].y > roi.handles[0].y, 'drawn from top-left to bottom-right');
});

test('the time limit stores the case as timed out and moves on', async () => {
  const { page } = app;
  await page.getByTestId('progress').getByText('3 / 20').waitFor({ timeout: 10_000 });
  const [, timedOut] = scores();
  assert.equal(timedOut.position, 1);
  assert.equal(timedOut.call, null);
  assert.ok(timedOut.total_ms >= 2500, `${timedOut.total_ms} ms on the case`);
});
