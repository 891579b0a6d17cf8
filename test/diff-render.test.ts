/**
 * Rendering: golden markdown for a realistic mixed change (through real Git
 * revisions and the real compiler), the JSON shape, and escaping of contract
 * text that must never break the comment.
 */
import { readFile, writeFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRepo } from '../compiler/build.js';
import { diffBundles } from '../compiler/diff/engine.js';
import { renderGithub } from '../compiler/diff/render/github.js';
import { DIFF_MARKER, escapeMarkdown, inlineCode, renderMarkdown } from '../compiler/diff/render/markdown.js';
import { buildReport, DIFF_REPORT_VERSION, type DiffReport } from '../compiler/diff/report.js';
import { compareRevisions } from '../compiler/diff/revisions.js';
import { changed, sample, toolOf } from './fixtures/diff/bundles.js';
import { all, createRepo, rep, type TestRepo, write } from './fixtures/diff/git-repo.js';

const GOLDEN = new URL('./golden/diff/mixed-change.md', import.meta.url);
const O = 'apis/orders.yaml';

let repo: TestRepo;
let report: DiffReport;

beforeAll(async () => {
  repo = await createRepo();
  await repo.edit({
    [O]: all(
      rep('name: orders_search', 'name: orders_find'),
      rep('name: status, in: query, schema', 'name: status, in: query, required: true, schema'),
      rep('Fetch one order by id.', 'Fetch one order by id, with its lines and <b>totals</b> | fast.'),
      rep(
        '            id: { type: string }\n',
        '            id: { type: string }\n            createdAt: { type: string, format: date-time }\n',
      ),
    ),
    'policies/standard.yaml': rep('limit: 100, window: 1m', 'limit: 60, window: 1m'),
    'consumers/new-bot.yaml': write(
      'apiVersion: uac/v1\nkind: Consumer\nmetadata: { name: new-bot }\nspec:\n  tenant: acme\n  scopes: ["orders:read"]\n  credentials:\n    - { type: jwt, subject: new-bot }\n',
    ),
  });
  await repo.commit('Search needs a status now\n\nUac-Allow-Breaking: tool-renamed orders_find');
  ({ report } = await compareRevisions({ dir: repo.contracts, base: 'base', head: 'HEAD', failOn: 'breaking', compile: compileRepo }));
}, 120_000);

afterAll(async () => {
  await repo?.dispose();
});

/** Bundle ids change with the compiler version; the golden file pins everything else. */
function normalize(md: string): string {
  return md.replace(/sha256:[0-9a-f]{12}…/g, 'sha256:<bundle-id>…');
}

describe('uac diff rendering', () => {
  it('renders the golden markdown for a mixed change', async () => {
    const md = normalize(renderMarkdown(report));
    if (process.env.UPDATE_GOLDEN) await writeFile(GOLDEN, md);
    expect(md).toBe(await readFile(GOLDEN, 'utf8'));
    expect(md.startsWith(`${DIFF_MARKER}\n`)).toBe(true);
    // Breaking section before warnings before info; accepted listed separately.
    const order = ['### 🔴 Breaking', '### 🟠 Warnings', '<b>🔵 Info</b> (3)', '### ☑️ Accepted', '### Details'].map((h) => md.indexOf(h));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
    expect(md).not.toContain('<b>totals');
    expect(report.summary).toEqual({ breaking: 1, warning: 2, info: 3, accepted: 1 });
  });

  it('renders the same markdown for the same report, byte for byte', () => {
    expect(renderMarkdown(report)).toBe(renderMarkdown(structuredClone(report)));
  });

  it('keeps a stable, versioned JSON shape', () => {
    const json = JSON.parse(JSON.stringify(report)) as DiffReport;
    expect(json.version).toBe(DIFF_REPORT_VERSION);
    expect(Object.keys(json).sort()).toEqual([
      'base',
      'clients',
      'cost',
      'failOn',
      'failed',
      'findings',
      'head',
      'status',
      'summary',
      'version',
    ]);
    expect(Object.keys(json.base).sort()).toEqual(['bundleId', 'commit', 'empty', 'problems', 'ref']);
    for (const f of json.findings) {
      expect(Object.keys(f).sort()).toEqual(
        expect.arrayContaining(['acceptedBy', 'category', 'level', 'message', 'rule', 'subject', 'subjectKind']),
      );
    }
    expect(json.cost?.estimator).toContain('o200k_base');
  });

  it('applies --fail-on to findings that are not accepted', () => {
    const base = sample();
    const head = changed((b) => {
      toolOf(b, 'orders_get').description = 'changed';
    });
    const diff = diffBundles(base, head);
    const rev = { ref: 'x', commit: 'a'.repeat(40), bundleId: base.id, empty: false, problems: [] };
    const at = (failOn: 'breaking' | 'warning' | 'none') =>
      buildReport({ base: rev, head: { ...rev, bundleId: head.id }, diff, failOn }).failed;
    expect([at('breaking'), at('warning'), at('none')]).toEqual([false, true, false]);
  });

  it('escapes any contract text so it cannot inject HTML or break a table row', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const cell = escapeMarkdown(text);
        expect(cell).not.toMatch(/[\r\n<>]/);
        expect(cell).not.toMatch(/(^|[^\\])\|/);
        const code = inlineCode(text);
        expect(code).not.toMatch(/[\r\n]/);
        expect(code).not.toMatch(/(^|[^\\])\|/);
      }),
      { numRuns: 300 },
    );
  });

  it('escapes workflow-command data in GitHub annotations', () => {
    const head = changed((b) => {
      toolOf(b, 'orders_get').description = 'line one\nline two 100%';
    });
    const base = sample();
    const rev = { ref: null, commit: null, bundleId: 'sha256:x', empty: false, problems: [] };
    const out = renderGithub(buildReport({ base: rev, head: rev, diff: diffBundles(base, head), failOn: 'breaking' }));
    const line = out.split('\n').find((l) => l.includes('tool-description-changed')) ?? '';
    expect(line).toContain('100%25');
    expect(line).not.toContain('\n');
  });
});
