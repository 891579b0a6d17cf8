import type { Rule } from '../types.js';

export const outputSchemaAdded: Rule = {
  id: 'output-schema-added',
  level: 'info',
  category: 'schemas',
  doc: 'A tool now declares an outputSchema: clients validate its results against it from now on.',
  check(_base, _head, ctx) {
    return ctx.tools.pairs
      .filter((p) => p.base.outputSchema === undefined && p.head.outputSchema !== undefined)
      .map((p) => ({ subject: p.head.name, subjectKind: 'tool', path: 'output', message: 'outputSchema added' }));
  },
};
