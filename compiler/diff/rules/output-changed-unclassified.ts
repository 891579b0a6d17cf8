import { schemaRule } from './schema-rule.js';

export const outputChangedUnclassified = schemaRule({
  id: 'output-changed-unclassified',
  level: 'warning',
  direction: 'output',
  kinds: ['unclassified'],
  doc: 'An output keyword uac cannot order changed (not, if/then/else, patternProperties, ...): review it by hand.',
});
