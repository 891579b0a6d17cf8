/**
 * The files of one imported OpenAPI document: the root plus every file its
 * `$ref`s reach, read only through the repository's `readFile` (so nothing
 * outside the repository is ever opened), and `$ref` resolution over them.
 *
 * We resolve references ourselves instead of running @redocly/openapi-core's
 * bundler: its resolver opens files directly (bypassing the repository
 * sandbox), and on GitHub's 13 MB description it spends ~2 s doing work a
 * single-file document with local references does not need. JSON is parsed
 * with `JSON.parse`; source positions (a YAML CST) are only built for a file
 * when a problem in it must be located.
 */
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { keyLocation, nodeLocation } from '../load/positions.js';
import { JsonLocator } from './json-positions.js';
import type { Location, Problem } from '../problems.js';
import { problem } from '../validate/codes/index.js';

export interface FileReader {
  readFile(relPath: string, from: Location): { text?: string; problem?: Problem };
}

export interface SourceFile {
  /** Repository-relative `/` path. */
  rel: string;
  root: unknown;
  text: string;
  positions?: { doc: ReturnType<typeof parseDocument>; lines: LineCounter };
  /** Set for files parsed as JSON: positions without a YAML CST. */
  json?: JsonLocator;
}

/** A resolved `$ref` target. */
export interface RefTarget {
  file: string;
  pointer: string[];
  value: unknown;
  /** `file#/pointer`: identity of the target. */
  key: string;
}

export type Pointer = ReadonlyArray<string | number>;

function lineColOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function decodePointer(fragment: string): string[] | null {
  if (fragment === '' || fragment === '/') return fragment === '' ? [] : [''];
  if (!fragment.startsWith('/')) return null;
  try {
    return fragment
      .slice(1)
      .split('/')
      .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
  } catch {
    return null;
  }
}

export function encodePointer(pointer: Pointer): string {
  return pointer.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function walk(value: unknown, pointer: readonly string[]): { found: true; value: unknown } | { found: false } {
  let cur = value;
  for (const seg of pointer) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(seg) || Number(seg) >= cur.length) return { found: false };
      cur = cur[Number(seg)];
    } else if (cur !== null && typeof cur === 'object' && Object.hasOwn(cur, seg)) {
      cur = (cur as Record<string, unknown>)[seg];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: cur };
}

export class OpenApiSource {
  readonly files = new Map<string, SourceFile>();
  readonly problems: Problem[] = [];

  constructor(private readonly repo: FileReader) {}

  /**
   * Reads and parses `relPath` (relative to the folder of `from.file`), once.
   * Returns null after recording a problem.
   */
  load(relPath: string, from: Location): SourceFile | null {
    const rel = path.posix.normalize(path.posix.join(path.posix.dirname(from.file), relPath));
    const cached = this.files.get(rel);
    if (cached) return cached;
    const read = this.repo.readFile(relPath, from);
    if (read.problem || read.text === undefined) {
      if (read.problem) this.problems.push(read.problem);
      return null;
    }
    const text = read.text;
    let root: unknown;
    let positions: SourceFile['positions'];
    const trimmed = text.trimStart();
    let parsed = false;
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        root = JSON.parse(text);
        parsed = true;
      } catch {
        // Fall through to the YAML parser: it locates the error (and accepts JSON-ish YAML).
      }
    }
    if (!parsed) {
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
      if (doc.errors.length > 0) {
        const err = doc.errors[0]!;
        const at = lineColOf(text, err.pos[0]);
        this.problems.push(
          problem('UAC201', { file: rel, ...at }, `${rel} is not valid YAML/JSON: ${err.message.split('\n')[0]}`),
        );
        return null;
      }
      try {
        root = doc.toJS({ maxAliasCount: 1000 });
      } catch (e) {
        this.problems.push(problem('UAC201', { file: rel, line: 1, column: 1 }, `${rel}: ${(e as Error).message}`));
        return null;
      }
      positions = { doc, lines };
    }
    const file: SourceFile = { rel, root, text, ...(positions ? { positions } : { json: new JsonLocator(text) }) };
    this.files.set(rel, file);
    return file;
  }

  /** file:line:column of the node at `pointer` (nearest existing ancestor), parsing positions lazily. */
  locate(rel: string, pointer: Pointer): Location {
    const json = this.files.get(rel)?.json;
    if (json) return json.position(rel, json.find(pointer).valueAt);
    const positions = this.positions(rel);
    return positions ? nodeLocation(positions.doc, rel, positions.lines, pointer) : { file: rel, line: 1, column: 1 };
  }

  /** Like `locate`, but the key of the map entry at `pointer` (e.g. the `get:` of an operation). */
  locateKey(rel: string, pointer: Pointer): Location {
    const json = this.files.get(rel)?.json;
    if (json) return json.position(rel, json.find(pointer).keyAt);
    const positions = this.positions(rel);
    return positions ? keyLocation(positions.doc, rel, positions.lines, pointer) : { file: rel, line: 1, column: 1 };
  }

  private positions(rel: string): SourceFile['positions'] {
    const file = this.files.get(rel);
    if (!file) return undefined;
    if (!file.positions) {
      const lines = new LineCounter();
      const doc = parseDocument(file.text, { lineCounter: lines, uniqueKeys: false, keepSourceTokens: false });
      file.positions = { doc, lines };
    }
    return file.positions;
  }

  /**
   * Resolves `ref` found at `pointer` in file `rel`. Records UAC204 and
   * returns null when the target does not exist or is not a repository file.
   */
  resolve(rel: string, pointer: Pointer, ref: unknown): RefTarget | null {
    const at = () => this.locate(rel, [...pointer, '$ref']);
    if (typeof ref !== 'string') {
      this.problems.push(problem('UAC204', at(), '$ref must be a string'));
      return null;
    }
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    const target = decodePointer(fragment);
    if (target === null) {
      this.problems.push(problem('UAC204', at(), `$ref ${JSON.stringify(ref)}: only JSON pointers (#/…) are supported`));
      return null;
    }
    let file = this.files.get(rel);
    if (filePart !== '') {
      if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) {
        this.problems.push(
          problem('UAC204', at(), `$ref ${JSON.stringify(ref)} is a URL; only files inside the repository are read`),
        );
        return null;
      }
      const loaded = this.load(filePart, at());
      if (!loaded) return null;
      file = loaded;
    }
    if (!file) return null;
    const found = walk(file.root, target);
    if (!found.found) {
      this.problems.push(problem('UAC204', at(), `$ref ${JSON.stringify(ref)} points at nothing in ${file.rel}`));
      return null;
    }
    return { file: file.rel, pointer: target, value: found.value, key: `${file.rel}#${encodePointer(target)}` };
  }

  /**
   * Follows a chain of `{$ref}` objects (parameters, bodies, responses, path
   * items) to the first non-reference value. A loop is UAC205.
   */
  deref(rel: string, pointer: Pointer, value: unknown): { file: string; pointer: Pointer; value: unknown } | null {
    const seen = new Set<string>();
    let cur = { file: rel, pointer, value };
    while (cur.value !== null && typeof cur.value === 'object' && '$ref' in cur.value) {
      const t = this.resolve(cur.file, cur.pointer, (cur.value as { $ref: unknown }).$ref);
      if (!t) return null;
      if (seen.has(t.key)) {
        this.problems.push(problem('UAC205', this.locate(rel, [...pointer, '$ref']), `$ref loop through ${t.key}`));
        return null;
      }
      seen.add(t.key);
      cur = { file: t.file, pointer: t.pointer, value: t.value };
    }
    return cur;
  }
}
