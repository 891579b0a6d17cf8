import { canonicalJson } from '../../../bundle/canonical.js';
import type { Credential } from '../../../bundle/types.js';
import type { Rule } from '../types.js';

export const consumerCredentialsChanged: Rule = {
  id: 'consumer-credentials-changed',
  level: 'info',
  category: 'consumers',
  doc: 'A consumer credential was added, removed or rotated (only counts per type are shown, never hashes or subjects).',
  check(base, head) {
    const before = new Map(base.consumers.map((c) => [c.name, c.credentials]));
    return head.consumers
      .filter((c) => {
        const old = before.get(c.name);
        return old !== undefined && canonicalJson(sorted(old)) !== canonicalJson(sorted(c.credentials));
      })
      .map((c) => ({
        subject: c.name,
        subjectKind: 'consumer',
        message: `credentials ${countByType(before.get(c.name) ?? [])} → ${countByType(c.credentials)}`,
      }));
  },
};

function sorted(credentials: Credential[]): string[] {
  return credentials.map((c) => canonicalJson(c)).sort();
}

function countByType(credentials: Credential[]): string {
  const counts = new Map<string, number>();
  for (const c of credentials) counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
  return (
    [...counts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([t, n]) => `${n} ${t}`)
      .join(', ') || 'none'
  );
}
