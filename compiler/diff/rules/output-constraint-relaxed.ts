import { schemaRule } from './schema-rule.js';

export const outputConstraintRelaxed = schemaRule({
  id: 'output-constraint-relaxed',
  level: 'warning',
  direction: 'output',
  kinds: ['constraint-relaxed'],
  doc: 'An output constraint got looser (min/max, length, pattern, format): consumers may see values outside the old range.',
});
