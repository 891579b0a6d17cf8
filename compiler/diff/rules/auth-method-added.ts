import { authDeltas } from '../auth.js';
import type { Rule } from '../types.js';

export const authMethodAdded: Rule = {
  id: 'auth-method-added',
  level: 'info',
  category: 'policies',
  doc: 'A policy or route accepts a further auth method; existing callers keep working.',
  check(base, head, ctx) {
    return authDeltas(base, head, ctx.routes.pairs)
      .filter((d) => d.methodsAdded.length > 0)
      .map((d) => ({
        subject: d.subject,
        subjectKind: d.subjectKind,
        message: `auth methods now also accepted: ${d.methodsAdded.join(', ')}`,
      }));
  },
};
