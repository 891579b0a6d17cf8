import type { Rule, RuleHit } from '../types.js';

export const llmRouteRemoved: Rule = {
  id: 'llm-route-removed',
  level: 'breaking',
  category: 'routes',
  doc: 'An LLM route disappeared, moved to another path, or stopped offering a model: its clients fail.',
  check(base, head) {
    const after = new Map(head.llmRoutes.map((r) => [r.name, r]));
    const hits: RuleHit[] = [];
    for (const r of base.llmRoutes) {
      const h = after.get(r.name);
      if (h === undefined) {
        hits.push({ subject: r.name, subjectKind: 'llm-route', message: `LLM route ${r.path} removed` });
        continue;
      }
      if (h.path !== r.path) hits.push({ subject: r.name, subjectKind: 'llm-route', message: `path ${r.path} → ${h.path}` });
      const models = new Set(h.providers.flatMap((p) => p.models));
      const lost = [...new Set(r.providers.flatMap((p) => p.models))].filter((m) => !models.has(m)).sort();
      if (lost.length > 0)
        hits.push({ subject: r.name, subjectKind: 'llm-route', message: `models no longer offered: ${lost.join(', ')}` });
    }
    return hits;
  },
};
