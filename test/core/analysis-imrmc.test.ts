// .imrmc reading and writing: the real fixtures, a round trip, and clear errors (file and line) for malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseImrmc, writeImrmc } from '../../electron/core/analysis/imrmc.ts';

const vanDykeText = readFileSync('../shared/fixtures/mrmc/VanDyke.imrmc', 'utf8');

test('reads Van Dyke: header, truth and every score', () => {
  const s = parseImrmc(vanDykeText, 'VanDyke.imrmc');
  assert.deepEqual(s.description, ['Van Dyke Data File']);
  assert.deepEqual(s.readers, ['0', '1', '2', '3', '4']);
  assert.deepEqual(s.modalities, ['0', '1']);
  assert.equal(s.cases.filter((c) => c.truth === 0).length, 69);
  assert.equal(s.cases.filter((c) => c.truth === 1).length, 45);
  assert.equal(s.scores.length, 5 * 2 * 114);
  assert.deepEqual(s.scores[0], { reader: '0', caseId: '1', modality: '0', score: 1 });
});

test('writing and reading back gives the same study', () => {
  const s = parseImrmc(vanDykeText, 'VanDyke.imrmc');
  const text = writeImrmc(s);
  assert.match(text, /^Van Dyke Data File\nN0:69\nN1:45\nNR:5\nNM:2\nBEGIN DATA:\n-1,1,truth,0\n/);
  assert.deepEqual(parseImrmc(text, 'roundtrip.imrmc'), s);
});

const header = 'test\nN0:1\nN1:1\nNR:1\nNM:1\nBEGIN DATA:\n-1,1,truth,0\n-1,2,truth,1\n';

test('malformed files give an error naming the file and the line', () => {
  const cases: [string, RegExp][] = [
    ['N0:1\nN1:1\nNR:1\nNM:1\n0,1,A,1\n', /^bad\.imrmc: no "BEGIN DATA:" line/],
    ['N0:1\nN1:1\nNR:1\nBEGIN DATA:\n', /^bad\.imrmc: the header lacks "NM:"/],
    ['N0:x\nN1:1\nNR:1\nNM:1\nBEGIN DATA:\n', /^bad\.imrmc:1: N0 must be a non-negative integer/],
    [header + '0,1,A\n', /^bad\.imrmc:9: expected 4 comma-separated fields/],
    [header + '0,1,A,high\n', /^bad\.imrmc:9: score "high" is not a number/],
    [header + '0,1,A,1\n0,2,A,2\n0,3,A,2\n', /^bad\.imrmc:11: case 3 is scored but has no truth row/],
    [header + '0,1,A,1\n0,1,A,2\n', /^bad\.imrmc:10: reader 0 scored case 1 in modality A twice \(first on line 9\)/],
    [header.replace('-1,2,truth,1', '-1,2,truth,2'), /^bad\.imrmc:8: truth must be 0/],
    [header.replace('-1,2,truth,1', '-1,1,truth,1'), /^bad\.imrmc:8: case 1 has a second truth row/],
    [header.replace('NR:1', 'NR:2') + '0,1,A,1\n0,2,A,2\n', /^bad\.imrmc:4: header says NR:2 but the data have 1/],
    [header, /^bad\.imrmc: no scores/],
  ];
  for (const [text, expected] of cases) assert.throws(() => parseImrmc(text, 'bad.imrmc'), { name: 'ImrmcFormatError', message: expected }, text);
});

test('the writer refuses IDs that would break the comma-separated rows', () => {
  const s = parseImrmc(header + '0,1,A,1\n0,2,A,2\n', 'ok.imrmc');
  assert.throws(() => writeImrmc({ ...s, readers: ['a,b'] }), /without commas/);
});
