import { schemaRule } from './schema-rule.js';

export const outputPropertyRemoved = schemaRule({
  id: 'output-property-removed',
  level: 'breaking',
  direction: 'output',
  kinds: ['property-removed', 'property-rejected'],
  doc: 'An output property was removed: agents and clients reading it get nothing.',
});
