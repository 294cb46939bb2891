import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { appForThisFile, artifactsDir, queryDb, repoRoot, sharedDir } from './harness.ts';
import { demoModelPath } from '../../electron/core/demo.ts';


const app = appForThisFile();

const scoreCount = (dataDir: string): number => queryDb<{ n: number }>(dataDir, "SELECT COUNT(*) AS n FROM scores WHERE phase = 'study'")[0].n;

test('the organizer builds a study from a DICOM series and the demo generator', async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'Organizer workspace' }).click();
  await page.locator('input[name="scan-path"]').fill(join(sharedDir, 'fixtures/dicom/series-ct-5slices'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByTestId('organizer-log').getByText('Imported 1 series').waitFor();

  await page.locator('input[name="model-path"]').fill(demoModelPath(join(repoRoot, 'models')));
  await page.getByRole('button', { name: 'Register' }).click();
  await page.locator('ul.generators li').first().waitFor();

  await page.locator('input[name="study-name"]').fill('Skeleton study');
  await page.locator('input[name="study-passphrase"]').fill('correct horse');
  await page.locator('input[name^="series-"]').first().fill('5');
  await page.locator('input[name^="generator-"]').first().fill('5');
  await page.locator('textarea[name="study-readers"]').fill('Alice');
  await page.getByRole('button', { name: 'Create study' }).click();
  await page.getByTestId('organizer-log').getByText('Study created').waitFor();
  await page.getByRole('button', { name: 'Home' }).click();
  await page.getByText('Skeleton study').waitFor();
});

test('a reader scores 3 cases with the keyboard only, and the scores are in SQLite', async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'Read' }).click();
  const progress = page.getByTestId('progress');
  await progress.getByText('1 / 10').waitFor();
  for (let i = 1; i <= 3; i++) {
    await page.locator(`[data-testid="viewport"][data-token]`).waitFor();
    await page.keyboard.press(String((i % 5) + 1));
    await page.keyboard.press(i % 2 ? 'r' : 's');
    await page.keyboard.press('8');
    await page.keyboard.press('Enter');
    await progress.getByText(`${i + 1} / 10`).waitFor();
  }
  assert.equal(scoreCount(app.dataDir), 3);
});

test('a reload resumes at case 4, and the reading screen is saved as an artifact', async () => {
  const { page } = app;
  await page.reload();
  await page.getByRole('button', { name: 'Read' }).click();
  await page.getByTestId('progress').getByText('4 / 10').waitFor();
  await page.locator('[data-testid="viewport"][data-token]').waitFor();
  await page.locator('canvas').first().waitFor();
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, 'reading-screen.png') });
});
