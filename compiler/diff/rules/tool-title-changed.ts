import type { Rule } from '../types.js';

export const toolTitleChanged: Rule = {
  id: 'tool-title-changed',
  level: 'info',
  category: 'tools',
  doc: 'A tool title (shown to people in client UIs) changed.',
  check(_base, _head, ctx) {
    return ctx.tools.pairs
      .filter((p) => (p.base.title ?? null) !== (p.head.title ?? null))
      .map((p) => ({
        subject: p.head.name,
        subjectKind: 'tool',
        message: `title ${JSON.stringify(p.base.title ?? null)} → ${JSON.stringify(p.head.title ?? null)}`,
      }));
  },
};
