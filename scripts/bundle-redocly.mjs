// After `tsc`: replaces dist/compiler/openapi/redocly.js (a re-export of
// @redocly/openapi-core) by one file holding it and its dependencies. Node 20
// resolves and links the package's ~600 ES modules in ~280 ms; the single
// file loads in ~100 ms (see compiler/openapi/redocly.ts).
// Usage: node scripts/bundle-redocly.mjs [outDir]   (default: dist)
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = resolve(process.argv[2] ?? resolve(root, 'dist'));
const target = resolve(outDir, 'compiler/openapi/redocly.js');
await build({
  entryPoints: [target],
  outfile: target,
  allowOverwrite: true,
  // Packages come from this checkout's node_modules, wherever outDir is.
  nodePaths: [resolve(root, 'node_modules')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // Some dependencies are CommonJS and `require` Node built-ins.
  banner: { js: "import { createRequire as uacCreateRequire } from 'node:module';\nconst require = uacCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  logLevel: 'warning',
});
