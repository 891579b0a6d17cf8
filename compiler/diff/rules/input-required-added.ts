import { schemaRule } from './schema-rule.js';

export const inputRequiredAdded = schemaRule({
  id: 'input-required-added',
  level: 'breaking',
  direction: 'input',
  kinds: ['required-added'],
  doc: 'An input property became required (or a required one was added): existing calls lack it and are rejected.',
});
