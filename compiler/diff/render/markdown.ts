/**
 * Markdown for a PR comment, rendered through a Handlebars template that
 * starts with the `<!-- uac-diff -->` marker the sticky-comment step looks for.
 * Contract text (descriptions, names) is escaped: it must never inject HTML
 * or break the tables.
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { Problem } from '../../problems.js';
import type { ReportedFinding } from '../engine.js';
import type { DiffReport, RevisionInfo } from '../report.js';
import { LEVELS, type Level } from '../types.js';

export const DIFF_MARKER = '<!-- uac-diff -->';

const ICON: Record<Level | 'accepted', string> = {
  breaking: '🔴',
  warning: '🟠',
  info: '🔵',
  accepted: '☑️',
};
const TITLE: Record<Level, string> = { breaking: 'Breaking', warning: 'Warnings', info: 'Info' };

let compiled: Handlebars.TemplateDelegate | null = null;

function template(): Handlebars.TemplateDelegate {
  if (compiled !== null) return compiled;
  const hb = Handlebars.create();
  hb.registerHelper('md', (text: unknown) => escapeMarkdown(String(text ?? '')));
  hb.registerHelper('mono', (text: unknown) => inlineCode(String(text ?? '')));
  hb.registerHelper('short', (sha: unknown) => String(sha ?? '').slice(0, 12));
  compiled = hb.compile(loadTemplate('comment.md.hbs'), { noEscape: false, strict: false });
  return compiled;
}

/** The templates ship next to the sources and in the package's `compiler/diff/templates` (for `dist/`). */
function loadTemplate(name: string): string {
  for (const rel of [`../templates/${name}`, `../../../../compiler/diff/templates/${name}`]) {
    try {
      return readFileSync(new URL(rel, import.meta.url), 'utf8');
    } catch {
      // next candidate
    }
  }
  throw new Error(`diff template ${name} not found`);
}

export function renderMarkdown(report: DiffReport): string {
  const view = {
    headline: headline(report),
    compared: report.status === 'compared',
    baseFailed: report.status === 'base-failed',
    headFailed: report.status === 'head-failed',
    base: revisionView(report.base, 'base'),
    head: revisionView(report.head, 'work tree'),
    problemSections: [
      { title: `Problems in the base revision`, problems: report.status === 'base-failed' ? report.base.problems : [] },
      { title: `Problems in this revision`, problems: report.head.problems.filter((p) => p.severity === 'error') },
    ].filter((s) => s.problems.length > 0),
    summary: report.summary,
    cost: report.cost === null ? null : { ...report.cost, delta: costDelta(report.cost.before, report.cost.after) },
    clients: report.clients,
    findings: report.findings,
    sections: [
      ...LEVELS.map((level) => ({
        title: `${ICON[level]} ${TITLE[level]}`,
        // Info is context, not a call to action: folded away.
        collapsed: level === 'info',
        findings: report.findings.filter((f) => f.level === level && f.acceptedBy === null),
      })),
      { title: `${ICON.accepted} Accepted`, collapsed: false, findings: report.findings.filter((f) => f.acceptedBy !== null) },
    ].filter((s) => s.findings.length > 0),
    subjects: subjects(report.findings),
    failOn: report.failOn,
  };
  return template()(view).replace(/\n{3,}/g, '\n\n');
}

function headline(report: DiffReport): string {
  if (report.status === 'head-failed') return '❌ uac diff: this revision does not compile';
  if (report.status === 'base-failed') return '❌ uac diff: the base revision does not compile';
  const { breaking, warning, info, accepted } = report.summary;
  const acceptedNote = accepted > 0 ? ` (${accepted} accepted)` : '';
  if (breaking > 0) return `${ICON.breaking} uac diff: ${plural(breaking, 'breaking change')}${acceptedNote}`;
  if (warning > 0) return `${ICON.warning} uac diff: ${plural(warning, 'warning')}, no breaking changes${acceptedNote}`;
  if (info > 0 || accepted > 0) return `✅ uac diff: no breaking changes${acceptedNote}`;
  return '✅ uac diff: no changes';
}

function revisionView(rev: RevisionInfo, fallback: string) {
  return {
    label: rev.commit === null ? fallback : `${rev.ref ?? ''} ${rev.commit.slice(0, 12)}`.trim(),
    bundleId: rev.bundleId === null ? null : `${rev.bundleId.slice(0, 19)}…`,
    errorCount: rev.problems.filter((p: Problem) => p.severity === 'error').length,
  };
}

/** Findings grouped per subject (tool, route, policy...), most severe subject first. */
function subjects(findings: ReportedFinding[]) {
  const groups = new Map<string, ReportedFinding[]>();
  for (const f of findings) {
    const key = `${f.subjectKind}\u0000${f.subject}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const rank = (list: ReportedFinding[]) => {
    const open = list.filter((f) => f.acceptedBy === null).map((f) => LEVELS.indexOf(f.level));
    return open.length === 0 ? LEVELS.length : Math.min(...open);
  };
  return [...groups.values()]
    .map((list, order) => ({ list, order, rank: rank(list) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ list }) => {
      const first = list[0] as ReportedFinding;
      const counts = [...LEVELS, 'accepted' as const]
        .map((level) => {
          const n = list.filter((f) => (level === 'accepted' ? f.acceptedBy !== null : f.level === level && f.acceptedBy === null)).length;
          return n > 0 ? `${n} ${level}` : null;
        })
        .filter((c) => c !== null)
        .join(', ');
      const worst = list.find((f) => f.acceptedBy === null)?.level;
      return {
        name: first.subject,
        kind: first.subjectKind,
        icon: worst === undefined ? ICON.accepted : ICON[worst],
        counts,
        findings: list.map((f) => ({ ...f, icon: f.acceptedBy !== null ? ICON.accepted : ICON[f.level] })),
      };
    });
}

function costDelta(before: number, after: number): string {
  const delta = after - before;
  if (delta === 0) return 'unchanged';
  const sign = delta > 0 ? '+' : '−';
  const pct = before === 0 ? '' : `, ${sign}${Math.abs((delta / before) * 100).toFixed(1)}%`;
  return `${sign}${Math.abs(delta)}${pct}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Escapes text for a GFM table cell or list item: no HTML, no emphasis, no cell breaks. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~!])/g, '\\$1');
}

/** A code span that survives any content: a fence longer than any backtick run inside, and `|` escaped for tables. */
export function inlineCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
