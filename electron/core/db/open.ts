import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.ts';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the Mirage database and brings its schema up to date.
 * WAL + synchronous=FULL: a committed score survives a power cut or a killed process.
 * `nativeBinding`: better-sqlite3's addon built for another ABI (Electron's, in development).
 */
export function openDatabase(file: string, nativeBinding?: string): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    db.close();
    throw new Error(`${file}: database schema version ${current} is newer than this Mirage (${migrations.length}); update the application`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
