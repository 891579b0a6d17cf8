/**
 * Comparing limits: a limit is lowered when the same key (consumer, tenant,
 * ip, global) gets a smaller allowance per unit of time, or when a limit
 * appears where there was none.
 */
import type { LimitKey, RateLimit } from '../../bundle/types.js';

type Quota = { limit: number; period: 'day' | 'month'; by: LimitKey };

const DAY_MS = 86_400_000;

export function describeRate(r: RateLimit): string {
  return `${r.limit}/${formatWindow(r.windowMs)} by ${r.by}`;
}

export function describeQuota(q: Quota): string {
  return `${q.limit}/${q.period} by ${q.by}`;
}

function formatWindow(ms: number): string {
  for (const [unit, size] of [
    ['d', DAY_MS],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** Descriptions of every head limit that allows less than the base allowed for the same key. */
export function loweredRates(before: RateLimit[], after: RateLimit[]): string[] {
  const out: string[] = [];
  for (const h of after) {
    const same = before.filter((b) => b.by === h.by);
    if (same.length === 0) {
      out.push(`new limit ${describeRate(h)}`);
      continue;
    }
    const exact = same.find((b) => b.windowMs === h.windowMs);
    if (exact !== undefined) {
      if (h.limit < exact.limit) out.push(`${describeRate(exact)} → ${describeRate(h)}`);
      continue;
    }
    // Different window: compare the allowance over the new window.
    const strictest = Math.min(...same.map((b) => (b.limit / b.windowMs) * h.windowMs));
    if (h.limit < strictest) out.push(`new limit ${describeRate(h)} is stricter than ${same.map(describeRate).join(', ')}`);
  }
  return out;
}

export function loweredQuota(before: Quota | null | undefined, after: Quota | null | undefined): string | null {
  if (after === null || after === undefined) return null;
  if (before === null || before === undefined) return `new quota ${describeQuota(after)}`;
  const perDay = (q: Quota) => (q.period === 'day' ? q.limit : q.limit / 31);
  if (before.by !== after.by || perDay(after) < perDay(before) || (before.period === after.period && after.limit < before.limit)) {
    return `${describeQuota(before)} → ${describeQuota(after)}`;
  }
  return null;
}
