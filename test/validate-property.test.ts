// biome-ignore-all lint/suspicious/noTemplateCurlyInString: generated values include ${var:…}/${secret:…} strings on purpose.
/**
 * Property: whatever the contract files contain, loading and validating
 * returns located, registered problems and never throws. Two sources of
 * input: generated documents of every kind, and mutations of the sample
 * contracts (text edits and structural edits). 1,000 cases in total.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isMap, isSeq, parseAllDocuments, stringify } from 'yaml';
import { loadRepository } from '../compiler/load/index.js';
import { KINDS } from '../compiler/model.js';
import type { Problem } from '../compiler/problems.js';
import { CODES } from '../compiler/validate/codes/index.js';
import { validateContracts } from '../compiler/validate/index.js';
import { REPO_ROOT } from './helpers/cli.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'uac-validate-prop-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const REGISTERED = new Set(CODES.map((d) => d.code));

/** What is wrong with a problem's shape (empty when it is located and registered). */
function violations(p: Problem, dir: string): string[] {
  const out: string[] = [];
  if (!REGISTERED.has(p.code)) out.push('unregistered code');
  if (!['error', 'warning', 'info'].includes(p.severity)) out.push('bad severity');
  if (p.message.length === 0) out.push('empty message');
  if (path.isAbsolute(p.file) || p.file.startsWith('..') || p.file.includes('\\')) out.push('file not repository-relative');
  else if (p.file !== 'uac.yaml' && !fs.existsSync(path.join(dir, p.file))) out.push('file does not exist');
  if (!Number.isInteger(p.line) || p.line < 1) out.push('bad line');
  if (!Number.isInteger(p.column) || p.column < 1) out.push('bad column');
  // No absolute path of the machine leaks into messages.
  if (`${p.message} ${p.hint ?? ''}`.includes(work)) out.push('absolute path in message');
  return out;
}

async function check(dir: string): Promise<void> {
  const repo = await loadRepository(dir);
  const problems = [...repo.problems, ...validateContracts(repo, { env: 'dev' })];
  const bad = problems.flatMap((p) => violations(p, dir).map((v) => `${v}: ${JSON.stringify(p)}`));
  if (bad.length > 0) expect(bad).toEqual([]);
}

/** Values that look like contract content: names, durations, sizes, refs, nested objects. */
const scalar = fc.oneof(
  fc.constantFrom('orders', 'standard', 'Bad_Name', '', '1m', '0s', '5 s', '1zb', '512kb', '${var:ORDERS_URL}', '${var:NOPE}', '${secret:K}', '${oops', 'sk-abcdefghijklmnopqrstuvwxyz012345', '../../etc/passwd', '/abs', 'none', 'apiKey', 'jwt', 'day', 'week'),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 1_000_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ maxDepth: 3, withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(
    fc.constantFrom('name', 'spec', 'policies', 'path', 'upstream', 'url', 'basePath', 'operations', 'operationId', 'mcp', 'auth', 'methods', 'scopes', 'rateLimit', 'limit', 'window', 'by', 'quota', 'period', 'tokens', 'maxBodySize', 'tenant', 'credentials', 'type', 'sha256', 'providers', 'apiKey', 'headers', 'Authorization', 'environments', 'vars', 'defaults', 'tools', 'prompt', 'openapi', 'x'),
    tie('node'),
    { maxKeys: 5 },
  ),
})).node;

const document = fc.record({
  apiVersion: fc.constantFrom('uac/v1', 'uac/v1', 'uac/v2', 'v1'),
  kind: fc.oneof(fc.constantFrom(...KINDS), fc.constant('Gateway')),
  metadata: fc.oneof(fc.record({ name: scalar }), value),
  spec: value,
});

describe('validate never throws and always locates its problems', () => {
  it('on generated documents of every kind (500 cases)', async () => {
    const dir = path.join(work, 'generated');
    fs.mkdirSync(dir);
    const project = fs.readFileSync(path.join(REPO_ROOT, 'contracts', 'uac.yaml'), 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.array(document, { minLength: 1, maxLength: 3 }), fc.boolean(), async (docs, asProject) => {
        const text = docs.map((d) => stringify(d)).join('---\n');
        fs.writeFileSync(path.join(dir, 'uac.yaml'), asProject ? text : project);
        fs.writeFileSync(path.join(dir, 'docs.yaml'), text);
        await check(dir);
      }),
      { numRuns: 500 },
    );
  });

  const isContract = (f: string) => !f.startsWith('openapi/');
  const sampleFiles = fs
    .readdirSync(path.join(REPO_ROOT, 'contracts'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort();

  /** A text edit: delete, duplicate or insert characters, or cut the file. */
  const textEdit = fc.record({
    op: fc.constantFrom('delete', 'insert', 'duplicate-line', 'truncate'),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 20 }),
    text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(':', '- ', '{', '"', '\t', '\n  ', '&a ', '*a', '---\n', '${var:X}', '\u0000')),
  });

  function applyText(src: string, e: { op: string; at: number; len: number; text: string }): string {
    const at = src.length === 0 ? 0 : e.at % src.length;
    switch (e.op) {
      case 'delete':
        return src.slice(0, at) + src.slice(at + e.len);
      case 'insert':
        return src.slice(0, at) + e.text + src.slice(at);
      case 'duplicate-line': {
        const lines = src.split('\n');
        const i = e.at % lines.length;
        lines.splice(i, 0, lines[i]!);
        return lines.join('\n');
      }
      default:
        return src.slice(0, at);
    }
  }

  /** A structural edit: replace or delete the node at a random path of one document of the file. */
  function applyStructural(src: string, pick: number[], replacement: unknown, remove: boolean): string {
    const parsed = parseAllDocuments(src);
    const docs = Array.isArray(parsed) ? parsed : [];
    const doc = docs[pick[0]! % Math.max(docs.length, 1)];
    if (!doc) return src;
    let node: unknown = doc.contents;
    const p: Array<string | number> = [];
    for (const n of pick.slice(1)) {
      if (isMap(node) && node.items.length > 0) {
        const pair = node.items[n % node.items.length]!;
        p.push(String((pair.key as { value?: unknown })?.value ?? pair.key));
        node = pair.value;
      } else if (isSeq(node) && node.items.length > 0) {
        p.push(n % node.items.length);
        node = node.items[n % node.items.length];
      } else break;
    }
    if (p.length === 0) return src;
    if (remove) doc.deleteIn(p);
    else doc.setIn(p, replacement);
    return docs.map((d) => d.toString()).join('');
  }

  it('on mutations of the sample contracts (500 cases)', async () => {
    // One copy per mutated file, holding that file, uac.yaml and every non-contract
    // file (OpenAPI, skill folders), so each case parses two files, not the whole
    // sample (YAML parsing dominates the cost). Policies the file names are then
    // unknown: more problems to locate, which is the point.
    const source = path.join(REPO_ROOT, 'contracts');
    const keep = (f: string, target: string) => f === target || f === 'uac.yaml';
    const dirs = new Map<string, string>();
    for (const target of sampleFiles) {
      const dir = path.join(work, `sample-${dirs.size}`);
      fs.cpSync(source, dir, { recursive: true });
      for (const f of sampleFiles) if (!keep(f, target) && isContract(f)) fs.rmSync(path.join(dir, f));
      dirs.set(target, dir);
    }
    const originals = new Map(sampleFiles.map((f) => [f, fs.readFileSync(path.join(source, f), 'utf8')]));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...sampleFiles),
        fc.oneof(
          fc.array(textEdit, { minLength: 1, maxLength: 3 }).map((edits) => ({ kind: 'text' as const, edits })),
          fc.record({ kind: fc.constant('structural' as const), pick: fc.array(fc.nat(), { minLength: 2, maxLength: 7 }), replacement: value, remove: fc.boolean() }),
        ),
        async (file, mutation) => {
          const src = originals.get(file)!;
          const mutated = mutation.kind === 'text' ? mutation.edits.reduce(applyText, src) : applyStructural(src, mutation.pick, mutation.replacement, mutation.remove);
          const dir = dirs.get(file)!;
          fs.writeFileSync(path.join(dir, file), mutated);
          try {
            await check(dir);
          } finally {
            fs.writeFileSync(path.join(dir, file), src);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
