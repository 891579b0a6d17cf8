import { schemaRule } from './schema-rule.js';

export const inputWidened = schemaRule({
  id: 'input-widened',
  level: 'info',
  direction: 'input',
  kinds: ['required-removed', 'property-added', 'type-widened', 'enum-value-added', 'constraint-relaxed', 'variant-added'],
  doc: 'The input accepts more than before (optional property, new enum value, relaxed constraint): existing calls keep working.',
});
