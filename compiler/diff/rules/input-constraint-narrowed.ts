import { schemaRule } from './schema-rule.js';

export const inputConstraintNarrowed = schemaRule({
  id: 'input-constraint-narrowed',
  level: 'breaking',
  direction: 'input',
  kinds: ['constraint-tightened', 'property-rejected'],
  doc: 'An input constraint got stricter (min/max, length, pattern, format, closed additionalProperties, removed property of a closed object).',
});
