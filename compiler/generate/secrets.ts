/**
 * The `${secret:NAME}` references a bundle holds (upstream headers, LLM
 * provider keys). Deployment targets wire each one to env `UAC_SECRET_<NAME>`
 * by name only: no generated file ever holds a secret value.
 */
import type { Bundle } from '../../bundle/types.js';

const SECRET_REF = /\$\{secret:([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function secretNames(bundle: Bundle): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(SECRET_REF)) names.add(m[1]!);
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v);
    } else if (value !== null && typeof value === 'object') {
      for (const v of Object.values(value)) visit(v);
    }
  };
  visit(bundle);
  return [...names].sort();
}

export function secretEnvName(name: string): string {
  return `UAC_SECRET_${name}`;
}
