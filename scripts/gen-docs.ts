/**
 * Regenerates docs/reference/** from schemas/, the validation-code registry
 * and the diff-rule registry. `--check` writes nothing and exits 1 when a
 * committed page differs (the docs test runs the same comparison).
 *
 *   npx tsx scripts/gen-docs.ts [--check]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referencePages } from '../compiler/generate/reference/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'docs/reference');
const check = process.argv.includes('--check');

const stale: string[] = [];
for (const [name, content] of Object.entries(referencePages(join(root, 'schemas')))) {
  const path = join(outDir, name);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (current === content) continue;
  stale.push(`docs/reference/${name}`);
  if (!check) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path, content);
  }
}
if (check && stale.length) {
  process.stderr.write(`stale: ${stale.join(', ')}; run npx tsx scripts/gen-docs.ts\n`);
  process.exitCode = 1;
} else {
  process.stderr.write(stale.length ? `wrote ${stale.join(', ')}\n` : 'docs/reference is up to date\n');
}
