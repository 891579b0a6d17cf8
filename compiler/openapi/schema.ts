/**
 * OpenAPI schema objects → JSON Schema 2020-12 (SPEC 4.2).
 *
 * - 3.0: `nullable` becomes a `null` type (or `anyOf` with `{type: null}`),
 *   boolean `exclusiveMinimum/Maximum` become numbers, `example` becomes
 *   `examples`; `$ref` siblings other than `description` are ignored, as 3.0 says.
 * - Both: every `$ref` becomes `#/$defs/<name>`; each referenced schema is
 *   converted once per document and shared by all tools, and a tool's schema
 *   carries the `$defs` closure it needs. Recursion is therefore kept, never
 *   inlined. OpenAPI-only keywords (`discriminator`, `xml`, `externalDocs`,
 *   `x-*`) and `$id`/`$anchor` (which would move the base of the rewritten
 *   references) are dropped; so is a `pattern` a Unicode-mode RegExp rejects,
 *   so every emitted schema compiles in Ajv 2020.
 */
import type { JsonSchema } from '../../bundle/types.js';
import { sha256Hex } from '../../bundle/canonical.js';
import { problem } from '../validate/codes/index.js';
import type { OpenApiSource, Pointer } from './source.js';

/** A pointer built by linking, materialized only when a problem must be located. */
export interface Ptr {
  up: Ptr | null;
  seg: string | number;
}

export function child(ptr: Ptr | null, seg: string | number): Ptr {
  return { up: ptr, seg };
}

export function toPointer(ptr: Ptr | null): Pointer {
  const out: Array<string | number> = [];
  for (let p = ptr; p; p = p.up) out.push(p.seg);
  return out.reverse();
}

export function ptrOf(pointer: Pointer): Ptr | null {
  let p: Ptr | null = null;
  for (const seg of pointer) p = child(p, seg);
  return p;
}

type Obj = Record<string, unknown>;

const isString = (v: unknown) => typeof v === 'string';
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isBoolean = (v: unknown) => typeof v === 'boolean';
const isAny = () => true;

/**
 * Keywords copied as values, each with the shape the 2020-12 meta-schema
 * requires: a value of another shape (common in hand-made documents) would
 * make the whole schema fail to compile, so it is dropped instead.
 */
const VALUE_KEYWORDS = new Map<string, (v: unknown) => boolean>([
  // `type` is filtered to JSON types below.
  ['type', isAny],
  ['enum', (v) => Array.isArray(v) && v.length > 0],
  ['const', isAny],
  ['format', isString],
  ['title', isString],
  ['description', isString],
  ['default', isAny],
  ['multipleOf', (v) => isNumber(v) && (v as number) > 0],
  ['maximum', isNumber],
  ['minimum', isNumber],
  ['maxLength', isCount],
  ['minLength', isCount],
  ['maxItems', isCount],
  ['minItems', isCount],
  ['uniqueItems', isBoolean],
  ['maxContains', isCount],
  ['minContains', isCount],
  ['maxProperties', isCount],
  ['minProperties', isCount],
  ['dependentRequired', (v) => isObj(v) && Object.values(v).every((x) => Array.isArray(x) && x.every(isString))],
  ['deprecated', isBoolean],
  ['readOnly', isBoolean],
  ['writeOnly', isBoolean],
  ['examples', Array.isArray],
  ['contentEncoding', isString],
  ['contentMediaType', isString],
  ['$comment', isString],
]);
const SCHEMA_KEYWORDS = new Set([
  'additionalProperties',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contentSchema',
]);
const SCHEMA_ARRAY_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'dependentSchemas']);
const DEFS_PREFIX = '#/$defs/';
/** Deeper schemas are refused (UAC211): conversion, validation and encoding all recurse. */
export const MAX_SCHEMA_DEPTH = 200;
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

/** `obj[key] = value` that also works for a key named `__proto__` (a legal property name in a schema). */
export function setOwn(obj: Obj, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A copy that is plain JSON (no shared references, no non-finite numbers);
 * scalars, the common case, as they are. Undefined when the value cannot be
 * copied (nested too deeply for the stack): the keyword is then dropped.
 */
function jsonCopy(v: unknown): unknown {
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  try {
    const text = JSON.stringify(v);
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function validUnicodeRegExp(pattern: unknown): pattern is string {
  if (typeof pattern !== 'string') return false;
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

interface DefEntry {
  name: string;
  /** null while being converted (a recursive reference sees the name only). */
  schema: JsonSchema | null;
  deps: Set<string>;
}

export class SchemaConverter {
  private readonly defs = new Map<string, DefEntry>();
  /** Set once UAC211 was reported for this document. */
  private tooDeep = false;
  /** def name → def key */
  private readonly keyByName = new Map<string, string>();

  constructor(
    private readonly src: OpenApiSource,
    private readonly v30: boolean,
  ) {}

  /** Converts the schema found at `ptr` in `file`; references become `#/$defs/…` (see `withDefs`). */
  convert(file: string, ptr: Ptr | null, schema: unknown): JsonSchema {
    return this.node(file, ptr, schema, new Set());
  }

  /**
   * A schema used as a root (a response, a merged body): a bare `$ref`
   * yields a one-level copy of the shared `$defs` entry, so a component used
   * by many operations is converted once per document, not once per use.
   */
  root(file: string, ptr: Ptr | null, schema: unknown): JsonSchema {
    if (!(isObj(schema) && typeof schema['$ref'] === 'string' && (this.v30 || Object.keys(schema).length === 1))) {
      return this.node(file, ptr, schema, new Set());
    }
    const name = this.ref(file, ptr, schema['$ref'], new Set());
    if (name === null) return {};
    // Follow entries that are themselves bare references (bounded: a loop was reported and emptied).
    let current: JsonSchema = { $ref: `${DEFS_PREFIX}${name}` };
    for (let i = 0; i <= this.defs.size; i++) {
      if (!isObj(current) || typeof current['$ref'] !== 'string' || Object.keys(current).length !== 1) break;
      const key = this.keyByName.get(current['$ref'].slice(DEFS_PREFIX.length));
      const next = key === undefined ? undefined : this.defs.get(key)?.schema;
      if (next === undefined || next === null) break;
      current = next;
    }
    return isObj(current) ? { ...current } : current;
  }

  /** Follows `$ref`s of a schema to what it finally is (to decide whether a body or response is an object). */
  resolved(file: string, ptr: Ptr | null, schema: unknown): unknown {
    const r = this.src.deref(file, toPointer(ptr), schema);
    return r?.value;
  }

  /** `root` plus the `$defs` closure of the references it holds, sorted by name. */
  withDefs(root: Obj): Obj {
    const seen = new Set<string>();
    const queue: string[] = [];
    const visit = (v: unknown) => {
      if (Array.isArray(v)) {
        for (const x of v) visit(x);
      } else if (isObj(v)) {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string' && x.startsWith(DEFS_PREFIX)) {
            const key = this.keyByName.get(x.slice(DEFS_PREFIX.length));
            if (key !== undefined) queue.push(key);
          } else {
            visit(x);
          }
        }
      }
    };
    visit(root);
    const out: Record<string, JsonSchema> = {};
    while (queue.length > 0) {
      const key = queue.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = this.defs.get(key);
      if (!entry) continue;
      out[entry.name] = entry.schema ?? {};
      for (const d of entry.deps) if (!seen.has(d)) queue.push(d);
    }
    if (seen.size === 0) return root;
    const sorted: Record<string, JsonSchema> = {};
    for (const name of Object.keys(out).sort()) sorted[name] = out[name]!;
    return { ...root, $defs: sorted };
  }

  private defName(key: string, pointer: Pointer, file: string): string {
    const last = pointer.length > 0 ? String(pointer[pointer.length - 1]) : file.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
    let name = last.replace(/[^A-Za-z0-9_.-]/g, '_') || 'schema';
    if (this.keyByName.has(name)) name = `${name}_${sha256Hex(key).slice(0, 8)}`;
    this.keyByName.set(name, key);
    return name;
  }

  private ref(file: string, ptr: Ptr | null, ref: unknown, deps: Set<string>, depth = 0): string | null {
    const target = this.src.resolve(file, toPointer(ptr), ref);
    if (!target) return null;
    let entry = this.defs.get(target.key);
    if (!entry) {
      entry = { name: this.defName(target.key, target.pointer, target.file), schema: null, deps: new Set() };
      this.defs.set(target.key, entry);
      entry.schema = this.node(target.file, ptrOf(target.pointer), target.value, entry.deps, depth + 1);
      if (this.refersOnlyToItself(target.key)) {
        this.src.problems.push(
          problem('UAC205', this.src.locate(file, [...toPointer(ptr), '$ref']), `schema ${target.key} is only a reference to itself`),
        );
        entry.schema = {};
      }
    }
    deps.add(target.key);
    return entry.name;
  }

  /** A def whose schema is a chain of bare `$ref`s leading back to it would recurse without consuming input. */
  private refersOnlyToItself(key: string): boolean {
    let cur = this.defs.get(key)?.schema;
    for (let steps = 0; steps < this.defs.size + 1; steps++) {
      if (!isObj(cur) || Object.keys(cur).length !== 1 || typeof cur['$ref'] !== 'string') return false;
      const nextKey = this.keyByName.get(cur['$ref'].slice(DEFS_PREFIX.length));
      if (nextKey === key) return true;
      cur = nextKey === undefined ? undefined : this.defs.get(nextKey)?.schema;
    }
    return false;
  }

  private node(file: string, ptr: Ptr | null, s: unknown, deps: Set<string>, depth = 0): JsonSchema {
    if (typeof s === 'boolean') return s;
    if (!isObj(s)) return {};
    if (depth > MAX_SCHEMA_DEPTH) {
      if (!this.tooDeep) {
        this.tooDeep = true;
        this.src.problems.push(
          problem('UAC211', this.src.locate(file, toPointer(ptr)), `schemas nest deeper than ${MAX_SCHEMA_DEPTH} levels (through properties, items or $ref)`),
        );
      }
      return {};
    }
    if ('$ref' in s) {
      const name = this.ref(file, ptr, s['$ref'], deps, depth);
      const out: Obj = name === null ? {} : { $ref: `${DEFS_PREFIX}${name}` };
      if (this.v30) {
        if (typeof s['description'] === 'string') out['description'] = s['description'];
        return out;
      }
      const { $ref: _ref, ...siblings } = s;
      const rest = this.node(file, ptr, siblings, deps, depth);
      return isObj(rest) ? { ...rest, ...out } : out;
    }

    // One pass over the keys the node has (usually a handful), not over every keyword we know.
    const out: Obj = {};
    for (const k in s) {
      const v = s[k];
      if (v === undefined) continue;
      const valid = VALUE_KEYWORDS.get(k);
      if (valid) {
        const copy = valid(v) ? jsonCopy(v) : undefined;
        if (copy !== undefined) out[k] = copy;
      } else if (SCHEMA_KEYWORDS.has(k)) {
        if (k === 'items' && Array.isArray(v)) {
          if (v.length > 0) out['prefixItems'] = v.map((item, i) => this.node(file, child(child(ptr, k), i), item, deps, depth + 1));
        } else {
          out[k] = this.node(file, child(ptr, k), v, deps, depth + 1);
        }
      } else if (SCHEMA_ARRAY_KEYWORDS.has(k)) {
        // The meta-schema wants at least one entry.
        if (Array.isArray(v) && v.length > 0) out[k] = v.map((item, i) => this.node(file, child(child(ptr, k), i), item, deps, depth + 1));
      } else if (SCHEMA_MAP_KEYWORDS.has(k)) {
        if (!isObj(v)) continue;
        const m: Obj = {};
        for (const [name, sub] of Object.entries(v)) {
          if (k === 'patternProperties' && !validUnicodeRegExp(name)) continue;
          setOwn(m, name, this.node(file, child(child(ptr, k), name), sub, deps, depth + 1));
        }
        out[k] = m;
      } else if (k === 'required') {
        if (Array.isArray(v) && v.every((r) => typeof r === 'string')) out[k] = [...new Set(v as string[])];
      } else if (k === 'pattern') {
        if (validUnicodeRegExp(v)) out[k] = v;
      } else if (k === 'exclusiveMinimum' || k === 'exclusiveMaximum') {
        // 3.1 numbers are kept; 3.0 booleans are folded into minimum/maximum below.
        if (isNumber(v)) out[k] = v;
      }
    }
    if (out['type'] !== undefined) {
      const types = [
        ...new Set((Array.isArray(out['type']) ? out['type'] : [out['type']]).filter((t): t is string => typeof t === 'string' && JSON_TYPES.has(t))),
      ];
      if (types.length === 0) delete out['type'];
      else out['type'] = types.length === 1 ? types[0] : types;
    }
    if (s['exclusiveMinimum'] === true && isNumber(s['minimum'])) {
      out['exclusiveMinimum'] = s['minimum'];
      delete out['minimum'];
    }
    if (s['exclusiveMaximum'] === true && isNumber(s['maximum'])) {
      out['exclusiveMaximum'] = s['maximum'];
      delete out['maximum'];
    }
    const example = s['example'] !== undefined && out['examples'] === undefined ? jsonCopy(s['example']) : undefined;
    if (example !== undefined) out['examples'] = [example];

    if (this.v30 && s['nullable'] === true) return nullable(out);
    return out;
  }
}

/** OpenAPI 3.0 `nullable: true` in 2020-12 terms. */
function nullable(schema: Obj): JsonSchema {
  const t = schema['type'];
  if (typeof t === 'string') {
    const out: Obj = { ...schema, type: t === 'null' ? 'null' : [t, 'null'] };
    if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
    return out;
  }
  if (Array.isArray(t)) {
    const out: Obj = { ...schema, type: t.includes('null') ? t : [...t, 'null'] };
    if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
    return out;
  }
  return { anyOf: [schema, { type: 'null' }] };
}
