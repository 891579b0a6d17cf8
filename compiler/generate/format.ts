/** Human forms of the bundle's normalized numbers, for docs and comments. */
import type { RateLimit } from '../../bundle/types.js';

const UNITS: Array<[number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1_000, 's'],
];

export function duration(ms: number): string {
  for (const [size, unit] of UNITS) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

export function bytes(n: number): string {
  for (const [size, unit] of [
    [1024 * 1024 * 1024, 'GiB'],
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return `${n} bytes`;
}

const SINGLE: Record<number, string> = { 1000: 'second', 60000: 'minute', 3600000: 'hour', 86400000: 'day' };

/** "100 requests per minute by consumer", "5 requests per 10s by ip". */
export function rate(r: RateLimit, what = 'requests'): string {
  return `${r.limit} ${what} per ${SINGLE[r.windowMs] ?? duration(r.windowMs)} by ${r.by}`;
}
