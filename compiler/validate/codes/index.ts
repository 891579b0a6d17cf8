/**
 * All validation codes, merged from the group files. One place for the CLI,
 * docs and tests: `CODES`, `codeDef()`, `problem()`.
 */
import type { Location, Problem, Severity } from '../../problems.js';
import type { CodeDef } from './registry.js';
import { SYNTAX_CODES } from './syntax.js';
import { REFERENCE_CODES } from './references.js';
import { OPENAPI_CODES } from './openapi.js';
import { NAMING_CODES } from './naming.js';
import { TOOL_CODES } from './tools.js';
import { POLICY_CODES } from './policy.js';
import { SECRET_CODES } from './secrets.js';

export type { CodeDef } from './registry.js';

export const CODES: readonly CodeDef[] = [
  ...SYNTAX_CODES,
  ...REFERENCE_CODES,
  ...OPENAPI_CODES,
  ...NAMING_CODES,
  ...TOOL_CODES,
  ...POLICY_CODES,
  ...SECRET_CODES,
].sort((a, b) => (a.code < b.code ? -1 : 1));

const BY_CODE = new Map<string, CodeDef>();
for (const def of CODES) {
  if (BY_CODE.has(def.code)) throw new Error(`validation code ${def.code} is defined twice`);
  BY_CODE.set(def.code, def);
}

export function codeDef(code: string): CodeDef {
  const def = BY_CODE.get(code);
  if (!def) throw new Error(`unknown validation code ${code}`);
  return def;
}

/** Builds a located problem with the code's registered severity and hint. */
export function problem(
  code: string,
  at: Location,
  message: string,
  opts: { hint?: string; severity?: Severity } = {},
): Problem {
  const def = codeDef(code);
  return {
    code,
    severity: opts.severity ?? def.severity,
    message,
    hint: opts.hint ?? def.hint,
    file: at.file,
    line: at.line,
    column: at.column,
  };
}
