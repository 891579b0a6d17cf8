import { schemaRule } from './schema-rule.js';

export const inputChangedUnclassified = schemaRule({
  id: 'input-changed-unclassified',
  level: 'warning',
  direction: 'input',
  kinds: ['unclassified'],
  doc: 'An input keyword uac cannot order changed (not, if/then/else, patternProperties, ...): review it by hand.',
});
