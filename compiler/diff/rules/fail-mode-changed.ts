import type { Rule, RuleHit } from '../types.js';

export const failModeChanged: Rule = {
  id: 'fail-mode-changed',
  level: 'warning',
  category: 'policies',
  doc: 'A policy changed what happens when the limit store is down: open lets everything through, closed refuses everything.',
  check(base, head) {
    const hits: RuleHit[] = [];
    for (const name of Object.keys(head.policies).sort()) {
      const b = base.policies[name]?.failMode;
      const h = head.policies[name]?.failMode;
      if (b !== undefined && h !== undefined && b !== h)
        hits.push({ subject: name, subjectKind: 'policy', message: `failMode ${b} → ${h}` });
    }
    return hits;
  },
};
