import { schemaRule } from './schema-rule.js';

export const outputTypeChanged = schemaRule({
  id: 'output-type-changed',
  level: 'breaking',
  direction: 'output',
  kinds: ['type-widened', 'type-changed', 'variant-added'],
  doc: 'An output value can have a type (or anyOf/oneOf alternative) it could not have before: consumers get values they do not expect.',
});
