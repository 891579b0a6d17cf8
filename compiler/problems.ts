/**
 * A problem found in a contract repository. Every problem is located (file,
 * line, column: 1-based, file relative to the repository root with `/`) and
 * carries a stable code from the registry in `compiler/validate/codes/`.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Location {
  /** Repository-relative path with forward slashes (never absolute). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface Problem extends Location {
  code: string;
  severity: Severity;
  message: string;
  hint?: string;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Stable order: file, line, column, code, message. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
