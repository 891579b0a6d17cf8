import type { Rule } from '../types.js';

export const consumerRemoved: Rule = {
  id: 'consumer-removed',
  level: 'warning',
  category: 'consumers',
  doc: 'A consumer was removed: its credentials stop working.',
  check(base, head) {
    const names = new Set(head.consumers.map((c) => c.name));
    return base.consumers
      .filter((c) => !names.has(c.name))
      .map((c) => ({ subject: c.name, subjectKind: 'consumer', message: `consumer ${c.name} (tenant ${c.tenant}) removed` }));
  },
};
