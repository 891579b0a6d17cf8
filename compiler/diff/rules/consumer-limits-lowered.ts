import { loweredQuota, loweredRates } from '../limits.js';
import type { Rule, RuleHit } from '../types.js';

export const consumerLimitsLowered: Rule = {
  id: 'consumer-limits-lowered',
  level: 'warning',
  category: 'consumers',
  doc: 'A consumer-specific rate limit, token budget or quota override allows less than before.',
  check(base, head) {
    const before = new Map(base.consumers.map((c) => [c.name, c.limits]));
    const hits: RuleHit[] = [];
    for (const c of head.consumers) {
      const old = before.get(c.name);
      if (old === undefined) continue;
      const messages = [
        ...loweredRates(old.rateLimit ?? [], c.limits.rateLimit ?? []),
        ...loweredRates(old.tokens ? [old.tokens] : [], c.limits.tokens ? [c.limits.tokens] : []).map((m) => `tokens: ${m}`),
      ];
      const quota = loweredQuota(old.quota, c.limits.quota);
      if (quota !== null) messages.push(`quota: ${quota}`);
      for (const message of messages) hits.push({ subject: c.name, subjectKind: 'consumer', message });
    }
    return hits;
  },
};
