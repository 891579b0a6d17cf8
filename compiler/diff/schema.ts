/**
 * JSON Schema comparison (2020-12 as the bundle holds it). It walks two
 * schemas side by side, resolving local `$ref`s into `$defs` and flattening
 * `allOf` of objects, and reports each difference as a neutral kind. Rules
 * then decide what that kind means for the direction: for inputs narrowing
 * breaks callers, for outputs widening breaks consumers.
 */
import { canonicalJson } from '../../bundle/canonical.js';

export type SchemaChangeKind =
  | 'required-added'
  | 'required-removed'
  | 'property-added'
  /** Removed, and the schema is still open: the value is ignored now. */
  | 'property-removed'
  /** Removed, and the schema is closed (`additionalProperties: false`): the value is rejected now. */
  | 'property-rejected'
  | 'type-narrowed'
  | 'type-widened'
  /** Neither a subset nor a superset of the old types. */
  | 'type-changed'
  | 'enum-value-removed'
  | 'enum-value-added'
  | 'constraint-tightened'
  | 'constraint-relaxed'
  | 'variant-removed'
  | 'variant-added'
  | 'docs-changed'
  /** A change of a keyword uac cannot order (`not`, `if`/`then`, ...). */
  | 'unclassified';

export interface SchemaChange {
  kind: SchemaChangeKind;
  /** Dotted path from the schema root: `customer.address.city`, `lines[].qty`; empty for the root. */
  path: string;
  detail: string;
}

type Obj = { [key: string]: unknown };

const ALL_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains'];
/** Keywords whose presence or new value restricts what is valid (compared as opaque values). */
const RESTRICTING = ['pattern', 'format', 'contentEncoding', 'contentMediaType'];
const DOCS = ['title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly'];
/** Keywords compared elsewhere, or that never change validation. */
const HANDLED = new Set([
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  ...RESTRICTING,
  ...DOCS,
  'type',
  'enum',
  'const',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'prefixItems',
  'anyOf',
  'oneOf',
  'allOf',
  'multipleOf',
  'uniqueItems',
  '$ref',
  '$defs',
  'definitions',
  '$schema',
  '$id',
  '$anchor',
  '$comment',
]);
const MAX_DEPTH = 64;

/** Differences between two schemas, in a stable order (document order of the walk). */
export function compareSchemas(base: unknown, head: unknown): SchemaChange[] {
  const walker = new Walker(base, head);
  walker.compare(base, head, '', 0);
  return walker.changes;
}

class Walker {
  readonly changes: SchemaChange[] = [];
  /** `$ref` pairs already being compared: recursive schemas stop here. */
  private readonly seenRefs = new Set<string>();

  constructor(
    private readonly baseRoot: unknown,
    private readonly headRoot: unknown,
  ) {}

  private add(kind: SchemaChangeKind, path: string, detail: string): void {
    this.changes.push({ kind, path, detail });
  }

  compare(baseIn: unknown, headIn: unknown, path: string, depth: number): void {
    if (depth > MAX_DEPTH) return;
    const refKey = refPairKey(baseIn, headIn);
    if (refKey !== null) {
      // Followed already: compare only what sits next to the references here.
      if (this.seenRefs.has(refKey)) {
        this.compare(withoutRef(baseIn), withoutRef(headIn), path, depth + 1);
        return;
      }
      this.seenRefs.add(refKey);
    }
    const base = normalize(baseIn, this.baseRoot);
    const head = normalize(headIn, this.headRoot);
    if (base === null || head === null) {
      if (base !== head) this.add('unclassified', path, 'a `$ref` could not be resolved');
      return;
    }
    if (base === false || head === false) {
      if (base === head) return;
      if (head === false) this.add('type-narrowed', path, 'no value is accepted any more');
      else this.add('type-widened', path, 'values are accepted again');
      return;
    }
    const b: Obj = base === true ? {} : base;
    const h: Obj = head === true ? {} : head;

    this.compareTypes(b, h, path);
    this.compareEnums(b, h, path);
    this.compareBounds(b, h, path);
    this.compareObjects(b, h, path, depth);
    this.compareArrays(b, h, path, depth);
    this.compareVariants(b, h, path, depth);
    this.compareDocs(b, h, path);
    for (const key of unionKeys(b, h)) {
      if (HANDLED.has(key)) continue;
      if (!sameJson(own(b, key), own(h, key))) this.add('unclassified', path, `${key} changed`);
    }
  }

  private compareTypes(b: Obj, h: Obj, path: string): void {
    const bt = typeSet(b);
    const ht = typeSet(h);
    const narrower = !bt.every((t) => covers(ht, t));
    const wider = !ht.every((t) => covers(bt, t));
    if (!narrower && !wider) return;
    const detail = `type ${describeTypes(b)} → ${describeTypes(h)}`;
    if (narrower && wider) this.add('type-changed', path, detail);
    else if (narrower) this.add('type-narrowed', path, detail);
    else this.add('type-widened', path, detail);
  }

  private compareEnums(b: Obj, h: Obj, path: string): void {
    const be = enumValues(b);
    const he = enumValues(h);
    if (be === null && he === null) return;
    if (be === null && he !== null) {
      this.add('enum-value-removed', path, `now limited to ${formatValues(he)}`);
      return;
    }
    if (be !== null && he === null) {
      this.add('enum-value-added', path, `no longer limited to ${formatValues(be)}`);
      return;
    }
    const bs = new Set((be ?? []).map(canonicalJson));
    const hs = new Set((he ?? []).map(canonicalJson));
    const removed = (be ?? []).filter((v) => !hs.has(canonicalJson(v)));
    const added = (he ?? []).filter((v) => !bs.has(canonicalJson(v)));
    if (removed.length > 0) this.add('enum-value-removed', path, `value ${formatValues(removed)} removed`);
    if (added.length > 0) this.add('enum-value-added', path, `value ${formatValues(added)} added`);
  }

  private compareBounds(b: Obj, h: Obj, path: string): void {
    for (const key of LOWER_BOUNDS) this.compareBound(key, b[key], h[key], path, 1);
    for (const key of UPPER_BOUNDS) this.compareBound(key, b[key], h[key], path, -1);
    for (const key of RESTRICTING) {
      if (sameJson(b[key], h[key])) continue;
      const detail = `${key} ${show(b[key])} → ${show(h[key])}`;
      this.add(h[key] === undefined ? 'constraint-relaxed' : 'constraint-tightened', path, detail);
    }
    if (!sameJson(b.multipleOf, h.multipleOf)) {
      const bm = b.multipleOf;
      const hm = h.multipleOf;
      // Every multiple of the old step is still a multiple of a divisor of it.
      const relaxed = hm === undefined || (typeof bm === 'number' && typeof hm === 'number' && bm % hm === 0);
      this.add(relaxed ? 'constraint-relaxed' : 'constraint-tightened', path, `multipleOf ${show(bm)} → ${show(hm)}`);
    }
    if ((b.uniqueItems === true) !== (h.uniqueItems === true)) {
      const detail = `uniqueItems ${show(b.uniqueItems)} → ${show(h.uniqueItems)}`;
      this.add(h.uniqueItems === true ? 'constraint-tightened' : 'constraint-relaxed', path, detail);
    }
  }

  /** `sign` 1: a larger value is tighter (lower bounds); -1: a smaller one is (upper bounds). */
  private compareBound(key: string, bv: unknown, hv: unknown, path: string, sign: 1 | -1): void {
    if (sameJson(bv, hv)) return;
    const detail = `${key} ${show(bv)} → ${show(hv)}`;
    let kind: SchemaChangeKind;
    if (hv === undefined) kind = 'constraint-relaxed';
    else if (bv === undefined) kind = 'constraint-tightened';
    else if (typeof bv !== 'number' || typeof hv !== 'number') kind = 'unclassified';
    else kind = (hv - bv) * sign > 0 ? 'constraint-tightened' : 'constraint-relaxed';
    this.add(kind, path, detail);
  }

  private compareObjects(b: Obj, h: Obj, path: string, depth: number): void {
    const bp = asObj(b.properties) ?? {};
    const hp = asObj(h.properties) ?? {};
    const headClosed = h.additionalProperties === false || h.unevaluatedProperties === false;
    for (const key of unionKeys(bp, hp)) {
      const child = join(path, key);
      if (Object.hasOwn(bp, key) && Object.hasOwn(hp, key)) this.compare(bp[key], hp[key], child, depth + 1);
      else if (Object.hasOwn(bp, key)) {
        if (headClosed) this.add('property-rejected', child, 'property removed; the object no longer accepts it');
        else this.add('property-removed', child, 'property removed');
      } else if (!(stringArray(h.required).includes(key) && !stringArray(b.required).includes(key))) {
        // A new required property is reported once, as required-added.
        this.add('property-added', child, 'property added');
      }
    }
    const br = new Set(stringArray(b.required));
    const hr = new Set(stringArray(h.required));
    for (const name of [...hr].sort()) {
      if (!br.has(name)) this.add('required-added', join(path, name), 'now required');
    }
    for (const name of [...br].sort()) {
      if (!hr.has(name)) this.add('required-removed', join(path, name), 'no longer required');
    }
    const ba = b.additionalProperties;
    const ha = h.additionalProperties;
    if (sameJson(ba, ha)) return;
    const bOpen = ba === undefined || ba === true;
    const hOpen = ha === undefined || ha === true;
    if (bOpen && hOpen) return;
    const detail = `additionalProperties ${show(ba)} → ${show(ha)}`;
    if (isSchemaObj(ba) && isSchemaObj(ha)) this.compare(ba, ha, join(path, '*'), depth + 1);
    else if (hOpen) this.add('constraint-relaxed', path, detail);
    else if (bOpen || ha === false) this.add('constraint-tightened', path, detail);
    else this.add('constraint-relaxed', path, detail);
  }

  private compareArrays(b: Obj, h: Obj, path: string, depth: number): void {
    const child = `${path}[]`;
    if (b.items !== undefined && h.items !== undefined) this.compare(b.items, h.items, child, depth + 1);
    else if (b.items !== undefined) this.add('constraint-relaxed', path, 'items schema removed');
    else if (h.items !== undefined) this.add('constraint-tightened', path, 'items schema added');
    const bpi = Array.isArray(b.prefixItems) ? b.prefixItems : [];
    const hpi = Array.isArray(h.prefixItems) ? h.prefixItems : [];
    for (let i = 0; i < Math.min(bpi.length, hpi.length); i++) {
      this.compare(bpi[i], hpi[i], `${path}[${i}]`, depth + 1);
    }
    if (bpi.length !== hpi.length) {
      const detail = `prefixItems ${bpi.length} → ${hpi.length} positions`;
      this.add(hpi.length > bpi.length ? 'constraint-tightened' : 'constraint-relaxed', path, detail);
    }
  }

  /** anyOf/oneOf branches and unmerged allOf branches, matched by position. */
  private compareVariants(b: Obj, h: Obj, path: string, depth: number): void {
    for (const key of ['anyOf', 'oneOf'] as const) {
      const bv = Array.isArray(b[key]) ? (b[key] as unknown[]) : null;
      const hv = Array.isArray(h[key]) ? (h[key] as unknown[]) : null;
      if (bv === null && hv === null) continue;
      if (bv === null || hv === null) {
        this.add('unclassified', path, `${key} ${bv === null ? 'added' : 'removed'}`);
        continue;
      }
      for (let i = 0; i < Math.min(bv.length, hv.length); i++) {
        this.compare(bv[i], hv[i], `${path}<${key} ${i + 1}>`, depth + 1);
      }
      if (bv.length > hv.length) this.add('variant-removed', path, `${key}: ${bv.length} → ${hv.length} alternatives`);
      if (hv.length > bv.length) this.add('variant-added', path, `${key}: ${bv.length} → ${hv.length} alternatives`);
    }
    const ba = Array.isArray(b.allOf) ? b.allOf : [];
    const ha = Array.isArray(h.allOf) ? h.allOf : [];
    for (let i = 0; i < Math.min(ba.length, ha.length); i++) {
      this.compare(ba[i], ha[i], `${path}<allOf ${i + 1}>`, depth + 1);
    }
    if (ba.length !== ha.length) {
      const detail = `allOf: ${ba.length} → ${ha.length} parts`;
      this.add(ha.length > ba.length ? 'constraint-tightened' : 'constraint-relaxed', path, detail);
    }
  }

  private compareDocs(b: Obj, h: Obj, path: string): void {
    const changed = DOCS.filter((k) => !sameJson(b[k], h[k]));
    if (changed.length > 0) this.add('docs-changed', path, `${changed.join(', ')} changed`);
  }
}

/**
 * Resolves a local `$ref` (with its sibling keywords, as 2020-12 allows) and
 * flattens an `allOf` of plain object schemas into one, so that moving a
 * schema into `$defs` or splitting it into `allOf` parts is no change.
 * Returns null for a `$ref` that does not resolve.
 */
function normalize(schema: unknown, root: unknown): Obj | boolean | null {
  let current: unknown = schema;
  for (let hops = 0; isSchemaObj(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > MAX_DEPTH) return null;
    const target = resolvePointer(root, current.$ref);
    if (target === undefined) return null;
    const { $ref: _ref, ...siblings } = current;
    current = isSchemaObj(target) ? { ...target, ...siblings } : Object.keys(siblings).length ? siblings : target;
  }
  if (typeof current === 'boolean') return current;
  if (!isSchemaObj(current)) return {};
  return flattenAllOf(current, root);
}

function flattenAllOf(schema: Obj, root: unknown): Obj {
  if (!Array.isArray(schema.allOf)) return schema;
  const parts = schema.allOf.map((p) => normalize(p, root));
  // Only plain object parts without their own combinators merge safely.
  const mergeable = parts.every((p): p is Obj => isSchemaObj(p) && p.allOf === undefined && p.anyOf === undefined && p.oneOf === undefined);
  if (!mergeable) return schema;
  const { allOf: _allOf, ...rest } = schema;
  const merged: Obj = { ...rest };
  const properties: Obj = { ...(asObj(rest.properties) ?? {}) };
  const required = new Set(stringArray(rest.required));
  for (const part of parts) {
    for (const [k, v] of Object.entries(asObj(part.properties) ?? {})) if (!Object.hasOwn(properties, k)) setOwn(properties, k, v);
    for (const r of stringArray(part.required)) required.add(r);
    for (const [k, v] of Object.entries(part)) {
      if (k !== 'properties' && k !== 'required' && !Object.hasOwn(merged, k)) setOwn(merged, k, v);
    }
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required].sort();
  return merged;
}

/** `#/$defs/Name` style pointers into the same document (RFC 6901 escapes). */
function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const pointer = decodeURIComponent(ref.slice(1));
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isSchemaObj(node) && Object.hasOwn(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

/**
 * Identity of a comparison that goes through a `$ref`: each pair of targets is
 * followed once, which stops recursion and reports a change of a shared
 * definition once, at its first use.
 */
function refPairKey(base: unknown, head: unknown): string | null {
  const br = isSchemaObj(base) && typeof base.$ref === 'string' ? base.$ref : null;
  const hr = isSchemaObj(head) && typeof head.$ref === 'string' ? head.$ref : null;
  // One-sided references are always followed: the inline side is finite, and MAX_DEPTH bounds the rest.
  return br === null || hr === null ? null : `${br}\u0000${hr}`;
}

/** The keywords next to a `$ref` (2020-12 applies both), without the reference itself. */
function withoutRef(schema: unknown): unknown {
  if (!isSchemaObj(schema) || typeof schema.$ref !== 'string') return schema;
  const { $ref: _ref, $defs: _defs, definitions: _definitions, ...siblings } = schema;
  return siblings;
}

/** Canonical JSON, or a marker for values it cannot encode (never thrown for odd input). */
function safeJson(v: unknown): string {
  try {
    return canonicalJson(v);
  } catch {
    return '\u0001unencodable';
  }
}

function typeSet(s: Obj): string[] {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === 'string');
  return ALL_TYPES;
}

/** `integer` values are also `number` values. */
function covers(types: string[], t: string): boolean {
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

function describeTypes(s: Obj): string {
  if (s.type === undefined) return 'any';
  return Array.isArray(s.type) ? s.type.join('|') : String(s.type);
}

function enumValues(s: Obj): unknown[] | null {
  if (Array.isArray(s.enum)) return s.enum;
  if (s.const !== undefined) return [s.const];
  return null;
}

function formatValues(values: unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function show(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isSchemaObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A member of the schema itself, never of Object.prototype (`toString` is a valid property name). */
function own(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** Plain assignment would turn a `__proto__` key into a prototype change. */
function setOwn(o: Obj, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function asObj(v: unknown): Obj | null {
  return isSchemaObj(v) ? v : null;
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function unionKeys(a: Obj, b: Obj): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return safeJson(a) === safeJson(b);
}
