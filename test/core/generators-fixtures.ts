// Tiny generators built on the fly for the tests: a working one and deliberately broken ones.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dim, GraphBuilder } from '../../models/lib/onnx-graph.ts';
import { type GeneratorManifest, parseManifest } from '../../electron/core/generators/manifest.ts';

export const dir = mkdtempSync(join(tmpdir(), 'mirage-generators-'));

export type Fault = 'none' | 'nan' | 'constant' | 'out-of-range' | 'rank' | 'unsupported-op' | 'runtime-crash' | 'symbolic-lie';

/** z [N,16] → tanh(z·W) reshaped to N×1×8×8, with one fault. */
export function tinyModel(name: string, fault: Fault = 'none', batch: Dim = 'N'): string {
  const g = new GraphBuilder();
  const z = g.input('z', [batch, 16]);
  const w = Array.from({ length: 16 * 64 }, (_, k) => Math.sin(k * 12.9898) * 0.5);
  let x = g.op('Tanh', [g.op('MatMul', [z, g.tensor([16, 64], w)])]);
  if (fault === 'nan') x = g.op('Sqrt', [g.op('Sub', [x, g.scalar(2)])]);
  if (fault === 'constant') x = g.op('Mul', [x, g.scalar(0)]);
  if (fault === 'out-of-range') x = g.op('Mul', [x, g.scalar(50)]);
  if (fault === 'unsupported-op') x = g.op('FancyUpsampleThatDoesNotExist', [x]);
  // Runtime crash: a reshape that only works when the batch is a multiple of 7.
  if (fault === 'runtime-crash') x = g.op('Reshape', [x, g.int64([-1, 7 * 64])]);
  const shape = fault === 'rank' ? [-1, 64] : fault === 'symbolic-lie' ? [-1, 1, 4, 16] : [-1, 1, 8, 8];
  g.op('Reshape', [x, g.int64(shape)], {}, 'image');
  const outDims: Dim[] = fault === 'rank' ? [batch, 64] : fault === 'symbolic-lie' ? [batch, 1, 'h', 'w'] : [batch, 1, 8, 8];
  g.output('image', outDims);
  const path = join(dir, `${name}.onnx`);
  writeFileSync(path, g.toBytes(name));
  return path;
}

export function tinyManifest(overrides: Partial<Record<string, unknown>> = {}): GeneratorManifest {
  return parseManifest({
    schemaVersion: 1, name: 'tiny', version: '1', authors: ['tests'], description: 'test generator',
    latents: [{ name: 'z', shape: ['N', 16], distribution: { kind: 'normal' } }],
    output: { name: 'image', layout: 'NCHW', shape: ['N', 1, 8, 8] },
    huMapping: { kind: 'tanh', min: -1024, max: 3071 },
    spacingMm: [1, 1, 5], modality: 'CT', window: { center: 40, width: 400 },
    ...overrides,
  }, 'test');
}
