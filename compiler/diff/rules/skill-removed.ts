import type { Rule } from '../types.js';

export const skillRemoved: Rule = {
  id: 'skill-removed',
  level: 'breaking',
  category: 'tools',
  doc: 'A skill disappeared from skills/list: agents that load it by name fail.',
  check(base, head) {
    const names = new Set(head.skills.map((s) => s.name));
    return base.skills
      .filter((s) => !names.has(s.name))
      .map((s) => ({ subject: s.name, subjectKind: 'skill', message: `skill ${s.name} removed` }));
  },
};
