import { canonicalJson } from '../../../bundle/canonical.js';
import { becameDestructive, effectiveHints } from '../annotations.js';
import type { Rule } from '../types.js';

export const toolAnnotationsChanged: Rule = {
  id: 'tool-annotations-changed',
  level: 'info',
  category: 'tools',
  doc: 'Tool annotations changed without making it destructive (read-only, idempotent, open-world hints).',
  check(_base, _head, ctx) {
    return ctx.tools.pairs
      .filter(
        (p) =>
          canonicalJson(p.base.annotations) !== canonicalJson(p.head.annotations) &&
          !becameDestructive(p.base.annotations, p.head.annotations),
      )
      .map((p) => {
        const before = effectiveHints(p.base.annotations);
        const after = effectiveHints(p.head.annotations);
        const changed = (Object.keys(before) as Array<keyof typeof before>)
          .filter((k) => before[k] !== after[k])
          .map((k) => `${k} ${before[k]} → ${after[k]}`);
        return {
          subject: p.head.name,
          subjectKind: 'tool',
          message: changed.length > 0 ? changed.join(', ') : 'annotations rewritten with the same meaning',
        };
      });
  },
};
