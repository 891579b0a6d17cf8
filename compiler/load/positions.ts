/**
 * Source positions of YAML nodes, from the `yaml` library's own node ranges
 * and LineCounter: a path of keys and indexes → file:line:column.
 */
import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { NodePath } from '../model.js';
import type { Location } from '../problems.js';

interface Found {
  /** Deepest node reached along the path. */
  node: Node | null;
  /** Key node of the last map step, when that step matched. */
  key: Node | null;
  /** Whether the whole path was matched. */
  complete: boolean;
}

function keyMatches(key: unknown, segment: string | number): boolean {
  const k = isScalar(key) ? key.value : key;
  return k === segment || (k !== null && k !== undefined && String(k) === String(segment));
}

/** Walks `path` from the document root, stopping at the deepest node that exists. */
export function findNode(doc: Document, path: NodePath): Found {
  let node = (doc.contents ?? null) as Node | null;
  let key: Node | null = null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyMatches(p.key, segment));
      if (!pair) return { node, key, complete: false };
      key = (pair.key ?? null) as Node | null;
      // `key:` with no value has a null value node: point at the key instead.
      node = (pair.value ?? pair.key ?? null) as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return { node, key, complete: false };
      key = null;
      node = item as Node;
    } else {
      return { node, key, complete: false };
    }
  }
  return { node, key, complete: true };
}

export function locate(file: string, lines: LineCounter, offset: number): Location {
  const { line, col } = lines.linePos(offset);
  return { file, line, column: col };
}

/** Start of the document's content (or of the document). */
function docStart(doc: Document): number {
  return doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
}

/** Location of the node at `path`; the nearest existing ancestor when it is missing. */
export function nodeLocation(doc: Document, file: string, lines: LineCounter, path: NodePath): Location {
  const { node } = findNode(doc, path);
  return locate(file, lines, node?.range?.[0] ?? docStart(doc));
}

/** Location of the key of the map entry at `path` (for unknown fields), else of the node. */
export function keyLocation(doc: Document, file: string, lines: LineCounter, path: NodePath): Location {
  const found = findNode(doc, path);
  const target = found.complete && found.key ? found.key : found.node;
  return locate(file, lines, target?.range?.[0] ?? docStart(doc));
}
