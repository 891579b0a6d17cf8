import { loweredQuota } from '../limits.js';
import type { Rule, RuleHit } from '../types.js';

export const quotaLowered: Rule = {
  id: 'quota-lowered',
  level: 'warning',
  category: 'policies',
  doc: 'A policy quota allows fewer calls per day/month (or a new one appeared): tenants run out sooner.',
  check(_base, _head, ctx) {
    const hits: RuleHit[] = [];
    for (const p of ctx.policies) {
      const message = loweredQuota(p.base.quota, p.head.quota);
      if (message !== null) hits.push({ subject: p.name, subjectKind: 'policy', message: `quota: ${message}` });
    }
    return hits;
  },
};
