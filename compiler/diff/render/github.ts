/**
 * GitHub Actions workflow commands: one annotation per finding (breaking →
 * error, warning → warning, info and accepted → notice) and per compile
 * problem, the latter pointing at file, line and column.
 */
import type { Problem } from '../../problems.js';
import type { DiffReport } from '../report.js';
import type { Level } from '../types.js';

const COMMAND: Record<Level, 'error' | 'warning' | 'notice'> = { breaking: 'error', warning: 'warning', info: 'notice' };

export function renderGithub(report: DiffReport): string {
  const lines: string[] = [];
  const problems = [
    ...(report.status === 'base-failed' ? report.base.problems.map((p) => ({ p, side: 'base' })) : []),
    ...report.head.problems.map((p) => ({ p, side: 'head' })),
  ];
  for (const { p, side } of problems) lines.push(problemAnnotation(p, side));
  for (const f of report.findings) {
    const command = f.acceptedBy === null ? COMMAND[f.level] : 'notice';
    const where = f.path === undefined ? '' : ` (${f.path})`;
    const accepted = f.acceptedBy === null ? '' : ` [accepted in ${f.acceptedBy.slice(0, 12)}]`;
    const title = `uac diff ${f.level}: ${f.rule}`;
    lines.push(
      `::${command} title=${escapeProperty(title)}::${escapeData(`${f.subjectKind} ${f.subject}${where}: ${f.message}${accepted}`)}`,
    );
  }
  const s = report.summary;
  const verdict = report.failed ? 'fails' : 'passes';
  lines.push(
    `uac diff ${verdict} (fail on ${report.failOn}): ${s.breaking} breaking, ${s.warning} warning, ${s.info} info, ${s.accepted} accepted` +
      (report.cost === null ? '' : `; tools/list ~${report.cost.before} → ~${report.cost.after} tokens`),
  );
  return `${lines.join('\n')}\n`;
}

function problemAnnotation(p: Problem, side: string): string {
  const command = p.severity === 'error' ? 'error' : p.severity === 'warning' ? 'warning' : 'notice';
  const props = [`file=${escapeProperty(p.file)}`, `line=${p.line}`, `col=${p.column}`, `title=${escapeProperty(p.code)}`];
  const text = `${side === 'base' ? '(base revision) ' : ''}${p.message}${p.hint ? ` (hint: ${p.hint})` : ''}`;
  return `::${command} ${props.join(',')}::${escapeData(text)}`;
}

/** Escaping rules of the Actions toolkit (`@actions/core` command.ts). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
