/**
 * One imported OpenAPI document as a single JSON value with only local
 * (`#/…`) references, plus source positions of every file it came from.
 *
 * A single-file document is used as parsed. A multi-file one is bundled by
 * @redocly/openapi-core first (see bundle.ts), reading files only through the
 * repository's `readFile`; the bundler keeps the external files' nodes (by
 * identity) under `components`, so a problem in them is still located in the
 * file it came from. Local references are plain JSON-pointer lookups. JSON is
 * parsed with `JSON.parse`; source positions (a YAML CST) are only built for
 * a file when a problem in it must be located.
 */
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { keyLocation, nodeLocation } from '../load/positions.js';
import { JsonLocator } from './json-positions.js';
import type { Location, Problem } from '../problems.js';
import { problem } from '../validate/codes/index.js';

export interface FileReader {
  readFile(relPath: string, from: Location): { text?: string; problem?: Problem };
  /** The OpenAPI document of an API, loaded (and bundled) ahead by `prepareOpenApi`. */
  openapi?(doc: object): OpenApiSource | undefined;
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

export function decodePointer(fragment: string): string[] | null {
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

export function walkPointer(value: unknown, pointer: readonly string[]): { found: true; value: unknown } | { found: false } {
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

/** Where a node of an external file was in that file. */
interface Origin {
  file: string;
  pointer: Pointer;
}

export class OpenApiSource {
  readonly files = new Map<string, SourceFile>();
  readonly problems: Problem[] = [];
  /** The document imported: the root file's value, or the bundle of all its files. */
  document: unknown;
  /** Repository-relative path of the root file. */
  rootFile = '';
  /** Objects of external files (shared by identity with the bundle) → their place in that file. */
  private readonly origins = new WeakMap<object, Origin>();
  /** Set once the bundler replaced `document` (and reported the references it could not resolve). */
  bundled = false;

  constructor(readonly repo: FileReader) {}

  /** Loads the root file; `document` is its value until a bundle replaces it. */
  loadRoot(relPath: string, from: Location): SourceFile | null {
    const file = this.load(relPath, from);
    if (file) {
      this.rootFile = file.rel;
      this.document = file.root;
    }
    return file;
  }

  /** Remembers where every object of external file `file` sits, so bundled copies locate there. */
  indexOrigins(file: SourceFile): void {
    const stack: Array<{ value: unknown; pointer: Array<string | number> }> = [{ value: file.root, pointer: [] }];
    for (let top = stack.pop(); top; top = stack.pop()) {
      const { value, pointer } = top;
      if (value === null || typeof value !== 'object' || this.origins.has(value)) continue;
      this.origins.set(value, { file: file.rel, pointer });
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, pointer: [...pointer, Array.isArray(value) ? Number(k) : k] });
    }
  }

  /** The file and pointer a pointer into the (bundled) document came from. */
  private origin(rel: string, pointer: Pointer): Origin {
    if (rel !== this.rootFile) return { file: rel, pointer };
    let best: Origin = { file: rel, pointer };
    let cur = this.document;
    for (let i = 0; i < pointer.length && cur !== null && typeof cur === 'object'; i++) {
      cur = (cur as Record<string, unknown>)[String(pointer[i])];
      const o = cur !== null && typeof cur === 'object' ? this.origins.get(cur) : undefined;
      if (o) best = { file: o.file, pointer: [...o.pointer, ...pointer.slice(i + 1)] };
    }
    return best;
  }

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
    return this.parse(rel, read.text);
  }

  /** Parses the text of file `rel` (JSON fast, else YAML), once; null after recording UAC201. */
  parse(rel: string, text: string): SourceFile | null {
    const cached = this.files.get(rel);
    if (cached) return cached;
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
  locate(inFile: string, at: Pointer): Location {
    const { file: rel, pointer } = this.origin(inFile, at);
    const json = this.files.get(rel)?.json;
    if (json) return json.position(rel, json.find(pointer).valueAt);
    const positions = this.positions(rel);
    return positions ? nodeLocation(positions.doc, rel, positions.lines, pointer) : { file: rel, line: 1, column: 1 };
  }

  /** Like `locate`, but the key of the map entry at `pointer` (e.g. the `get:` of an operation). */
  locateKey(inFile: string, at: Pointer): Location {
    const { file: rel, pointer } = this.origin(inFile, at);
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
   * Resolves the local `ref` found at `pointer` in the document. Records
   * UAC204 and returns null when the target does not exist; an external
   * reference left in the document is one the bundler could not resolve
   * (already reported), so it returns null silently.
   */
  resolve(rel: string, pointer: Pointer, ref: unknown): RefTarget | null {
    const at = () => this.locate(rel, [...pointer, '$ref']);
    if (typeof ref !== 'string') {
      this.problems.push(problem('UAC204', at(), '$ref must be a string'));
      return null;
    }
    if (!ref.startsWith('#')) {
      if (!this.bundled) this.problems.push(problem('UAC204', at(), `$ref ${JSON.stringify(ref)} could not be resolved`));
      return null;
    }
    const target = decodePointer(ref.slice(1));
    if (target === null) {
      this.problems.push(problem('UAC204', at(), `$ref ${JSON.stringify(ref)}: only JSON pointers (#/…) are supported`));
      return null;
    }
    const found = walkPointer(this.document, target);
    if (!found.found) {
      this.problems.push(problem('UAC204', at(), `$ref ${JSON.stringify(ref)} points at nothing in ${rel}`));
      return null;
    }
    return { file: this.rootFile, pointer: target, value: found.value, key: `${this.rootFile}#${encodePointer(target)}` };
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
