import { loweredQuota } from '../limits.js';
import type { Rule, RuleHit } from '../types.js';

export const quotaLowered: Rule = {
  id: 'quota-lowered',
  level: 'warning',
  category: 'policies',
  doc: 'A policy quota allows fewer calls per day/month (or a new one appeared): tenants run out sooner.',
  check(base, head) {
    const hits: RuleHit[] = [];
    for (const name of Object.keys(head.policies).sort()) {
      const before = base.policies[name];
      const after = head.policies[name];
      if (before === undefined || after === undefined) continue;
      const message = loweredQuota(before.quota, after.quota);
      if (message !== null) hits.push({ subject: name, subjectKind: 'policy', message: `quota: ${message}` });
    }
    return hits;
  },
};
