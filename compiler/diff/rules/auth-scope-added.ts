import { authDeltas } from '../auth.js';
import type { Rule } from '../types.js';

export const authScopeAdded: Rule = {
  id: 'auth-scope-added',
  level: 'breaking',
  category: 'policies',
  doc: 'A policy or route now requires a scope it did not: callers whose credentials lack it get 403.',
  check(base, head, ctx) {
    return authDeltas(base, head, ctx.routes.pairs)
      .filter((d) => d.scopesAdded.length > 0)
      .map((d) => ({ subject: d.subject, subjectKind: d.subjectKind, message: `scopes now required: ${d.scopesAdded.join(', ')}` }));
  },
};
