/**
 * The registry of validation codes (SPEC 4.1). Every code is defined once, in
 * the group file for its range, with its default severity, a title, a doc line
 * and a fix hint. The CLI, `docs/` and the tests all read this registry.
 *
 * Ranges: 0xx syntax/schema · 1xx references · 2xx OpenAPI ·
 * 3xx naming and client limits · 4xx policy sanity · 5xx secrets and vars.
 */
import type { Severity } from '../../problems.js';

export interface CodeDef {
  /** `UACnnn` */
  code: string;
  severity: Severity;
  /** Short title, used as the GitHub annotation title. */
  title: string;
  /** One or two sentences: what the check means and why it matters. */
  doc: string;
  /** Default fix hint; a check may give a more specific one. */
  hint: string;
}

/** Declares a group of codes; checks that each sits in the group's range. */
export function defineCodes(range: [number, number], defs: CodeDef[]): CodeDef[] {
  for (const def of defs) {
    const n = Number(def.code.slice(3));
    if (!/^UAC\d{3}$/.test(def.code) || n < range[0] || n > range[1]) {
      throw new Error(`validation code ${def.code} is outside its group range ${range[0]}-${range[1]}`);
    }
  }
  return defs;
}
