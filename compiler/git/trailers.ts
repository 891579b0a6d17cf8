/**
 * `Uac-Allow-Breaking: <rule-id> <subject>` trailers in the commits between
 * the base and the head: the Git trace of a breaking change accepted on
 * purpose. Git's own trailer parser reads them (`%(trailers:...)`), so only
 * a real trailer block counts, not a sentence in the message body.
 */
import type { Repository } from './revision.js';

export const ALLOW_TRAILER = 'Uac-Allow-Breaking';

export interface AllowTrailer {
  rule: string;
  /** A subject name or `*`. */
  subject: string;
  commit: string;
}

export interface TrailerScan {
  allowed: AllowTrailer[];
  /** Trailer values that do not read `<rule-id> <subject>`, with their commit. */
  malformed: Array<{ value: string; commit: string }>;
}

/** Trailers of the commits reachable from `head` but not from `base` (the commits of a PR). */
export async function readAllowTrailers(repo: Repository, base: string, head: string): Promise<TrailerScan> {
  const format = `%H%x1f%(trailers:key=${ALLOW_TRAILER},valueonly,unfold,separator=%x1e)%x1d`;
  const out = await repo.git.raw(['log', `--format=${format}`, `${base}..${head}`, '--']);
  return parseTrailerLog(out);
}

export function parseTrailerLog(out: string): TrailerScan {
  const scan: TrailerScan = { allowed: [], malformed: [] };
  for (const record of out.split('\x1d')) {
    const [commit, values] = record.trim().split('\x1f');
    if (!commit || !values) continue;
    for (const raw of values.split('\x1e')) {
      const value = raw.trim();
      if (value === '') continue;
      const match = /^([a-z0-9-]+)\s+(\S.*)$/.exec(value);
      if (match?.[1] && match[2]) scan.allowed.push({ rule: match[1], subject: match[2].trim(), commit });
      else scan.malformed.push({ value, commit });
    }
  }
  return scan;
}
