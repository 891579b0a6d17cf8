import type { Rule } from '../types.js';

export const routeMethodChanged: Rule = {
  id: 'route-method-changed',
  level: 'breaking',
  category: 'routes',
  doc: 'A REST route changed its HTTP method: clients using the old method get 404/405.',
  check(_base, _head, ctx) {
    return ctx.routes.pairs
      .filter((p) => p.base.expose.rest && p.head.expose.rest && p.base.method !== p.head.method)
      .map((p) => ({ subject: p.head.id, subjectKind: 'route', message: `method ${p.base.method} → ${p.head.method}` }));
  },
};
