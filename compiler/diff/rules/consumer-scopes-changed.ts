import type { Rule, RuleHit } from '../types.js';

export const consumerScopesChanged: Rule = {
  id: 'consumer-scopes-changed',
  level: 'warning',
  category: 'consumers',
  doc: 'A consumer gained scopes (more access: security review) or lost some (its calls needing them get 403).',
  check(base, head) {
    const before = new Map(base.consumers.map((c) => [c.name, c]));
    const hits: RuleHit[] = [];
    for (const c of head.consumers) {
      const old = before.get(c.name);
      if (old === undefined) continue;
      const added = c.scopes.filter((s) => !old.scopes.includes(s));
      const removed = old.scopes.filter((s) => !c.scopes.includes(s));
      const parts = [
        ...(added.length ? [`granted ${added.join(', ')}`] : []),
        ...(removed.length ? [`revoked ${removed.join(', ')}`] : []),
      ];
      if (parts.length > 0) hits.push({ subject: c.name, subjectKind: 'consumer', message: `scopes ${parts.join('; ')}` });
    }
    return hits;
  },
};
