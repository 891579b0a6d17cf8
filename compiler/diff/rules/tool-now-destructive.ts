import { becameDestructive } from '../annotations.js';
import type { Rule } from '../types.js';

export const toolNowDestructive: Rule = {
  id: 'tool-now-destructive',
  level: 'breaking',
  category: 'tools',
  doc: 'A tool is now (by hint or by MCP default) destructive where it was read-only or non-destructive: clients that auto-approved it must ask again.',
  check(_base, _head, ctx) {
    return ctx.tools.pairs
      .filter((p) => becameDestructive(p.base.annotations, p.head.annotations))
      .map((p) => ({
        subject: p.head.name,
        subjectKind: 'tool',
        message: `annotations ${JSON.stringify(p.base.annotations)} → ${JSON.stringify(p.head.annotations)}: now destructive`,
      }));
  },
};
