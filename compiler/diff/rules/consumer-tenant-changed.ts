import type { Rule } from '../types.js';

export const consumerTenantChanged: Rule = {
  id: 'consumer-tenant-changed',
  level: 'warning',
  category: 'consumers',
  doc: 'A consumer moved to another tenant: its tenant-wide limits and quota counters change.',
  check(base, head) {
    const before = new Map(base.consumers.map((c) => [c.name, c.tenant]));
    return head.consumers
      .filter((c) => before.has(c.name) && before.get(c.name) !== c.tenant)
      .map((c) => ({ subject: c.name, subjectKind: 'consumer', message: `tenant ${before.get(c.name)} → ${c.tenant}` }));
  },
};
