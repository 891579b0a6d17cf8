import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `${secret:NAME}` references as the compiler leaves them in a bundle (SPEC 2). */
const SECRET_REF = /\$\{secret:([A-Za-z0-9_.-]+)\}/g;

/** Looks a secret up by name; undefined when it is not configured. */
export type SecretLookup = (name: string) => string | undefined;

/** Makes a fresh lookup for one bundle activation. */
export type SecretSource = () => SecretLookup;

/**
 * Secrets come from env `UAC_SECRET_<NAME>` first, then from a file named
 * NAME in the secrets folder (the Kubernetes/Docker secrets layout). Values
 * are read lazily and cached for the life of this lookup only, so one
 * activation reads each file at most once and never scans the folder.
 */
export function secretLookup(env: NodeJS.ProcessEnv, secretsDir?: string): SecretLookup {
  const cache = new Map<string, string | undefined>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    let value = env[`UAC_SECRET_${name}`];
    if (value === undefined && secretsDir && /^[A-Za-z0-9_.-]+$/.test(name) && !name.startsWith('.')) {
      try {
        value = readFileSync(join(secretsDir, name), 'utf8').replace(/\r?\n$/, '');
      } catch {
        value = undefined;
      }
    }
    cache.set(name, value);
    return value;
  };
}

/**
 * One lookup per activation: each new bundle re-reads env and files, so a
 * secret added or rotated (e.g. a Kubernetes secret) is seen by the next
 * bundle instead of a miss being cached for the life of the process.
 */
export function secretSource(env: NodeJS.ProcessEnv, secretsDir?: string): SecretSource {
  return () => secretLookup(env, secretsDir);
}

/**
 * Replaces every reference; returns the names that could not be resolved
 * (the value is then left unusable and the caller refuses to send it).
 */
export function resolveSecrets(text: string, lookup: SecretLookup): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(SECRET_REF, (_all, name: string) => {
    const v = lookup(name);
    if (v === undefined) {
      missing.push(name);
      return '';
    }
    return v;
  });
  return { value, missing };
}
