import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLOCK_SIZE, readerOrder } from '../../electron/core/study/order.ts';

const classes = () => new Map([
  ['real', Array.from({ length: 40 }, (_, i) => i)],
  ['gen:a', Array.from({ length: 20 }, (_, i) => 100 + i)],
  ['gen:b', Array.from({ length: 20 }, (_, i) => 200 + i)],
]);
const classOf = (id: number) => (id < 100 ? 'real' : id < 200 ? 'gen:a' : 'gen:b');

test('a reader order is stable for a seed and differs between readers', () => {
  const a1 = readerOrder(classes(), 0, 'reader-a').map((s) => s.caseId);
  const a2 = readerOrder(classes(), 0, 'reader-a').map((s) => s.caseId);
  const b = readerOrder(classes(), 0, 'reader-b').map((s) => s.caseId);
  assert.deepEqual(a1, a2);
  assert.notDeepEqual(a1, b);
  assert.deepEqual([...a1].sort((x, y) => x - y), [...classes().values()].flat().sort((x, y) => x - y));
});

test('every block of 10 holds real and synthetic in the overall ratio', () => {
  for (const seed of ['s1', 's2', 's3', 's4']) {
    const order = readerOrder(classes(), 0, seed);
    for (let start = 0; start < order.length; start += BLOCK_SIZE) {
      const block = order.slice(start, start + BLOCK_SIZE);
      const real = block.filter((s) => classOf(s.caseId) === 'real').length;
      const a = block.filter((s) => classOf(s.caseId) === 'gen:a').length;
      assert.equal(real, 5, `${seed} block ${start}`);
      assert.ok(a >= 2 && a <= 3, `${seed} block ${start}: ${a}`);
    }
  }
});

test('a study gets exactly the repeats it asks for, whatever the seed', () => {
  for (let seed = 0; seed < 200; seed++) {
    const small = new Map([['real', [1, 2, 3, 4, 5, 6]], ['gen:a', [7, 8, 9, 10, 11, 12, 13, 14]]]);
    assert.equal(readerOrder(small, 0.1, `s${seed}`).filter((s) => s.repeatOf !== null).length, 1, `seed ${seed}`);
  }
});

test('repeats come back later, never adjacent to their first showing', () => {
  const order = readerOrder(classes(), 0.2, 'repeats');
  const repeats = order.filter((s) => s.repeatOf !== null);
  assert.equal(repeats.length, 16);
  order.forEach((slot, i) => {
    if (slot.repeatOf === null) return;
    assert.equal(order[slot.repeatOf].caseId, slot.caseId);
    assert.equal(order[slot.repeatOf].repeatOf, null);
    assert.ok(i - slot.repeatOf >= 2, `repeat at ${i} of ${slot.repeatOf}`);
    assert.notEqual(order[i - 1].caseId, slot.caseId);
    assert.notEqual(order[i + 1]?.caseId, slot.caseId);
  });
});
