import type { Rule, RuleHit } from '../types.js';

export const skillChanged: Rule = {
  id: 'skill-changed',
  level: 'info',
  category: 'tools',
  doc: 'A skill gained, lost or changed files (SKILL.md instructions steer agents) or its tool list.',
  check(base, head) {
    const before = new Map(base.skills.map((s) => [s.name, s]));
    const hits: RuleHit[] = [];
    for (const s of head.skills) {
      const old = before.get(s.name);
      if (old === undefined) {
        hits.push({ subject: s.name, subjectKind: 'skill', message: `skill ${s.name} added` });
        continue;
      }
      const oldFiles = new Map(old.files.map((f) => [f.path, f.sha256]));
      const newFiles = new Map(s.files.map((f) => [f.path, f.sha256]));
      const changes: string[] = [];
      for (const [path, sha] of newFiles) {
        if (!oldFiles.has(path)) changes.push(`+${path}`);
        else if (oldFiles.get(path) !== sha) changes.push(`~${path}`);
      }
      for (const path of oldFiles.keys()) if (!newFiles.has(path)) changes.push(`-${path}`);
      if (old.tools.join(',') !== s.tools.join(',')) changes.push(`tools [${old.tools.join(', ')}] → [${s.tools.join(', ')}]`);
      if (changes.length > 0) hits.push({ subject: s.name, subjectKind: 'skill', message: changes.join(', ') });
    }
    return hits;
  },
};
