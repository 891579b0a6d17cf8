import type { Rule, RuleHit } from '../types.js';

export const failModeChanged: Rule = {
  id: 'fail-mode-changed',
  level: 'warning',
  category: 'policies',
  doc: 'A policy changed what happens when the limit store is down: open lets everything through, closed refuses everything.',
  check(_base, _head, ctx) {
    return ctx.policies
      .filter((p) => p.base.failMode !== p.head.failMode)
      .map((p): RuleHit => ({ subject: p.name, subjectKind: 'policy', message: `failMode ${p.base.failMode} → ${p.head.failMode}` }));
  },
};
