import type { Rule } from '../types.js';

export const outputSchemaRemoved: Rule = {
  id: 'output-schema-removed',
  level: 'breaking',
  category: 'schemas',
  doc: 'A tool no longer declares an outputSchema: clients lose structuredContent they may rely on.',
  check(_base, _head, ctx) {
    return ctx.tools.pairs
      .filter((p) => p.base.outputSchema !== undefined && p.head.outputSchema === undefined)
      .map((p) => ({ subject: p.head.name, subjectKind: 'tool', path: 'output', message: 'outputSchema removed' }));
  },
};
