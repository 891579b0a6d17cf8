import type { Rule } from '../types.js';

export const routePathChanged: Rule = {
  id: 'route-path-changed',
  level: 'breaking',
  category: 'routes',
  doc: 'A REST route moved to another path: clients calling the old path get 404.',
  check(_base, _head, ctx) {
    return ctx.routes.pairs
      .filter((p) => p.base.expose.rest && p.head.expose.rest && p.base.path !== p.head.path)
      .map((p) => ({ subject: p.head.id, subjectKind: 'route', message: `path ${p.base.path} → ${p.head.path}` }));
  },
};
