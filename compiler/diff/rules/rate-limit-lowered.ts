import { loweredRates } from '../limits.js';
import type { Rule, RuleHit } from '../types.js';

export const rateLimitLowered: Rule = {
  id: 'rate-limit-lowered',
  level: 'warning',
  category: 'policies',
  doc: 'A policy rate limit allows fewer requests (or a new one appeared): busy callers start getting 429.',
  check(_base, _head, ctx) {
    return ctx.policies.flatMap((p) =>
      loweredRates(p.base.rateLimit, p.head.rateLimit).map((message): RuleHit => ({ subject: p.name, subjectKind: 'policy', message })),
    );
  },
};
