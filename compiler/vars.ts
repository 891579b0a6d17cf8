/**
 * `${var:NAME}` and `${secret:NAME}` references in contract strings (SPEC 2).
 * Vars are replaced at build time from the chosen environment; secret
 * references stay verbatim and are resolved by the runtime.
 */

/** Valid reference names: an identifier, as in an environment variable. */
export const REF_NAME = '[A-Za-z_][A-Za-z0-9_]*';

/** One well-formed reference; group 1 is `var` or `secret`, group 2 the name. */
export const REF_PATTERN = new RegExp(`\\$\\{(var|secret):(${REF_NAME})\\}`, 'g');

/** Any `${` that does not start a well-formed reference (a typo the user should hear about). */
export const MALFORMED_REF_PATTERN = new RegExp(`\\$\\{(?!(?:var|secret):${REF_NAME}\\})`, 'g');

function refsOf(value: string, kind: 'var' | 'secret'): string[] {
  const names: string[] = [];
  for (const m of value.matchAll(REF_PATTERN)) {
    const name = m[2]!;
    if (m[1] === kind && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Names of the `${var:…}` references in `value`, in order of first appearance. */
export function findVarRefs(value: string): string[] {
  return refsOf(value, 'var');
}

/** Names of the `${secret:…}` references in `value`, in order of first appearance. */
export function findSecretRefs(value: string): string[] {
  return refsOf(value, 'secret');
}

/**
 * Replaces every `${var:NAME}` from `vars`. A var that is not defined stays
 * verbatim and is listed in `missing`; `${secret:…}` references are untouched.
 */
export function interpolateVars(value: string, vars: Record<string, string>): { value: string; missing: string[] } {
  const missing: string[] = [];
  const out = value.replace(REF_PATTERN, (whole, kind: string, name: string) => {
    if (kind !== 'var') return whole;
    if (Object.hasOwn(vars, name)) return vars[name]!;
    if (!missing.includes(name)) missing.push(name);
    return whole;
  });
  return { value: out, missing };
}
