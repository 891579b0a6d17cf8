/** The registry of checks, run in this order by `validateContracts`. */
import type { Check } from '../check.js';
import { credentialsCheck } from './credentials.js';
import { duplicateNamesCheck, operationNamesCheck, routePathsCheck } from './names.js';
import { policySanityCheck } from './policy.js';
import {
  apiOperationsCheck,
  credentialReferencesCheck,
  fileReferencesCheck,
  policyReferencesCheck,
  scopeReferencesCheck,
} from './references.js';
import { schemaCheck } from './schema.js';
import { varsCheck } from './vars.js';

export const CHECKS: readonly Check[] = [
  schemaCheck,
  duplicateNamesCheck,
  operationNamesCheck,
  routePathsCheck,
  policyReferencesCheck,
  fileReferencesCheck,
  scopeReferencesCheck,
  credentialReferencesCheck,
  apiOperationsCheck,
  varsCheck,
  credentialsCheck,
  policySanityCheck,
];
