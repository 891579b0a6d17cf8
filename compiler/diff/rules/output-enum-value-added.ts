import { schemaRule } from './schema-rule.js';

export const outputEnumValueAdded = schemaRule({
  id: 'output-enum-value-added',
  level: 'warning',
  direction: 'output',
  kinds: ['enum-value-added'],
  doc: 'An output enum gained a value (or lost its enum): consumers switching over the values may not handle it.',
});
