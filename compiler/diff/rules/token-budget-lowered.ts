import { loweredRates } from '../limits.js';
import type { Rule, RuleHit } from '../types.js';

export const tokenBudgetLowered: Rule = {
  id: 'token-budget-lowered',
  level: 'warning',
  category: 'policies',
  doc: 'A policy LLM token budget allows fewer tokens per window (or a new one appeared).',
  check(base, head) {
    const hits: RuleHit[] = [];
    for (const name of Object.keys(head.policies).sort()) {
      const before = base.policies[name];
      const after = head.policies[name];
      if (before === undefined || after?.tokens == null) continue;
      const lowered = loweredRates(before.tokens === null ? [] : [before.tokens], [after.tokens]);
      for (const message of lowered) hits.push({ subject: name, subjectKind: 'policy', message: `tokens: ${message}` });
    }
    return hits;
  },
};
