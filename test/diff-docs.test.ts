import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleReference, updateRuleReference } from '../compiler/diff/docs.js';
import { RULES } from '../compiler/diff/registry.js';
import { all, createRepo, rep } from './fixtures/diff/git-repo.js';
import { REPO_ROOT, runCli } from './helpers/cli.js';

const DOC = new URL('../docs/diff.md', import.meta.url);

describe('docs/diff.md', () => {
  it('holds the rule reference generated from the registry (UPDATE_DOCS=1 rewrites it)', async () => {
    const fresh = updateRuleReference(await readFile(DOC, 'utf8'));
    if (process.env.UPDATE_DOCS) await writeFile(DOC, fresh);
    const doc = await readFile(DOC, 'utf8');
    expect(doc).toBe(fresh);
    for (const rule of RULES) expect(doc).toContain(`| \`${rule.id}\` | ${rule.level} |`);
  });

  it('documents every rule with a one-line doc', () => {
    for (const rule of RULES) {
      expect(rule.doc, rule.id).toMatch(/^[A-Z].*[.)]$/);
      expect(rule.doc).not.toContain('\n');
    }
    expect(ruleReference()).toContain('### schemas');
  });
});

/** The comment block of the walkthrough: between the ````markdown fence and its closing fence. */
const WALKTHROUGH = /(## Walkthrough[\s\S]*?````markdown\n)([\s\S]*?)(````\n)/;

describe('docs/diff.md walkthrough', () => {
  it('is what uac diff prints for the change it describes (UPDATE_DOCS=1 rewrites it)', async () => {
    // The sample contracts in a repository with fixed commit dates: commit and bundle ids are reproducible.
    const r = await createRepo(path.join(REPO_ROOT, 'contracts'));
    try {
      await r.edit({
        'openapi/orders.yaml': rep('enum: [newest, oldest, total]', 'enum: [newest, oldest]'),
        'apis/orders.yaml': all(
          rep('title: Get an order', 'title: Look up an order'),
          rep('Use orders_cancel to cancel.', 'Never use it to cancel; use orders_cancel.'),
        ),
        'apis/catalog.yaml': all(
          rep('name: catalog_stock\n', 'name: catalog_stock_level\n'),
          rep('enum: [eu-west, us-east]', 'enum: [eu-west, us-east, ap-south]'),
        ),
        'policies/standard.yaml': rep('{ limit: 100, window: 1m, by: consumer }', '{ limit: 60, window: 1m, by: consumer }'),
        'consumers/globex-dashboard.yaml': rep('scopes: [orders:read]', 'scopes: [orders:read, catalog:read]'),
      });
      await r.commit('Stock tool gets a clearer name; new warehouse\n\nUac-Allow-Breaking: tool-renamed catalog_stock_level');
      const res = await runCli(['diff', r.contracts, '--base', 'HEAD~1']);
      expect(res.code, res.stderr).toBe(1);
      if (process.env.UPDATE_DOCS) {
        const fresh = (await readFile(DOC, 'utf8')).replace(WALKTHROUGH, (_m, open: string, _old: string, close: string) => `${open}${res.stdout}${close}`);
        await writeFile(DOC, fresh);
      }
      expect(WALKTHROUGH.exec(await readFile(DOC, 'utf8'))?.[2]).toBe(res.stdout);
    } finally {
      await r.dispose();
    }
  });
});
