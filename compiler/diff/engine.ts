/**
 * Runs every rule over two bundles and puts the findings in a stable order:
 * breaking first, then by category, subject, rule and path. Findings matched
 * by an `Uac-Allow-Breaking` trailer are marked accepted and never fail a run.
 */
import type { Bundle } from '../../bundle/types.js';
import { createContext } from './context.js';
import { TOKEN_ESTIMATOR, toolsListTokens } from './cost.js';
import { RULES } from './registry.js';
import { CATEGORIES, type Finding, levelRank, type Rule } from './types.js';

/** A change accepted on purpose: `Uac-Allow-Breaking: <rule> <subject>` in commit `commit`. */
export interface Acceptance {
  rule: string;
  /** A subject name, or `*` for every subject of the rule. */
  subject: string;
  commit: string;
}

export interface ReportedFinding extends Finding {
  /** The commit whose trailer accepted this finding, or null. */
  acceptedBy: string | null;
}

export interface BundleDiff {
  findings: ReportedFinding[];
  cost: { estimator: string; before: number; after: number };
  clients: { tools: number; maxTools: number; maxToolNameLength: number };
}

export function diffBundles(
  base: Bundle,
  head: Bundle,
  opts: { accepted?: readonly Acceptance[]; rules?: readonly Rule[] } = {},
): BundleDiff {
  const ctx = createContext(base, head);
  const findings: ReportedFinding[] = [];
  for (const rule of opts.rules ?? RULES) {
    for (const hit of rule.check(base, head, ctx)) {
      const finding: Finding = { rule: rule.id, level: rule.level, category: rule.category, ...hit };
      if (finding.path === undefined) delete finding.path;
      const acceptance = (opts.accepted ?? []).find((a) => a.rule === rule.id && (a.subject === '*' || a.subject === hit.subject));
      findings.push({ ...finding, acceptedBy: acceptance?.commit ?? null });
    }
  }
  findings.sort(compareFindings);
  return {
    findings,
    cost: { estimator: TOKEN_ESTIMATOR, before: toolsListTokens(base), after: toolsListTokens(head) },
    clients: { tools: head.tools.length, ...head.clients },
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    levelRank(b.level) - levelRank(a.level) ||
    CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) ||
    cmp(a.subject, b.subject) ||
    cmp(a.rule, b.rule) ||
    cmp(a.path ?? '', b.path ?? '') ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
