import type { Check } from '../check.js';
import { schemaProblems } from '../schema.js';

/** Every document against its kind's JSON Schema (schemas/). */
export const schemaCheck: Check = {
  id: 'schema',
  codes: ['UAC010', 'UAC011', 'UAC012', 'UAC013', 'UAC014', 'UAC301', 'UAC401', 'UAC402', 'UAC403', 'UAC404', 'UAC405'],
  run: (ctx) => ctx.all.flatMap((doc) => schemaProblems(doc)),
};
