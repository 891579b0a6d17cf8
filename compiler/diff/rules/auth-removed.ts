import { authDeltas } from '../auth.js';
import type { Rule, RuleHit } from '../types.js';

export const authRemoved: Rule = {
  id: 'auth-removed',
  level: 'warning',
  category: 'policies',
  doc: 'Security review: authentication or a required scope was removed, so more callers get in.',
  check(base, head, ctx) {
    const hits: RuleHit[] = [];
    for (const d of authDeltas(base, head, ctx.routes.pairs)) {
      if (d.nowOpen) hits.push({ subject: d.subject, subjectKind: d.subjectKind, message: 'authentication no longer required' });
      if (d.scopesRemoved.length > 0) {
        hits.push({ subject: d.subject, subjectKind: d.subjectKind, message: `scopes no longer required: ${d.scopesRemoved.join(', ')}` });
      }
    }
    return hits;
  },
};
