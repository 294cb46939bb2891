// `npm run bench -- <name>` runs test/bench/<name>.bench.ts, after printing the machine it runs on.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { describeMachine } from './machine.ts';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
const names = process.argv.slice(2);
if (names.length === 0) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [more names]`);
  process.exit(2);
}
console.log(`# machine: ${describeMachine()}`);
for (const name of names) {
  const file = join(here, `${name}.bench.ts`);
  if (!existsSync(file)) {
    console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
  console.log(`# benchmark: ${name}`);
  const mod = await import(pathToFileURL(file).href);
  await mod.run();
}
