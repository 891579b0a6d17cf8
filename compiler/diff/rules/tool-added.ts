import type { Rule } from '../types.js';

export const toolAdded: Rule = {
  id: 'tool-added',
  level: 'info',
  category: 'tools',
  doc: 'A new MCP tool: agents see it in tools/list and it adds to the context cost.',
  check(_base, _head, ctx) {
    return ctx.tools.added.map((t) => ({ subject: t.name, subjectKind: 'tool', message: `tool ${t.name} added` }));
  },
};
