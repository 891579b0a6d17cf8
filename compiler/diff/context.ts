/**
 * What several rules need from the same two bundles, computed once: which
 * tool and route of the base is which of the head, and the schema
 * comparisons of every pair.
 */
import type { Bundle, Policy, Route, Tool } from '../../bundle/types.js';
import { type SchemaChange, compareSchemas } from './schema.js';
import type { SubjectKind } from './types.js';

export interface Pair<T> {
  base: T;
  head: T;
}

/** An operation's arguments schema, from its tool or (REST-only) its route. */
export interface InputPair {
  subject: string;
  subjectKind: SubjectKind;
  base: { [key: string]: unknown };
  head: { [key: string]: unknown };
}

export interface DiffContext {
  /** Tools matched by route id first (so a new name is a rename), then by name. */
  tools: { pairs: Pair<Tool>[]; removed: Tool[]; added: Tool[] };
  /** Routes matched by id first, then by method and path. */
  routes: { pairs: Pair<Route>[]; removed: Route[]; added: Route[] };
  /** Policies present on both sides, by name (sorted). */
  policies: Array<Pair<Policy> & { name: string }>;
  inputChanges(): ComparedSchemas[];
  outputChanges(): ComparedSchemas[];
}

export interface ComparedSchemas {
  subject: string;
  subjectKind: SubjectKind;
  changes: SchemaChange[];
}

export function createContext(base: Bundle, head: Bundle): DiffContext {
  const tools = matchBy(base.tools, head.tools, [(t) => `route:${t.route}`, (t) => `name:${t.name}`]);
  const routes = matchBy(base.routes, head.routes, [(r) => `id:${r.id}`, (r) => `at:${r.method} ${r.path}`]);
  let inputs: ComparedSchemas[] | null = null;
  let outputs: ComparedSchemas[] | null = null;
  const policies = Object.keys(head.policies)
    .sort()
    .flatMap((name) => {
      const b = base.policies[name];
      const h = head.policies[name];
      return b === undefined || h === undefined ? [] : [{ name, base: b, head: h }];
    });
  return {
    tools,
    routes,
    policies,
    inputChanges() {
      inputs ??= inputPairs(tools.pairs, routes.pairs).map((p) => ({
        subject: p.subject,
        subjectKind: p.subjectKind,
        changes: compareSchemas(p.base, p.head),
      }));
      return inputs;
    },
    outputChanges() {
      outputs ??= tools.pairs
        .filter((p) => p.base.outputSchema !== undefined && p.head.outputSchema !== undefined)
        .map((p) => ({
          subject: p.head.name,
          subjectKind: 'tool' as const,
          changes: compareSchemas(p.base.outputSchema, p.head.outputSchema),
        }));
      return outputs;
    },
  };
}

/** Tool inputs, plus the arguments schema of routes served over REST only. */
function inputPairs(toolPairs: Pair<Tool>[], routePairs: Pair<Route>[]): InputPair[] {
  const out: InputPair[] = toolPairs.map((p) => ({
    subject: p.head.name,
    subjectKind: 'tool',
    base: p.base.inputSchema,
    head: p.head.inputSchema,
  }));
  for (const p of routePairs) {
    if (p.base.tool !== null || p.head.tool !== null) continue;
    out.push({ subject: p.head.id, subjectKind: 'route', base: p.base.validate.input, head: p.head.validate.input });
  }
  return out;
}

/**
 * Pairs items of two lists by a sequence of keys: the first key that matches
 * wins, and an item is paired at most once. Order follows the head list.
 */
function matchBy<T>(base: T[], head: T[], keys: Array<(item: T) => string>) {
  const pairs: Pair<T>[] = [];
  let restBase = base;
  let restHead = head;
  for (const key of keys) {
    const byKey = new Map<string, T>();
    for (const b of restBase) if (!byKey.has(key(b))) byKey.set(key(b), b);
    const used = new Set<T>();
    const unmatched: T[] = [];
    for (const h of restHead) {
      const b = byKey.get(key(h));
      if (b !== undefined && !used.has(b)) {
        used.add(b);
        pairs.push({ base: b, head: h });
      } else unmatched.push(h);
    }
    restBase = restBase.filter((b) => !used.has(b));
    restHead = unmatched;
  }
  return { pairs, removed: restBase, added: restHead };
}
