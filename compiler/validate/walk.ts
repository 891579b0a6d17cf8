/** Visits every string of a parsed document with its path and the key holding it. */
import type { NodePath } from '../model.js';

export type StringVisitor = (value: string, path: NodePath, key: string | number | undefined) => void;

export function walkStrings(value: unknown, visit: StringVisitor, path: Array<string | number> = []): void {
  if (typeof value === 'string') {
    visit(value, path, path[path.length - 1]);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walkStrings(item, visit, [...path, i]);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walkStrings(v, visit, [...path, k]);
  }
}

/** Whether `path` runs through a JSON Schema embedded in a contract (its strings are schema text, not config). */
export function inJsonSchema(path: NodePath): boolean {
  return path.some((s) => s === 'schema');
}
