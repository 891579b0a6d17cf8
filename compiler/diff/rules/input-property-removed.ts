import { schemaRule } from './schema-rule.js';

export const inputPropertyRemoved = schemaRule({
  id: 'input-property-removed',
  level: 'warning',
  direction: 'input',
  kinds: ['property-removed'],
  doc: 'An input property was removed from an open object: calls still pass, but the value is silently ignored.',
});
