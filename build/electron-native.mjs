// better-sqlite3 is a native module built for one ABI. node_modules keeps the Node build (tests,
// CLI); this script builds a second copy for Electron's ABI under dist/native/, which main loads
// through better-sqlite3's `nativeBinding` option. Packaged apps need neither: electron-builder
// rebuilds node_modules for Electron when it packages. onnxruntime-node uses N-API (one build for both).
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { rebuild } from '@electron/rebuild';

const root = join('dist', 'native');
const target = join(root, 'node_modules', 'better-sqlite3');
const electronVersion = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
const stamp = join(root, 'electron-version');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion && existsSync(join(target, 'build', 'Release', 'better_sqlite3.node'))) process.exit(0);
mkdirSync(root, { recursive: true });
cpSync(join('node_modules', 'better-sqlite3'), target, { recursive: true, filter: (src) => !src.includes(`better-sqlite3${sep}build`) });
writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'mirage-native', version: '1.0.0', private: true, dependencies: { 'better-sqlite3': '*' } }));
console.log(`building better-sqlite3 for Electron ${electronVersion}…`);
await rebuild({ buildPath: root, electronVersion, onlyModules: ['better-sqlite3'], force: true });
writeFileSync(stamp, electronVersion);
