/**
 * The outcome of `uac diff` in one documented, stable shape: the JSON format
 * prints it as is and the other formats render it. Bump `version` on any
 * incompatible change of this shape.
 */
import type { Problem } from '../problems.js';
import type { BundleDiff, ReportedFinding } from './engine.js';
import { levelRank } from './types.js';

export const DIFF_REPORT_VERSION = 1 as const;

export type FailOn = 'breaking' | 'warning' | 'none';
export const FAIL_ON: readonly FailOn[] = ['breaking', 'warning', 'none'];

export interface RevisionInfo {
  /** The ref as given (`origin/main`), or null for the work tree. */
  ref: string | null;
  /** Resolved commit sha, or null for the work tree. */
  commit: string | null;
  /** Id of the compiled bundle, or null when it did not compile. */
  bundleId: string | null;
  /** No contract repository (no uac.yaml) at this revision: compared as empty. */
  empty: boolean;
  /** Problems found compiling this revision (errors and warnings). */
  problems: Problem[];
}

export interface DiffReport {
  version: typeof DIFF_REPORT_VERSION;
  /** `compared`, or which side did not compile (then `findings` is empty). */
  status: 'compared' | 'base-failed' | 'head-failed';
  base: RevisionInfo;
  head: RevisionInfo;
  failOn: FailOn;
  /**
   * True when the exit code is 1: the head did not compile, the base did not
   * compile (unless failOn is `none`: the PR repairing a broken base must be
   * able to pass), or a finding at or above failOn is not accepted.
   */
  failed: boolean;
  /** Counts of findings not accepted, by level, plus the accepted ones. */
  summary: { breaking: number; warning: number; info: number; accepted: number };
  findings: ReportedFinding[];
  /** Token cost of the full tools/list payload; null when not compared. */
  cost: BundleDiff['cost'] | null;
  /** Head tool count against the client limits of uac.yaml; null when not compared. */
  clients: BundleDiff['clients'] | null;
}

export function buildReport(input: { base: RevisionInfo; head: RevisionInfo; diff: BundleDiff | null; failOn: FailOn }): DiffReport {
  const { base, head, diff, failOn } = input;
  const status = head.bundleId === null ? 'head-failed' : base.bundleId === null && !base.empty ? 'base-failed' : 'compared';
  const findings = status === 'compared' && diff !== null ? diff.findings : [];
  const open = findings.filter((f) => f.acceptedBy === null);
  const summary = {
    breaking: open.filter((f) => f.level === 'breaking').length,
    warning: open.filter((f) => f.level === 'warning').length,
    info: open.filter((f) => f.level === 'info').length,
    accepted: findings.length - open.length,
  };
  const failing = failOn !== 'none' && open.some((f) => levelRank(f.level) >= levelRank(failOn));
  return {
    version: DIFF_REPORT_VERSION,
    status,
    base,
    head,
    failOn,
    failed: status === 'head-failed' || (status === 'base-failed' && failOn !== 'none') || failing,
    summary,
    findings,
    cost: status === 'compared' ? (diff?.cost ?? null) : null,
    clients: status === 'compared' ? (diff?.clients ?? null) : null,
  };
}
