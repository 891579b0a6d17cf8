import type { Rule, RuleHit } from '../types.js';

export const bodyLimitLowered: Rule = {
  id: 'body-limit-lowered',
  level: 'warning',
  category: 'policies',
  doc: 'A policy accepts smaller request bodies: larger calls that worked now get 413.',
  check(_base, _head, ctx) {
    const hits: RuleHit[] = [];
    for (const { name, base: { maxBodyBytes: b }, head: { maxBodyBytes: h } } of ctx.policies) {
      if (h !== null && (b === null || h < b)) {
        hits.push({ subject: name, subjectKind: 'policy', message: `maxBodySize ${b === null ? 'default' : `${b} bytes`} → ${h} bytes` });
      }
    }
    return hits;
  },
};
