import type { Rule } from '../types.js';

export const routePoliciesChanged: Rule = {
  id: 'route-policies-changed',
  level: 'info',
  category: 'routes',
  doc: 'The list of policies applied to a route changed (auth effects are reported by the auth rules).',
  check(_base, _head, ctx) {
    return ctx.routes.pairs
      .filter((p) => p.base.policies.join(',') !== p.head.policies.join(','))
      .map((p) => ({
        subject: p.head.id,
        subjectKind: 'route',
        message: `policies [${p.base.policies.join(', ')}] → [${p.head.policies.join(', ')}]`,
      }));
  },
};
