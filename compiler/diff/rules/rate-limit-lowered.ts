import { loweredRates } from '../limits.js';
import type { Rule, RuleHit } from '../types.js';

export const rateLimitLowered: Rule = {
  id: 'rate-limit-lowered',
  level: 'warning',
  category: 'policies',
  doc: 'A policy rate limit allows fewer requests (or a new one appeared): busy callers start getting 429.',
  check(base, head) {
    const hits: RuleHit[] = [];
    for (const name of Object.keys(head.policies).sort()) {
      const before = base.policies[name];
      const after = head.policies[name];
      if (before === undefined || after === undefined) continue;
      for (const message of loweredRates(before.rateLimit, after.rateLimit)) hits.push({ subject: name, subjectKind: 'policy', message });
    }
    return hits;
  },
};
