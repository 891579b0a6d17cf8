/**
 * The Handlebars helpers every template may use. Templates never quote by
 * hand: `json` and `yaml` serialize values so whatever a contract holds
 * (quotes, colons, newlines) stays valid output; `cell` and `inline` keep
 * Markdown tables and code spans intact.
 */
import type { HelperDelegate } from 'handlebars';
import { stringify } from 'yaml';

interface HelperOptions {
  hash: Record<string, unknown>;
}

function indentOf(options: HelperOptions): number {
  const n = options.hash['indent'];
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
}

/** Indents every line but the first (the template already placed the first). */
function indentRest(text: string, n: number): string {
  if (n === 0) return text;
  const pad = ' '.repeat(n);
  return text.replace(/\n(?=.)/g, `\n${pad}`);
}

/** `{{json value indent=N}}`: pretty JSON, continuation lines indented by N. */
function json(value: unknown, options: HelperOptions): string {
  return indentRest(JSON.stringify(value ?? null, null, 2), indentOf(options));
}

/** `{{flow value}}`: one-line JSON, which is also a YAML flow value (`args: ["serve", "--port", "8080"]`). */
function flow(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/**
 * `{{yaml value indent=N}}`: a scalar inline (quoted when YAML needs it); a
 * collection as a block whose continuation lines are indented by N, so the
 * template writes `key:\n  {{yaml v indent=2}}`.
 */
function yaml(value: unknown, options: HelperOptions): string {
  const text = stringify(value ?? null, {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    defaultKeyType: 'PLAIN',
  }).replace(/\n$/, '');
  return indentRest(text, indentOf(options));
}

/** Markdown table cell: no pipes or line breaks may escape it. */
function cell(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  return String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n+/g, ' ').trim();
}

/** Markdown code span that survives backticks in the value. */
function inline(value: unknown): string {
  const text = String(value ?? '');
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function join(values: unknown, separator: unknown): string {
  if (!Array.isArray(values)) return '';
  return values.map(String).join(typeof separator === 'string' ? separator : ', ');
}

/** `{{concat a b c}}`: the strings joined, for building a value before quoting it. */
function concat(...args: unknown[]): string {
  return args.slice(0, -1).map((a) => String(a ?? '')).join('');
}

function eq(a: unknown, b: unknown): boolean {
  return a === b;
}

export const HELPERS: Record<string, HelperDelegate> = {
  json,
  flow,
  yaml,
  cell,
  inline,
  join,
  concat,
  eq,
};
