// Checkpoints: every variable as float32 in one .bin, with a JSON index of names and shapes.
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Params } from './dcgan.ts';

export interface CheckpointIndex { step: number; seconds: number; tensors: { name: string; shape: number[]; offset: number }[] }

export function saveCheckpoint(dir: string, step: number, seconds: number, params: Params[]): void {
  const tensors: CheckpointIndex['tensors'] = [];
  const chunks: Float32Array[] = [];
  let offset = 0;
  for (const p of params) for (const [name, v] of p) {
    const data = v.dataSync() as Float32Array;
    tensors.push({ name, shape: v.shape, offset });
    chunks.push(data);
    offset += data.length;
  }
  const all = new Float32Array(offset);
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  // Write then rename, so an interrupted save never leaves a torn checkpoint.
  writeFileSync(join(dir, 'checkpoint.bin.tmp'), new Uint8Array(all.buffer));
  writeFileSync(join(dir, 'checkpoint.json.tmp'), JSON.stringify({ step, seconds, tensors } satisfies CheckpointIndex));
  renameSync(join(dir, 'checkpoint.bin.tmp'), join(dir, 'checkpoint.bin'));
  renameSync(join(dir, 'checkpoint.json.tmp'), join(dir, 'checkpoint.json'));
}

/** Loads a checkpoint into existing variables; returns its index, or null when there is none. */
export function loadCheckpoint(dir: string, params: Params[]): CheckpointIndex | null {
  if (!existsSync(join(dir, 'checkpoint.json'))) return null;
  const index = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as CheckpointIndex;
  const buf = readFileSync(join(dir, 'checkpoint.bin'));
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  for (const t of index.tensors) {
    const v = params.map((p) => p.get(t.name)).find((x) => x);
    if (!v) continue;
    const size = t.shape.reduce((a, b) => a * b, 1);
    v.assign(tf.tensor(all.slice(t.offset, t.offset + size), t.shape));
  }
  return index;
}
