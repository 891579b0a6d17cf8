/**
 * JSON Schema validation of contract documents (schemas/*.schema.json, Ajv
 * 2020-12), each error mapped to a code and to the YAML node's line/column.
 * A schema node may carry `x-uac-code` to report a specific code (e.g. a bad
 * duration is UAC402, not a generic pattern mismatch).
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { keyAt, rawOf } from '../load/index.js';
import type { ContractDocument, Kind, NodePath } from '../model.js';
import type { Problem } from '../problems.js';
import { mayBeCredential } from './checks/credentials.js';
import { problem } from './codes/index.js';
import { loadValidators, type Validators } from './validators.js';

let validators: Validators | undefined;

/** Loaded once per process. */
function validatorFor(kind: Kind): ValidateFunction {
  validators ??= loadValidators();
  return validators.get(kind)!;
}

function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function display(p: NodePath): string {
  return p.length === 0 ? 'the document' : p.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[');
}

/** A value for a message: short, and never something that may be a credential. */
function shown(value: unknown, at: NodePath = []): string {
  const s = JSON.stringify(value);
  if (s === undefined) return String(value);
  // Checked on the JSON too, so a credential nested in an object is not echoed either.
  if ((typeof value === 'string' && mayBeCredential(value, at)) || mayBeCredential(s, at)) return '"<redacted>"';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function codeFromSchema(err: ErrorObject): string | undefined {
  const parent = err.parentSchema as Record<string, unknown> | undefined;
  const code = parent?.['x-uac-code'];
  return typeof code === 'string' ? code : undefined;
}

function toProblem(doc: ContractDocument, err: ErrorObject): Problem | undefined {
  const p = pointerToPath(err.instancePath);
  const params = err.params as Record<string, unknown>;
  const where = display(p);
  switch (err.keyword) {
    case 'if':
    case 'oneOf':
    case 'anyOf':
    case 'propertyNames':
      // Wrappers: the errors of their subschemas say what is wrong.
      return undefined;
    case 'required': {
      const missing = String(params.missingProperty);
      return problem('UAC010', doc.at(p), `${where}: missing required field \`${missing}\``);
    }
    case 'discriminator': {
      const tag = String(params.tag);
      if (params.error === 'tag' && (err.data as Record<string, unknown> | null)?.[tag] === undefined) {
        return problem('UAC010', doc.at(p), `${where}: missing required field \`${tag}\``);
      }
      const allowed = ((err.parentSchema as { oneOf?: Array<{ properties?: Record<string, { const?: unknown }> }> })?.oneOf ?? [])
        .map((b) => shown(b.properties?.[tag]?.const))
        .join(', ');
      return problem('UAC013', doc.at([...p, tag]), `${display([...p, tag])} = ${shown(params.tagValue, [...p, tag])}: must be one of ${allowed}`);
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      return problem('UAC011', keyAt(doc, [...p, extra]), `${where}: unknown field \`${extra}\``);
    }
  }
  // A rule on a map key (propertyNames) points at that key.
  const at = typeof params.propertyName === 'string' ? keyAt(doc, [...p, params.propertyName]) : doc.at(p);
  const subject = typeof params.propertyName === 'string' ? `key ${shown(params.propertyName)} of ${where}` : `${where} = ${shown(err.data, p)}`;
  const explicit = codeFromSchema(err);
  // A code named by the schema (x-uac-code) brings its own hint; only the generic codes take `hint`.
  const report = (code: string, message: string, hint?: string) =>
    problem(explicit ?? code, at, message, hint && !explicit ? { hint } : {});
  switch (err.keyword) {
    case 'type':
      return report('UAC012', `${where}: must be ${String(params.type).replace(',', ' or ')}, got ${shown(err.data, p)}`);
    case 'enum':
      return report('UAC013', `${subject}: must be one of ${(params.allowedValues as unknown[]).map((v) => shown(v)).join(', ')}`);
    case 'const':
      return report('UAC013', `${subject}: must be ${shown(params.allowedValue)}`);
    case 'pattern':
    case 'format':
      return report('UAC013', `${subject}: ${err.message ?? 'has the wrong form'}`, formHint(err));
    default:
      return report('UAC014', `${subject}: ${err.message ?? 'breaks a schema rule'}`);
  }
}

const memo = new WeakMap<ContractDocument, Problem[]>();

/** Schema problems of one document (empty when it is valid); computed once per document. */
export function schemaProblems(doc: ContractDocument): Problem[] {
  let problems = memo.get(doc);
  if (!problems) {
    problems = computeSchemaProblems(doc);
    memo.set(doc, problems);
  }
  return problems;
}

function computeSchemaProblems(doc: ContractDocument): Problem[] {
  const validate = validatorFor(doc.kind);
  if (validate(rawOf(doc))) return [];
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const err of validate.errors ?? []) {
    const p = toProblem(doc, err);
    if (!p) continue;
    // Alternatives (`oneOf`) yield one type error per branch: keep the first.
    const key = p.code === 'UAC012' ? `${p.code}|${p.line}|${p.column}` : `${p.code}|${p.line}|${p.column}|${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

/** For pattern/format errors the enum-style default hint does not fit: point at the expected form. */
function formHint(err: ErrorObject): string {
  const description = (err.parentSchema as { description?: unknown } | undefined)?.description;
  const expected = typeof description === 'string' ? ` Expected: ${description}` : '';
  return `Write the value in the required form.${expected}`;
}
