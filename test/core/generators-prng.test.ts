import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Xoshiro128 } from '../../electron/core/generators/prng.ts';

test('xoshiro128** matches the reference C implementation from state {1,2,3,4}', () => {
  const g = Xoshiro128.fromState([1, 2, 3, 4]);
  // Outputs of Blackman & Vigna's xoshiro128starstar.c compiled with gcc.
  assert.deepEqual([0, 1, 2, 3, 4].map(() => g.nextUint32()), [11520, 0, 5927040, 70819200, 2031721883]);
});

test('streams are reproducible per (seed, index) and independent across indices', () => {
  const draw = (seed: number, index: number) => { const g = new Xoshiro128(seed, index); return [g.nextUint32(), g.nextUint32(), g.nextUint32()]; };
  assert.deepEqual(draw(42, 7), draw(42, 7));
  assert.notDeepEqual(draw(42, 7), draw(42, 8));
  assert.notDeepEqual(draw(42, 7), draw(43, 7));
  assert.throws(() => new Xoshiro128(1.5), /integers/);
});

test('uniform and Box–Muller normal have the right moments', () => {
  const g = new Xoshiro128(2024);
  const n = 200_000;
  let su = 0; let sn = 0; let sn2 = 0; let minU = 1; let maxU = 0;
  for (let i = 0; i < n; i++) {
    const u = g.uniform();
    su += u; minU = Math.min(minU, u); maxU = Math.max(maxU, u);
    const z = g.normal();
    sn += z; sn2 += z * z;
  }
  assert.ok(minU >= 0 && maxU < 1);
  assert.ok(Math.abs(su / n - 0.5) < 0.005);
  assert.ok(Math.abs(sn / n) < 0.01, `normal mean ${sn / n}`);
  assert.ok(Math.abs(sn2 / n - 1) < 0.01, `normal variance ${sn2 / n}`);
});
