import { createHash } from 'node:crypto';

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/**
 * Canonical JSON (RFC 8785 for the values a bundle holds): object keys sorted
 * by UTF-16 code units, no insignificant whitespace, numbers and strings as
 * ECMAScript's JSON.stringify writes them. `undefined` members are dropped.
 *
 * Fast path: a copy with keys inserted in sorted order goes through the native
 * JSON.stringify (about a third faster on big bundles). Engines list
 * array-index keys (`"200"`) first whatever the insertion order, and
 * `__proto__` cannot be inserted plainly, so a value holding either, or a
 * non-finite number, takes the reference encoder. A test holds both equal.
 */
export function canonicalJson(value: unknown): string {
  let fallback = false;
  const sorted = (v: unknown): unknown => {
    if (typeof v === 'number' && !Number.isFinite(v)) fallback = true;
    if (v === null || typeof v !== 'object' || fallback) return v;
    if (Array.isArray(v)) return v.map(sorted);
    const obj = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj).sort()) {
      if (ARRAY_INDEX.test(k) || k === '__proto__') fallback = true;
      const x = obj[k];
      if (x !== undefined) out[k] = sorted(x);
    }
    return out;
  };
  const copy = sorted(value);
  if (fallback || value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    return canonicalJsonReference(value);
  }
  return JSON.stringify(copy);
}

/** The reference encoder: a direct recursive writer of the canonical form. */
export function canonicalJsonReference(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError('canonicalJson: non-finite number');
    }
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJsonReference(v))).join(',')}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJsonReference(obj[k])}`).join(',')}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256:<hex>` over the canonical JSON of the bundle without its `id`. */
export function computeBundleId(bundle: { [key: string]: unknown }): string {
  const { id: _id, ...rest } = bundle;
  return `sha256:${sha256Hex(canonicalJson(rest))}`;
}
