import type { SchemaChangeKind } from '../schema.js';
import type { Level, Rule, RuleHit } from '../types.js';

/**
 * Rules over schema comparisons share one shape: pick the change kinds that
 * mean something for one direction (input or output) and report them.
 */
export function schemaRule(spec: {
  id: string;
  level: Level;
  doc: string;
  direction: 'input' | 'output';
  kinds: readonly SchemaChangeKind[];
}): Rule {
  return {
    id: spec.id,
    level: spec.level,
    category: 'schemas',
    doc: spec.doc,
    check(_base, _head, ctx) {
      const compared = spec.direction === 'input' ? ctx.inputChanges() : ctx.outputChanges();
      const hits: RuleHit[] = [];
      for (const { subject, subjectKind, changes } of compared) {
        for (const change of changes) {
          if (!spec.kinds.includes(change.kind)) continue;
          hits.push({
            subject,
            subjectKind,
            path: `${spec.direction}${change.path === '' ? '' : `: ${change.path}`}`,
            message: change.detail,
          });
        }
      }
      return hits;
    },
  };
}
