import type { Rule } from '../types.js';

export const promptRemoved: Rule = {
  id: 'prompt-removed',
  level: 'breaking',
  category: 'tools',
  doc: 'An MCP prompt disappeared: clients that offer it to users lose it.',
  check(base, head) {
    const names = new Set(head.prompts.map((p) => p.name));
    return base.prompts
      .filter((p) => !names.has(p.name))
      .map((p) => ({ subject: p.name, subjectKind: 'prompt', message: `prompt ${p.name} removed` }));
  },
};
