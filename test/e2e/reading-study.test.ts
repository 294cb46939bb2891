// Issue 3 end to end: an organizer designs a study in the UI, two readers read it with the
// keyboard alone (one in French), the core is killed mid-session, and the database is checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { appForThisFile, queryDb, repoRoot, sharedDir } from './harness.ts';

const PASSPHRASE = 'liver lesions 2026';
const GENERATORS = ['demo-phantom/demo-phantom.onnx', 'demo-gan/demo-gan.onnx'].map((m) => join(repoRoot, 'models', m));

const app = appForThisFile();

const query = <T>(sql: string, ...params: unknown[]): T[] => queryDb<T>(app.dataDir, sql, ...params);

async function importScan(page: Page, path: string, expect: string) {
  await page.locator('input[name="scan-path"]').fill(path);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByTestId('organizer-log').getByText(expect).waitFor();
}

/** Answers the case on screen with keys only; returns when the next case (or the end) is shown. */
async function answerWithKeys(page: Page, keys: string[]) {
  const token = await page.getByTestId('viewport').getAttribute('data-token');
  for (const k of keys) await page.keyboard.press(k);
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => {
    const el = document.querySelector('[data-testid="viewport"]');
    return !el || (el.getAttribute('data-token') !== t && el.getAttribute('data-token') !== null) || document.querySelector('[role="dialog"]') !== null;
  }, token);
}

test('an organizer creates a 20-case study with 2 generators, repeats and training', async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'Organizer workspace' }).click();
  await importScan(page, join(sharedDir, 'fixtures/dicom/series-ct-5slices'), 'Imported 1 series');
  await importScan(page, join(sharedDir, 'fixtures/dicom/CT_small.dcm'), 'Imported 1 series');
  await importScan(page, join(sharedDir, 'fixtures/dicom/series-ct-4slices'), 'Imported 1 series');
  for (const model of GENERATORS) {
    await page.locator('input[name="model-path"]').fill(model);
    await page.getByRole('button', { name: 'Register' }).click();
  }
  await page.locator('ul.generators li').nth(1).waitFor();

  await page.locator('input[name="study-name"]').fill('Liver VTT');
  await page.locator('input[name="study-passphrase"]').fill(PASSPHRASE);
  await page.locator('input[name="study-repeats"]').fill('0.1');
  await page.locator('textarea[name="study-instructions"]').fill('Rate each image. Take your time.');
  const series = page.locator('input[name^="series-"]');
  await series.nth(0).fill('5');
  await series.nth(1).fill('1');
  await page.locator('input[name^="training-series-"]').nth(2).fill('2');
  const generators = page.locator('input[name^="generator-"]');
  const training = page.locator('input[name^="training-"]:not([name^="training-series-"])');
  for (const i of [0, 1]) {
    await generators.nth(i).fill('7');
    await training.nth(i).fill('1');
  }
  await page.locator('textarea[name="study-readers"]').fill('Alice\nBenoît, 2468, fr');
  await page.getByRole('button', { name: 'Create study' }).click();
  await page.getByTestId('organizer-log').getByText('Study created').waitFor({ timeout: 120_000 });

  const [study] = query<{ id: number }>('SELECT id FROM studies');
  const cases = query<{ training: number; n: number }>('SELECT training, COUNT(*) AS n FROM cases WHERE study_id = ? GROUP BY training ORDER BY training', study.id);
  assert.deepEqual(cases.map((c) => c.n), [20, 4]);
  const slots = query<{ phase: string; n: number; repeats: number }>("SELECT phase, COUNT(*) AS n, SUM(repeat_of IS NOT NULL) AS repeats FROM reader_cases GROUP BY reader_id, phase ORDER BY reader_id, phase");
  assert.deepEqual(slots, [
    { phase: 'study', n: 22, repeats: 2 }, { phase: 'training', n: 4, repeats: 0 },
    { phase: 'study', n: 22, repeats: 2 }, { phase: 'training', n: 4, repeats: 0 },
  ]);
  await page.getByRole('button', { name: 'Home' }).click();
});

async function openReader(page: Page, name: string, pin?: string) {
  await page.getByText('Liver VTT').waitFor();
  const row = page.locator('.readers li', { hasText: name });
  if (pin) {
    await row.locator('input').focus();
    await page.keyboard.type(pin);
  } else {
    await row.getByRole('button').focus();
  }
  await page.keyboard.press('Enter');
}

test('keyboard-only reading: two readers, training with truth, then the study', async () => {
  const { page } = app;
  await openReader(page, 'Alice');
  await page.getByText('Rate each image. Take your time.').waitFor();
  await page.keyboard.press('Enter');
  for (let i = 0; i < 4; i++) {
    await page.getByTestId('progress').getByText(`Training ${i + 1} / 4`).waitFor();
    await answerWithKeys(page, ['3', 's', '7']);
    await page.getByText(/This case was (real|synthetic)\./).waitFor();
    await page.keyboard.press('Enter');
  }
  await page.getByText('The study begins. Truth is no longer shown.').waitFor();
  await page.keyboard.press('Enter');
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('progress').getByText(`${i + 1} / 22`).waitFor();
    await page.keyboard.press('w');
    await answerWithKeys(page, [String((i % 5) + 1), i % 2 ? 'r' : 's', '9']);
  }
  await page.getByTestId('progress').getByText('6 / 22').waitFor();
  const alice = query<{ phase: string; n: number }>("SELECT s.phase, COUNT(*) AS n FROM scores s JOIN readers r ON r.id = s.reader_id WHERE r.name = 'Alice' GROUP BY s.phase ORDER BY s.phase");
  assert.deepEqual(alice, [{ phase: 'study', n: 5 }, { phase: 'training', n: 4 }]);
});

test('resume after kill: the core dies mid-session and the reader resumes with every acknowledged score', async () => {
  const { page } = app;
  const before = query<{ position: number; call: string; realism: number }>("SELECT s.position, s.call, s.realism FROM scores s JOIN readers r ON r.id = s.reader_id WHERE r.name = 'Alice' AND s.phase = 'study' ORDER BY s.position");
  await app.crashAndRestart();
  await openReader(page, 'Alice');
  await page.getByTestId('progress').getByText('6 / 22').waitFor();
  const afterKill = query<{ position: number; call: string; realism: number }>("SELECT s.position, s.call, s.realism FROM scores s JOIN readers r ON r.id = s.reader_id WHERE r.name = 'Alice' AND s.phase = 'study' ORDER BY s.position");
  assert.deepEqual(afterKill, before);
  assert.deepEqual(afterKill.map((s) => s.position), [0, 1, 2, 3, 4]);
  for (let i = 5; i < 22; i++) {
    await page.getByTestId('progress').getByText(`${i + 1} / 22`).waitFor();
    await answerWithKeys(page, ['4', 'r', '8']);
  }
  await page.getByText('Thank you — you have read every case.').waitFor();
  await page.keyboard.press('Enter');
});

test('the French interface: the second reader reads in French, PIN first', async () => {
  const { page } = app;
  await openReader(page, 'Benoît', '2468');
  await page.getByText('Consignes').waitFor();
  await page.keyboard.press('Enter');
  await page.getByText('Réalisme').waitFor();
  await page.getByText('Cette image est').waitFor();
  await page.getByTestId('progress').getByText('Entraînement 1 / 4').waitFor();
  await answerWithKeys(page, ['2', 'r', '8']);
  await page.getByText(/Ce cas était (réel|synthétique)\./).waitFor();
  await page.keyboard.press('Enter');
  await page.keyboard.press('?');
  await page.getByText('Raccourcis clavier').waitFor();
  await page.keyboard.press('Escape');
  const benoit = query<{ n: number }>("SELECT COUNT(*) AS n FROM scores s JOIN readers r ON r.id = s.reader_id WHERE r.name = 'Benoît'");
  assert.equal(benoit[0].n, 1);
  await page.getByRole('button', { name: 'Pause et quitter' }).click();
});

test('sealed truth: without the passphrase the database file reveals no case\'s truth', () => {
  const file = join(app.dataDir, 'mirage.sqlite');
  const cases = query<{ width: number; height: number; depth: number; pixels: Buffer; truth_sealed: Buffer; training_truth: string | null; training: number }>('SELECT * FROM cases');
  const study = cases.filter((c) => c.training === 0);
  // Every study case looks the same outside its pixels and its ciphertext.
  assert.equal(new Set(study.map((c) => `${c.width}x${c.height}x${c.depth}:${c.pixels.length}:${c.truth_sealed.length}`)).size, 1);
  assert.ok(study.every((c) => c.training_truth === null));
  // No plaintext truth record anywhere in the file or its write-ahead log.
  for (const part of [file, `${file}-wal`].filter(existsSync)) {
    const bytes = readFileSync(part);
    for (const marker of ['"kind":"real"', '"kind":"synthetic"', '"generator":"', '"index":']) assert.equal(bytes.indexOf(marker), -1, `${marker} in ${part}`);
  }
  // Random ciphertexts: no two cases share a byte prefix that could group them.
  assert.equal(new Set(study.map((c) => c.truth_sealed.subarray(0, 28).toString('hex'))).size, study.length);
});

test('the organizer unseals the study, sees the generator leaderboard and saves the report as PDF', async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'Organizer workspace' }).click();
  await page.getByLabel('Organizer passphrase (seals the truth) Liver VTT').fill('wrong passphrase');
  await page.getByRole('button', { name: 'Unseal and analyse' }).click();
  await page.getByTestId('organizer-log').getByText('wrong passphrase').waitFor();
  await page.getByLabel('Organizer passphrase (seals the truth) Liver VTT').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unseal and analyse' }).click();
  const results = page.getByTestId('analysis-results');
  await results.getByRole('cell', { name: 'demo-phantom' }).waitFor({ timeout: 60_000 });
  await results.getByRole('cell', { name: 'demo-gan' }).waitFor();
  await results.getByRole('img', { name: 'demo-gan: closest synthetic (left) and real (right) pairs' }).waitFor();
  await results.getByRole('button', { name: 'Save the report as PDF' }).click();
  const saved = await page.getByTestId('organizer-log').getByText(/PDF saved to /).textContent();
  const pdf = readFileSync(saved!.replace('PDF saved to ', '').trim());
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.ok(pdf.length > 10_000, `PDF of ${pdf.length} bytes`);
});
