import { canonicalJson } from '../../../bundle/canonical.js';
import type { Rule } from '../types.js';

export const authConfigChanged: Rule = {
  id: 'auth-config-changed',
  level: 'warning',
  category: 'policies',
  doc: 'The project auth settings (JWT issuer, JWKS, audience, algorithms, OAuth resource) changed: tokens valid today may be refused.',
  check(base, head) {
    const changed: string[] = [];
    for (const key of ['jwt', 'oauth'] as const) {
      const b = (base.auth[key] ?? {}) as Record<string, unknown>;
      const h = (head.auth[key] ?? {}) as Record<string, unknown>;
      if ((base.auth[key] === null) !== (head.auth[key] === null)) {
        changed.push(`${key} ${base.auth[key] === null ? 'added' : 'removed'}`);
        continue;
      }
      for (const field of [...new Set([...Object.keys(b), ...Object.keys(h)])].sort()) {
        if (canonicalJson(b[field] ?? null) !== canonicalJson(h[field] ?? null)) changed.push(`${key}.${field}`);
      }
    }
    return changed.length === 0 ? [] : [{ subject: 'auth', subjectKind: 'project', message: `changed: ${changed.join(', ')}` }];
  },
};
