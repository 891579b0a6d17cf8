import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ruleReference, updateRuleReference } from '../compiler/diff/docs.js';
import { RULES } from '../compiler/diff/registry.js';

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
