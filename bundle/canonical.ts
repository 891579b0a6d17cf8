import { createHash } from 'node:crypto';

/**
 * Canonical JSON (RFC 8785 for the values a bundle holds): object keys sorted
 * by UTF-16 code units, no insignificant whitespace, numbers and strings as
 * ECMAScript's JSON.stringify writes them. `undefined` members are dropped.
 */
export function canonicalJson(value: unknown): string {
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
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256:<hex>` over the canonical JSON of the bundle without its `id`. */
export function computeBundleId(bundle: { [key: string]: unknown }): string {
  const { id: _id, ...rest } = bundle;
  return `sha256:${sha256Hex(canonicalJson(rest))}`;
}
