import { authDeltas } from '../auth.js';
import type { Rule, RuleHit } from '../types.js';

export const authMethodChanged: Rule = {
  id: 'auth-method-changed',
  level: 'breaking',
  category: 'policies',
  doc: 'Authentication is now required where it was not, or an accepted auth method was dropped: those callers get 401.',
  check(base, head, ctx) {
    const hits: RuleHit[] = [];
    for (const d of authDeltas(base, head, ctx.routes.pairs)) {
      if (d.nowRequired) hits.push({ subject: d.subject, subjectKind: d.subjectKind, message: 'authentication now required' });
      if (d.methodsRemoved.length > 0) {
        hits.push({
          subject: d.subject,
          subjectKind: d.subjectKind,
          message: `auth methods no longer accepted: ${d.methodsRemoved.join(', ')}`,
        });
      }
    }
    return hits;
  },
};
