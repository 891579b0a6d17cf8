import type { Rule, RuleHit } from '../types.js';

export const routeAdded: Rule = {
  id: 'route-added',
  level: 'info',
  category: 'routes',
  doc: 'A new REST route (or an existing operation newly exposed over REST).',
  check(_base, _head, ctx) {
    const hits: RuleHit[] = [];
    for (const r of ctx.routes.added) {
      if (r.expose.rest) hits.push({ subject: r.id, subjectKind: 'route', message: `${r.method} ${r.path} added` });
    }
    for (const p of ctx.routes.pairs) {
      if (!p.base.expose.rest && p.head.expose.rest) {
        hits.push({ subject: p.head.id, subjectKind: 'route', message: `${p.head.method} ${p.head.path} now exposed over REST` });
      }
    }
    return hits;
  },
};
