import { loweredRates } from '../limits.js';
import type { Rule, RuleHit } from '../types.js';

export const tokenBudgetLowered: Rule = {
  id: 'token-budget-lowered',
  level: 'warning',
  category: 'policies',
  doc: 'A policy LLM token budget allows fewer tokens per window (or a new one appeared).',
  check(_base, _head, ctx) {
    return ctx.policies.flatMap((p) =>
      p.head.tokens === null
        ? []
        : loweredRates(p.base.tokens === null ? [] : [p.base.tokens], [p.head.tokens]).map(
            (message): RuleHit => ({ subject: p.name, subjectKind: 'policy', message: `tokens: ${message}` }),
          ),
    );
  },
};
