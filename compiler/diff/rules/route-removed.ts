import type { Rule, RuleHit } from '../types.js';

export const routeRemoved: Rule = {
  id: 'route-removed',
  level: 'breaking',
  category: 'routes',
  doc: 'A REST route disappeared or is no longer exposed over REST: its clients get 404.',
  check(_base, _head, ctx) {
    const hits: RuleHit[] = [];
    for (const r of ctx.routes.removed) {
      if (r.expose.rest) hits.push({ subject: r.id, subjectKind: 'route', message: `${r.method} ${r.path} removed` });
    }
    for (const p of ctx.routes.pairs) {
      if (p.base.expose.rest && !p.head.expose.rest) {
        hits.push({ subject: p.head.id, subjectKind: 'route', message: `${p.base.method} ${p.base.path} no longer exposed over REST` });
      }
    }
    return hits;
  },
};
