import type { Rule, RuleHit } from '../types.js';

export const schemaDocsChanged: Rule = {
  id: 'schema-docs-changed',
  level: 'info',
  category: 'schemas',
  doc: 'A title, description, default or example inside an input or output schema changed: agents read these to fill arguments.',
  check(_base, _head, ctx) {
    const hits: RuleHit[] = [];
    for (const [direction, compared] of [
      ['input', ctx.inputChanges()],
      ['output', ctx.outputChanges()],
    ] as const) {
      for (const { subject, subjectKind, changes } of compared) {
        for (const change of changes) {
          if (change.kind !== 'docs-changed') continue;
          const path = `${direction}${change.path === '' ? '' : `: ${change.path}`}`;
          hits.push({ subject, subjectKind, path, message: change.detail });
        }
      }
    }
    return hits;
  },
};
