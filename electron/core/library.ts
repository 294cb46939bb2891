import type { Db } from './db/open.ts';
import type { Volume } from './imaging/volume.ts';
import type { SeriesSummary } from '../contract.ts';

/** The organizer's library: imported real series, kept in physical values until a study normalizes them. */
export type LibrarySeries = SeriesSummary;

interface SeriesRow extends Omit<LibrarySeries, 'spacing'> {
  spacing: string;
}

const toSeries = (r: SeriesRow): LibrarySeries => ({ ...r, spacing: JSON.parse(r.spacing) });

export function addSeries(db: Db, label: string, source: LibrarySeries['source'], v: Volume): number {
  const data = Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength);
  const info = db
    .prepare('INSERT INTO library_series (label, source, modality, width, height, depth, spacing, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(label, source, v.modality, v.width, v.height, v.depth, JSON.stringify(v.spacing), data);
  return Number(info.lastInsertRowid);
}

export function listSeries(db: Db): LibrarySeries[] {
  const rows = db.prepare('SELECT id, label, source, modality, width, height, depth, spacing FROM library_series ORDER BY id').all() as SeriesRow[];
  return rows.map(toSeries);
}

export function loadSeries(db: Db, id: number): Volume {
  const row = db.prepare('SELECT * FROM library_series WHERE id = ?').get(id) as (SeriesRow & { data: Buffer }) | undefined;
  if (!row) throw new Error(`no series ${id} in the library`);
  // Copy into an aligned buffer: SQLite's Buffer may not sit on a 4-byte boundary.
  const data = new Float32Array(row.data.byteLength / 4);
  new Uint8Array(data.buffer).set(row.data);
  return { modality: row.modality as Volume['modality'], width: row.width, height: row.height, depth: row.depth, spacing: JSON.parse(row.spacing), data };
}

/** One slice of a volume as a 2D volume (shares no memory with it). */
export function sliceOf(v: Volume, z: number): Volume {
  const n = v.width * v.height;
  return { ...v, depth: 1, data: v.data.slice(z * n, (z + 1) * n) };
}

/** `count` slice indices spread evenly over the central part of a volume (edges are rarely diagnostic). */
export function centralSlices(depth: number, count: number): number[] {
  if (count >= depth) return Array.from({ length: depth }, (_, i) => i);
  let lo = Math.floor(depth * 0.2);
  let hi = Math.max(lo, Math.ceil(depth * 0.8) - 1);
  if (hi - lo + 1 < count) [lo, hi] = [0, depth - 1];
  if (count === 1) return [Math.floor((depth - 1) / 2)];
  return Array.from({ length: count }, (_, i) => Math.round(lo + ((hi - lo) * i) / (count - 1)));
}
