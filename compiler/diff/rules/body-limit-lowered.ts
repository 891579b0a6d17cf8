import type { Rule, RuleHit } from '../types.js';

export const bodyLimitLowered: Rule = {
  id: 'body-limit-lowered',
  level: 'warning',
  category: 'policies',
  doc: 'A policy accepts smaller request bodies: larger calls that worked now get 413.',
  check(base, head) {
    const hits: RuleHit[] = [];
    for (const name of Object.keys(head.policies).sort()) {
      const b = base.policies[name]?.maxBodyBytes;
      const h = head.policies[name]?.maxBodyBytes;
      if (b === undefined || h === undefined || h === null) continue;
      if (b === null || h < b) {
        hits.push({ subject: name, subjectKind: 'policy', message: `maxBodySize ${b === null ? 'default' : `${b} bytes`} → ${h} bytes` });
      }
    }
    return hits;
  },
};
