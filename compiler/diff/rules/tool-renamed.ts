import type { Rule } from '../types.js';

export const toolRenamed: Rule = {
  id: 'tool-renamed',
  level: 'breaking',
  category: 'tools',
  doc: 'The same operation (route id) is now published under another tool name: callers of the old name fail.',
  check(_base, _head, ctx) {
    return ctx.tools.pairs
      .filter((p) => p.base.name !== p.head.name)
      .map((p) => ({
        subject: p.head.name,
        subjectKind: 'tool',
        message: `tool ${p.base.name} renamed to ${p.head.name} (route ${p.head.route})`,
      }));
  },
};
