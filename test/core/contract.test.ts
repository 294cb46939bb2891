import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newCore } from '../support.ts';
import { callNames, calls } from '../../electron/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/core/security/csp.ts';

const core = () => newCore();

test('every contract call has a handler in the core', () => {
  const c = core();
  assert.deepEqual(Object.keys(c.handlers).sort(), [...callNames].sort());
  c.close();
});

test('invalid IPC input is rejected by the contract before the core sees it', async () => {
  const c = core();
  const bad = await c.dispatch('getCase', { session: 'x', phase: 'study', position: -1, prefetch: false });
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.error.code, 'invalid-input');
  assert.match(!bad.ok ? bad.error.message : '', /session|position/);
  const unknown = await c.dispatch('dropTables', {});
  assert.deepEqual(unknown, { ok: false, error: { code: 'invalid-input', message: 'unknown call "dropTables"' } });
  const wrongType = await c.dispatch('submitScore', { session: 'a'.repeat(32), token: 'b'.repeat(32), realism: 9, call: 'maybe', confidence: 2, freeText: null, roi: null, firstAnswerMs: 1, totalMs: 2, timedOut: false });
  assert.equal(wrongType.ok, false);
  c.close();
});

test('a core failure comes back as a structured error, not a crash', async () => {
  const c = core();
  const result = await c.dispatch('importScans', { path: join(tmpdir(), 'does-not-exist-mirage') });
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.error.message : '', /does-not-exist-mirage/);
  c.close();
});

test('each call input schema accepts an object and rejects garbage', () => {
  for (const name of callNames) assert.equal(calls[name].input.safeParse('garbage').success, false, name);
});

test('the CSP allows only the app origin and no eval', () => {
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /https?:|\*|unsafe-eval/);
  assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
});
