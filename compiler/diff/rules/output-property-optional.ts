import { schemaRule } from './schema-rule.js';

export const outputPropertyOptional = schemaRule({
  id: 'output-property-optional',
  level: 'breaking',
  direction: 'output',
  kinds: ['required-removed'],
  doc: 'An output property is no longer required: consumers relying on it being present can break.',
});
