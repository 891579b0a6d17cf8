import type { Rule } from '../types.js';

export const consumerAdded: Rule = {
  id: 'consumer-added',
  level: 'info',
  category: 'consumers',
  doc: 'A new consumer (shown with tenant and scopes, never credentials).',
  check(base, head) {
    const names = new Set(base.consumers.map((c) => c.name));
    return head.consumers
      .filter((c) => !names.has(c.name))
      .map((c) => ({
        subject: c.name,
        subjectKind: 'consumer',
        message: `consumer ${c.name} added (tenant ${c.tenant}, scopes: ${c.scopes.join(', ') || 'none'})`,
      }));
  },
};
