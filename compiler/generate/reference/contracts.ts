/**
 * The contract reference (docs/reference/contracts.md), generated from the
 * public JSON Schemas in schemas/ so it cannot drift from what `uac validate`
 * enforces: one section per kind, one row per field (dotted paths, `[]` for
 * array items), with type, whether it is required, default, allowed values
 * and the validation code a bad value reports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Schema = Record<string, unknown>;

/** Kinds in the order a newcomer meets them; file names in schemas/. */
const KINDS: Array<[kind: string, file: string]> = [
  ['Project', 'project.schema.json'],
  ['API', 'api.schema.json'],
  ['Policy', 'policy.schema.json'],
  ['Consumer', 'consumer.schema.json'],
  ['Skill', 'skill.schema.json'],
  ['LLMRoute', 'llmroute.schema.json'],
];

interface Row {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

function isObject(v: unknown): v is Schema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

class SchemaSet {
  private readonly files = new Map<string, Schema>();
  constructor(private readonly dir: string) {}

  file(name: string): Schema {
    let s = this.files.get(name);
    if (!s) {
      s = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as Schema;
      this.files.set(name, s);
    }
    return s;
  }

  /** Follows `$ref` (local or `file.json#/$defs/x`); sibling keywords (description, default) win over the target's. */
  resolve(schema: Schema, file: string): { schema: Schema; file: string; refName?: string } {
    const ref = schema['$ref'];
    if (typeof ref !== 'string') return { schema, file };
    const [target = '', pointer = ''] = ref.split('#');
    const targetFile = target || file;
    let node: unknown = this.file(targetFile);
    for (const part of pointer.split('/').filter(Boolean)) node = isObject(node) ? node[part] : undefined;
    if (!isObject(node)) throw new Error(`schemas/${file}: unresolvable $ref ${ref}`);
    const { $ref: _ref, ...siblings } = schema;
    const inner = this.resolve(node, targetFile);
    const refName = pointer.startsWith('/$defs/') ? pointer.slice('/$defs/'.length) : undefined;
    return { schema: { ...inner.schema, ...siblings }, file: inner.file, ...(refName ? { refName } : {}) };
  }
}

function typeLabel(s: Schema, refName: string | undefined, set: SchemaSet, file: string): string {
  if (s['const'] !== undefined) return `\`${JSON.stringify(s['const'])}\``;
  if (Array.isArray(s['enum'])) return (s['enum'] as unknown[]).map((v) => `\`${String(v)}\``).join(' | ');
  const t = s['type'];
  let base: string;
  if (t === 'array') {
    const items = isObject(s['items']) ? set.resolve(s['items'], file) : undefined;
    const item = items ? typeLabel(items.schema, items.refName, set, items.file) : undefined;
    base = item === undefined ? 'array' : item.includes(' | ') ? `(${item})[]` : `${item}[]`;
  } else if (Array.isArray(t)) {
    base = t.join(' | ');
  } else if (typeof t === 'string') {
    base = t === 'object' && !isObject(s['properties']) && isObject(s['additionalProperties']) ? 'map' : t;
  } else if (Array.isArray(s['oneOf']) || Array.isArray(s['anyOf'])) {
    const alts = ((s['oneOf'] ?? s['anyOf']) as unknown[]).filter(isObject).map((a) => {
      const r = set.resolve(a, file);
      return typeLabel(r.schema, r.refName, set, r.file);
    });
    base = [...new Set(alts)].join(' | ');
  } else {
    base = 'any';
  }
  // Named shared formats (duration, size, name…) tell more than "string".
  return refName && ['duration', 'size', 'name', 'limit', 'relativePath', 'jsonSchema'].includes(refName) ? `${base} (${refName})` : base;
}

function describe(s: Schema): string {
  const parts: string[] = [];
  if (typeof s['description'] === 'string') parts.push(s['description']);
  if (s['default'] !== undefined) parts.push(`Default: \`${JSON.stringify(s['default'])}\`.`);
  if (typeof s['pattern'] === 'string' && s['x-uac-code'] === undefined) parts.push(`Pattern: \`${s['pattern']}\`.`);
  if (Array.isArray(s['examples'])) parts.push(`E.g. ${(s['examples'] as unknown[]).map((e) => `\`${String(e)}\``).join(', ')}.`);
  const code = s['x-uac-code'];
  if (typeof code === 'string') parts.push(`Invalid values report [${code}](validation-codes.md#${code.toLowerCase()}).`);
  return parts.join(' ');
}

function cell(text: string): string {
  return text.replace(/\r?\n+/g, ' ').replace(/\|/g, '\\|');
}

function rows(
  set: SchemaSet,
  schema: Schema,
  file: string,
  prefix: string,
  required: boolean,
  out: Row[],
  seen: string[],
  listSelf = true,
): void {
  const r = set.resolve(schema, file);
  const s = r.schema;
  if (prefix && listSelf) out.push({ path: prefix, type: typeLabel(s, r.refName, set, r.file), required, description: describe(s) });
  // A recursive definition is listed once; its contract-supplied JSON Schemas are opaque.
  const key = `${r.file}#${r.refName ?? prefix}`;
  if (r.refName && seen.includes(key)) return;
  if (r.refName === 'jsonSchema') return;
  const nextSeen = r.refName ? [...seen, key] : seen;
  if (isObject(s['properties'])) {
    const req = Array.isArray(s['required']) ? (s['required'] as string[]) : [];
    for (const [name, child] of Object.entries(s['properties'] as Record<string, unknown>)) {
      if (isObject(child)) rows(set, child, r.file, prefix ? `${prefix}.${name}` : name, req.includes(name), out, nextSeen);
    }
  }
  if (s['type'] === 'array' && isObject(s['items'])) {
    const items = set.resolve(s['items'], r.file);
    if (isObject(items.schema['properties'])) rows(set, s['items'], r.file, `${prefix}[]`, true, out, nextSeen, false);
  }
  if (isObject(s['additionalProperties']) && !isObject(s['properties'])) {
    const values = set.resolve(s['additionalProperties'], r.file);
    if (isObject(values.schema['properties'])) rows(set, s['additionalProperties'], r.file, `${prefix}.<name>`, false, out, nextSeen);
  }
}

export function contractReference(schemasDir: string): string {
  const set = new SchemaSet(schemasDir);
  const out: string[] = [
    '# Contract reference',
    '',
    '<!-- Generated by `npx tsx scripts/gen-docs.ts` from schemas/*.schema.json: edit the schemas, not this file. -->',
    '',
    'Every contract document is YAML with `apiVersion: uac/v1`, a `kind`, `metadata` and `spec`.',
    'Point the YAML language server at `schemas/contract.schema.json` for completion and checks in your editor.',
    'A field marked **required** must be present when its parent is.',
    '',
    ...KINDS.map(([kind]) => `- [${kind}](#${kind.toLowerCase()})`),
    '- [Shared value formats](#shared-value-formats)',
    '',
  ];
  for (const [kind, file] of KINDS) {
    const schema = set.file(file);
    const list: Row[] = [];
    rows(set, schema, file, '', true, list, []);
    out.push(`## ${kind}`, '', `Schema: \`schemas/${file}\`.`, '');
    if (typeof schema['description'] === 'string') out.push(schema['description'], '');
    out.push('| Field | Type | Required | Description |', '|---|---|---|---|');
    for (const row of list) {
      out.push(`| \`${row.path}\` | ${cell(row.type)} | ${row.required ? 'required' : ''} | ${cell(row.description)} |`);
    }
    out.push('');
  }
  const common = set.file('common.schema.json');
  out.push('## Shared value formats', '', 'Definitions in `schemas/common.schema.json` that several kinds use.', '');
  out.push('| Name | Type | Description |', '|---|---|---|');
  for (const [name, def] of Object.entries((common['$defs'] ?? {}) as Record<string, unknown>)) {
    if (!isObject(def)) continue;
    const r = set.resolve(def, 'common.schema.json');
    out.push(`| \`${name}\` | ${cell(typeLabel(r.schema, undefined, set, r.file))} | ${cell(describe(r.schema))} |`);
  }
  return `${out.join('\n')}\n`;
}
