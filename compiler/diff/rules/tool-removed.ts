import type { Rule } from '../types.js';

export const toolRemoved: Rule = {
  id: 'tool-removed',
  level: 'breaking',
  category: 'tools',
  doc: 'An MCP tool disappeared: agents, prompts and saved workflows that call it fail.',
  check(_base, _head, ctx) {
    return ctx.tools.removed.map((t) => ({ subject: t.name, subjectKind: 'tool', message: `tool ${t.name} removed` }));
  },
};
