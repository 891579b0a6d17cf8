import type { Bundle } from '../../bundle/types.js';
import type { DiffContext } from './context.js';

/** How much a change matters to the people and agents calling the gateway. */
export type Level = 'breaking' | 'warning' | 'info';
export const LEVELS: readonly Level[] = ['breaking', 'warning', 'info'];

export type Category = 'tools' | 'schemas' | 'routes' | 'policies' | 'consumers' | 'cost';
export const CATEGORIES: readonly Category[] = ['tools', 'schemas', 'routes', 'policies', 'consumers', 'cost'];

export type SubjectKind = 'tool' | 'route' | 'llm-route' | 'prompt' | 'skill' | 'policy' | 'consumer' | 'project';

/** One classified change between two bundles. */
export interface Finding {
  rule: string;
  level: Level;
  category: Category;
  /** What changed: a tool name, route id, policy or consumer name. */
  subject: string;
  subjectKind: SubjectKind;
  message: string;
  /** Where inside the subject (e.g. `input: lines[].qty`), when it applies. */
  path?: string;
}

/** What a rule reports; the engine adds the rule's id, level and category. */
export type RuleHit = Pick<Finding, 'subject' | 'subjectKind' | 'message' | 'path'>;

/**
 * A diff rule (like Buf's or oasdiff's breaking rules): one small unit with a
 * fixed id and level. Rules are pure functions of the two bundles; the
 * context carries pairings and schema comparisons shared between rules.
 */
export interface Rule {
  id: string;
  level: Level;
  category: Category;
  /** One line, shown in docs/diff.md and `--help`. */
  doc: string;
  check(base: Bundle, head: Bundle, ctx: DiffContext): RuleHit[];
}

export function levelRank(level: Level): number {
  return LEVELS.length - LEVELS.indexOf(level);
}
