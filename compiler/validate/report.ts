/**
 * Renders problems for people (`human`), programs (`json`, a stable shape
 * documented in docs/contracts.md) and GitHub Actions (`github`, workflow
 * annotation commands).
 */
import type { Problem } from '../problems.js';
import { codeDef } from './codes/index.js';

export const OUTPUT_FORMATS = ['human', 'json', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface ReportOptions {
  /** Folder of the repository relative to the working directory, prefixed to file names in human/github output. */
  displayPrefix: string;
  color: boolean;
  /** Shown in the human summary line when given. */
  elapsedMs?: number;
}

/** The `--format json` document (version 1). */
export interface JsonReport {
  version: 1;
  ok: boolean;
  problems: Array<{ code: string; severity: Problem['severity']; message: string; hint: string | null; file: string; line: number; column: number }>;
  summary: { errors: number; warnings: number };
}

export function jsonReport(problems: readonly Problem[]): JsonReport {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return {
    version: 1,
    ok: errors === 0,
    problems: problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      message: p.message,
      hint: p.hint ?? null,
      file: p.file,
      line: p.line,
      column: p.column,
    })),
    summary: { errors, warnings: problems.filter((p) => p.severity === 'warning').length },
  };
}

function displayFile(prefix: string, file: string): string {
  return prefix === '' ? file : `${prefix}/${file}`;
}

/** Workflow-command data: `%`, CR and LF escaped. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

function github(problems: readonly Problem[], prefix: string): string {
  return problems
    .map((p) => {
      const props = `file=${escapeProperty(displayFile(prefix, p.file))},line=${p.line},col=${p.column},title=${p.code}`;
      // The code's title leads the message: the annotation title is the bare code (SPEC 3).
      const body = `${codeDef(p.code).title}: ${p.message}${p.hint ? `\nhint: ${p.hint}` : ''}`;
      return `::${GITHUB_COMMAND[p.severity]} ${props}::${escapeData(body)}\n`;
    })
    .join('');
}

const PAINT = { red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', green: '\x1b[32m', reset: '\x1b[0m' };

function human(problems: readonly Problem[], opts: ReportOptions): string {
  const paint = (c: keyof typeof PAINT, s: string) => (opts.color ? `${PAINT[c]}${s}${PAINT.reset}` : s);
  const lines: string[] = [];
  for (const p of problems) {
    const sev = p.severity === 'error' ? paint('red', 'error') : p.severity === 'warning' ? paint('yellow', 'warning') : paint('cyan', 'info');
    lines.push(`${displayFile(opts.displayPrefix, p.file)}:${p.line}:${p.column}  ${sev}  ${p.code}  ${p.message}`);
    if (p.hint) lines.push(paint('dim', `    hint: ${p.hint}`));
  }
  const { errors, warnings } = jsonReport(problems).summary;
  const ms = opts.elapsedMs === undefined ? '' : ` (${Math.round(opts.elapsedMs)} ms)`;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (problems.length > 0) lines.push('');
  lines.push(
    errors > 0
      ? paint('red', `✖ ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${ms}`)
      : paint('green', `✔ no errors${warnings ? `, ${plural(warnings, 'warning')}` : ''}${ms}`),
  );
  return `${lines.join('\n')}\n`;
}

export function formatProblems(problems: readonly Problem[], format: OutputFormat, opts: ReportOptions): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(jsonReport(problems), null, 2)}\n`;
    case 'github':
      return github(problems, opts.displayPrefix);
    default:
      return human(problems, opts);
  }
}
