/**
 * Multi-file OpenAPI documents: @redocly/openapi-core resolves and bundles
 * every external `$ref` into `components` of the root, with a resolver whose
 * only way to a file is the repository's `readFile` (so its refusals — outside
 * the repository, symlink escapes, size, non-UTF-8 — and URL references stay
 * located problems with their codes). A document without external references
 * skips this pass entirely (SPEC 8: no work the input does not need), and
 * never loads @redocly/openapi-core (see redocly.ts for what that costs).
 */
import * as path from 'node:path';
import type { BaseResolver, Config, Document, Source } from '@redocly/openapi-core';
import type { Location } from '../problems.js';
import { problem } from '../validate/codes/index.js';
import { decodePointer, type OpenApiSource, walkPointer } from './source.js';

const URL_REF = /^[a-z][a-z0-9+.-]*:/i;
/** Files parsed as YAML/JSON documents (the extensions Redocly parses). */
const DOCUMENT_FILE = /\.(json|ya?ml)$/;

/** True when some `$ref` of `value` names another file or a URL. */
export function hasExternalRefs(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (k === '$ref' && typeof x === 'string' && !x.startsWith('#')) return true;
      if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return false;
}

type Failure = 'url' | 'read' | 'parse';

type Redocly = typeof import('./redocly.js');
type RepositoryResolver = BaseResolver & { readonly failed: Map<string, Failure> };

let redocly: Promise<Redocly> | null = null;

/** Redocly's resolver, confined to the repository: absolute refs are repository-relative paths. */
function repositoryResolver(lib: Redocly, src: OpenApiSource): RepositoryResolver {
  class Resolver extends lib.BaseResolver {
    readonly failed = new Map<string, Failure>();

    override resolveExternalRef(base: string | null, ref: string): string {
      if (URL_REF.test(ref)) return ref;
      return path.posix.normalize(path.posix.join(path.posix.dirname(base ?? src.rootFile), ref));
    }

    override async loadExternalRef(rel: string): Promise<Source> {
      const fail = (why: Failure) => {
        this.failed.set(rel, why);
        return new Error(`cannot load ${rel}`);
      };
      if (URL_REF.test(rel)) throw fail('url');
      // Located later, at the $ref, by reading again from the referencing file.
      const read = src.repo.readFile(rel, { file: '', line: 1, column: 1 });
      if (read.text === undefined) throw fail('read');
      // Other files (an example's `externalValue`) are text, as Redocly takes them.
      if (!DOCUMENT_FILE.test(rel)) return new lib.Source(rel, read.text);
      const file = src.parse(rel, read.text);
      if (!file) throw fail('parse');
      src.indexOrigins(file);
      return new lib.Source(rel, read.text);
    }

    /** Documents are parsed once, by OpenApiSource (which locates syntax errors). */
    override parseDocument(source: Source): Document {
      const file = src.files.get(source.absoluteRef);
      return { source, parsed: file ? file.root : source.body };
    }
  }
  return new Resolver();
}

/** A Redocly location as a pointer into the parsed file it names. */
function pointerIn(src: OpenApiSource, rel: string, pointer: string | undefined): Array<string | number> {
  return typed(src.files.get(rel)?.root, decodePointer((pointer ?? '').replace(/^#/, '')) ?? []);
}

/** The pointer with array indexes as numbers (how positions address sequence items). */
function typed(root: unknown, pointer: readonly string[]): Array<string | number> {
  let cur = root;
  return pointer.map((seg) => {
    const isIndex = Array.isArray(cur);
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    return isIndex ? Number(seg) : seg;
  });
}

let bundleConfig: Promise<Config> | null = null;
let lintConfig: Promise<Config> | null = null;

/**
 * Lint rules that flag documents the OpenAPI specification rejects (never
 * style): the document's structure, enums of the wrong type, malformed path
 * templates and component names. Not `no-identical-paths` nor
 * `nullable-type-sibling`: GitHub's own description breaks them 137 times,
 * and the importer compiles those operations correctly.
 */
const LINT_RULES = {
  struct: 'error',
  'no-enum-type-mismatch': 'error',
  'path-declaration-must-exist': 'error',
  'spec-components-invalid-map-name': 'error',
} as const;

/**
 * UAC212 for each structural error Redocly's lint finds in the document and
 * the files it references (before bundling: locations are in the files as
 * written). About 2 s on GitHub's 13 MB description, so `uac validate` runs
 * it and `uac build` does not.
 */
export async function lintOpenApi(src: OpenApiSource): Promise<void> {
  const root = src.files.get(src.rootFile);
  if (!root) return;
  redocly ??= import('./redocly.js');
  const lib = await redocly;
  lintConfig ??= lib.createConfig({ rules: LINT_RULES });
  let problems: Awaited<ReturnType<Redocly['lintDocument']>>;
  try {
    problems = await lib.lintDocument({
      document: { source: new lib.Source(src.rootFile, root.text), parsed: src.document },
      config: await lintConfig,
      externalRefResolver: repositoryResolver(lib, src),
    });
  } catch {
    // A reference loop: reported by the bundle pass (UAC205).
    return;
  }
  for (const p of problems) {
    const loc = p.location[0];
    if (p.severity !== 'error' || !loc) continue;
    const rel = loc.source.absoluteRef;
    const pointer = pointerIn(src, rel, loc.pointer);
    const at = loc.reportOnKey ? src.locateKey(rel, pointer) : src.locate(rel, pointer);
    src.problems.push(problem('UAC212', at, `${p.message} (${p.ruleId})`));
  }
}

/** Replaces `src.document` by its bundle, recording the references that could not be resolved. */
export async function bundleDocument(src: OpenApiSource): Promise<void> {
  const root = src.files.get(src.rootFile);
  if (!root) return;
  redocly ??= import('./redocly.js');
  const lib = await redocly;
  const resolver = repositoryResolver(lib, src);
  bundleConfig ??= lib.createConfig({});
  src.bundled = true;
  let result: Awaited<ReturnType<Redocly['bundle']>>;
  try {
    result = await lib.bundle({
      doc: { source: new lib.Source(src.rootFile, root.text), parsed: src.document },
      config: await bundleConfig,
      externalRefResolver: resolver,
      componentRenamingConflicts: 'off',
    });
  } catch (e) {
    // Redocly's resolver throws on a chain of bare references that loops, without saying where.
    src.problems.push(problem('UAC205', { file: src.rootFile, line: 1, column: 1 }, `${src.rootFile}: ${(e as Error).message}`));
    return;
  }
  src.document = result.bundle.parsed;
  for (const p of result.problems) {
    const loc = p.location[0];
    if (p.severity !== 'error' || !loc) continue;
    const rel = loc.source.absoluteRef;
    const pointer = pointerIn(src, rel, loc.pointer);
    const node = walkPointer(src.files.get(rel)?.root, pointer.map(String));
    const ref = node.found && node.value !== null && typeof node.value === 'object' ? (node.value as { $ref?: unknown }).$ref : undefined;
    const at: Location = src.locate(rel, typeof ref === 'string' ? [...pointer, '$ref'] : pointer);
    if (typeof ref !== 'string') {
      src.problems.push(problem('UAC204', at, p.message));
      continue;
    }
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const target = filePart === '' ? rel : resolver.resolveExternalRef(rel, filePart);
    const failure = resolver.failed.get(target);
    if (failure === 'url') {
      src.problems.push(problem('UAC204', at, `$ref ${JSON.stringify(ref)} is a URL; only files inside the repository are read`));
    } else if (failure === 'read') {
      // Reports the repository's refusal (UAC102/103/006/…) at the $ref.
      src.load(filePart, at);
    } else if (failure === undefined) {
      src.problems.push(problem('UAC204', at, `$ref ${JSON.stringify(ref)} points at nothing in ${target}`));
    }
  }
}
