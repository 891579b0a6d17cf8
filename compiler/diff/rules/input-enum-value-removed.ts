import { schemaRule } from './schema-rule.js';

export const inputEnumValueRemoved = schemaRule({
  id: 'input-enum-value-removed',
  level: 'breaking',
  direction: 'input',
  kinds: ['enum-value-removed'],
  doc: 'An input enum lost a value (or an input became limited to an enum/const): calls sending it are rejected.',
});
