import { schemaRule } from './schema-rule.js';

export const inputTypeChanged = schemaRule({
  id: 'input-type-changed',
  level: 'breaking',
  direction: 'input',
  kinds: ['type-narrowed', 'type-changed', 'variant-removed'],
  doc: 'An input value accepts fewer types (or fewer anyOf/oneOf alternatives): calls that were valid are rejected.',
});
