/**
 * Durations (`250ms`, `5s`, `1m`, `1h`, `1d`) and sizes (`10b`, `512kb`,
 * `1mb`, `1gb`, 1024-based) as written in contracts. The validator uses the
 * `try…` forms to report bad values; the compiler uses the throwing forms on
 * values that already passed validation.
 */

export const DURATION_UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const SIZE_UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;

/** Shape accepted by the schemas (the unit is checked again by the parsers). */
export const DURATION_PATTERN = '^[0-9]+(ms|s|m|h|d)$';
export const SIZE_PATTERN = '^[0-9]+(b|kb|mb|gb)$';

function parse(value: string, units: Record<string, number>): number | undefined {
  const m = /^([0-9]{1,12})([a-z]{1,2})$/.exec(value);
  if (!m) return undefined;
  const factor = units[m[2]!];
  if (factor === undefined || !Object.hasOwn(units, m[2]!)) return undefined;
  const n = Number(m[1]) * factor;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Milliseconds, or undefined when `value` is not a duration. */
export function tryParseDuration(value: string): number | undefined {
  return parse(value, DURATION_UNITS);
}

/** Bytes, or undefined when `value` is not a size. */
export function tryParseSize(value: string): number | undefined {
  return parse(value, SIZE_UNITS);
}

/** Milliseconds; throws a RangeError on anything but `<digits><ms|s|m|h|d>`. */
export function parseDuration(value: string): number {
  const ms = tryParseDuration(value);
  if (ms === undefined) throw new RangeError(`not a duration: '${value}' (use e.g. 250ms, 5s, 1m, 1h, 1d)`);
  return ms;
}

/** Bytes (1024-based); throws a RangeError on anything but `<digits><b|kb|mb|gb>`. */
export function parseSize(value: string): number {
  const bytes = tryParseSize(value);
  if (bytes === undefined) throw new RangeError(`not a size: '${value}' (use e.g. 10b, 512kb, 1mb, 1gb)`);
  return bytes;
}
