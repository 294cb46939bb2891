import { test } from 'node:test';
import { appForThisFile } from './harness.ts';
import { exportStudyPackage } from '../../electron/core/bundles/study-package.ts';
import { newCore as coreIn } from '../support.ts';
import { newCore, organizerStudy, read } from '../core/bundles-fixtures.ts';
import { join } from 'node:path';

// The organizer's study is made in-process; a workstation's session comes back through the UI.
let bundlePath: string;

const app = appForThisFile(async (orgDir) => {
  const org = coreIn(orgDir);
  const studyId = await organizerStudy(org);
  const pkg = await exportStudyPackage(org.db, studyId, join(orgDir, 'study.mirage-study'), 'test');
  org.close();
  const ws = newCore('e2e-ws');
  const { studyId: wsStudy } = await ws.call('importStudyPackage', { path: pkg.path });
  await read(ws, wsStudy, 'Bob', 'training', 2);
  await read(ws, wsStudy, 'Bob', 'study', 3);
  bundlePath = (await ws.call('exportSessionBundle', { studyId: wsStudy, workstation: 'Room 4' })).path;
  ws.close();
});

test('the organizer exports a study package and imports a session bundle from the workspace', async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'Organizer workspace' }).click();
  const log = page.getByTestId('bundles-log');
  await page.getByRole('button', { name: 'Export study package' }).click();
  await log.getByText(/Study package \(14 cases, readers: 2\) written to .*\.mirage-study/).waitFor();
  await page.locator('input[name="bundle-path"]').fill(bundlePath);
  await page.getByRole('button', { name: 'Import session bundle into the study' }).click();
  await log.getByText('Room 4: 5 new, 0 updated, 0 unchanged, 0 conflicts').waitFor();
  await page.getByRole('button', { name: 'Import session bundle into the study' }).click();
  await log.getByText(/was imported before: nothing changed/).waitFor();
  await page.locator('input[name="bundle-workstation"]').fill('Organizer desk');
  await page.getByRole('button', { name: 'Export session bundle' }).click();
  await log.getByText(/Session bundle \(5 scores, readers: 1\) written to/).waitFor();
});
