import type { Rule, RuleHit } from '../types.js';

export const routeParamsMoved: Rule = {
  id: 'route-params-moved',
  level: 'breaking',
  category: 'routes',
  doc: 'A REST parameter moved between path, query and header, got another wire name, or the body content type changed: REST clients send it where it is no longer read.',
  check(_base, _head, ctx) {
    const hits: RuleHit[] = [];
    for (const { base, head } of ctx.routes.pairs) {
      if (!base.expose.rest || !head.expose.rest) continue;
      const after = new Map(head.params.map((p) => [p.arg, p]));
      for (const p of base.params) {
        const h = after.get(p.arg);
        if (h !== undefined && (h.in !== p.in || h.name !== p.name)) {
          hits.push({ subject: head.id, subjectKind: 'route', message: `parameter ${p.in} ${p.name} → ${h.in} ${h.name}` });
        }
      }
      if (base.body !== null && head.body !== null && base.body.contentType !== head.body.contentType) {
        hits.push({ subject: head.id, subjectKind: 'route', message: `request body ${base.body.contentType} → ${head.body.contentType}` });
      }
    }
    return hits;
  },
};
