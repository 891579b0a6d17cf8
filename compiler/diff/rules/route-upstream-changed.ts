import type { Rule, RuleHit } from '../types.js';

export const routeUpstreamChanged: Rule = {
  id: 'route-upstream-changed',
  level: 'info',
  category: 'routes',
  doc: 'A route now calls another upstream URL, path or timeout (static header names are compared, never their values).',
  check(_base, _head, ctx) {
    const hits: RuleHit[] = [];
    for (const { base, head } of ctx.routes.pairs) {
      const changes: string[] = [];
      const b = base.upstream;
      const h = head.upstream;
      if (b.url !== h.url || b.path !== h.path) changes.push(`upstream ${b.url}${b.path} → ${h.url}${h.path}`);
      if (b.timeoutMs !== h.timeoutMs) changes.push(`timeout ${b.timeoutMs}ms → ${h.timeoutMs}ms`);
      const bh = Object.keys(b.headers).join(', ');
      const hh = Object.keys(h.headers).join(', ');
      if (bh !== hh) changes.push(`static headers [${bh}] → [${hh}]`);
      if (changes.length > 0) hits.push({ subject: head.id, subjectKind: 'route', message: changes.join('; ') });
    }
    return hits;
  },
};
