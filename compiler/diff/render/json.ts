import type { DiffReport } from '../report.js';

/** The report as documented in docs/diff.md (`version` guards the shape). */
export function renderJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
