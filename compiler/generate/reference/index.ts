/**
 * Every generated reference page, by its path under docs/reference/.
 * scripts/gen-docs.ts writes them; a test fails when the committed pages are stale.
 */
import { CODES } from '../../validate/codes/index.js';
import { codesReference } from './codes.js';
import { contractReference } from './contracts.js';
import { diffRulesReference } from './diff-rules.js';

export function referencePages(schemasDir: string): Record<string, string> {
  return {
    'contracts.md': contractReference(schemasDir),
    'validation-codes.md': codesReference(CODES),
    'diff-rules.md': diffRulesReference(),
  };
}
