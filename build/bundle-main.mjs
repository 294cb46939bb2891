// Bundles main (ESM) and preload (CommonJS: sandboxed preloads cannot load ES modules) into dist/.
// Native modules stay external: electron-builder rebuilds and unpacks them.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
// Bundled CommonJS dependencies still call require(): give each ESM bundle one.
const esm = { format: 'esm', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } };
await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'dist/main/main.mjs',
  ...esm,
  external: ['electron', 'better-sqlite3', 'onnxruntime-node'],
});
// The generation worker is its own file: generator.ts looks for generate-worker.mjs beside the bundle.
await build({ ...common, entryPoints: ['electron/core/generators/generate-worker.ts'], outfile: 'dist/main/generate-worker.mjs', ...esm, external: ['onnxruntime-node'] });
// Likewise the DICOM decode worker (decode-pool.ts looks for decode-worker.mjs beside the bundle).
await build({ ...common, entryPoints: ['electron/core/imaging/decode-worker.ts'], outfile: 'dist/main/decode-worker.mjs', ...esm });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/main/preload.cjs', format: 'cjs', external: ['electron'] });
