import { schemaRule } from './schema-rule.js';

export const outputNarrowed = schemaRule({
  id: 'output-narrowed',
  level: 'info',
  direction: 'output',
  kinds: ['property-added', 'required-added', 'type-narrowed', 'enum-value-removed', 'constraint-tightened', 'variant-removed'],
  doc: 'The output promises more than before (new property, stricter values): existing consumers keep working.',
});
