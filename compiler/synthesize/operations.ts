/**
 * The operations of one API: imported from OpenAPI, then the contract's
 * `operations[]` applied — an entry with `method` and `path` is hand-written
 * (and replaces an imported operation of the same operationId), an entry
 * without them overrides the imported operation it names (UAC208 if none).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { isReservedHeader } from '../../bundle/request.js';
import type { HttpMethod, JsonSchema } from '../../bundle/types.js';
import type { ContractDocument, OperationSpec } from '../model.js';
import type { Location, Problem } from '../problems.js';
import {
  importOpenApi,
  isMergeableObject,
  isObjectSchema,
  jsonTypeOf,
  objectShape,
  type Operation,
  type OperationParam,
} from '../openapi/import.js';
import type { FileReader } from '../openapi/source.js';
import { problem } from '../validate/codes/index.js';

export interface ApiOperation {
  op: Operation;
  /** The contract's `operations[]` entry for it, if any. */
  spec?: OperationSpec;
  /** Index of that entry (for locations). */
  specIndex?: number;
}

type Obj = Record<string, unknown>;

function withoutDefs(schema: Obj): Obj {
  return schema;
}

/** The contract-written parameters, reserved headers left out (UAC213 reports them). */
function params(spec: OperationSpec): OperationParam[] {
  return (spec.parameters ?? []).filter((p) => !(p.in === 'header' && isReservedHeader(p.name))).map((p) => {
    const schema: JsonSchema = p.schema ?? {};
    const type = jsonTypeOf(schema);
    let itemType: OperationParam['itemType'];
    if (type === 'array' && typeof schema === 'object') {
      const it = jsonTypeOf(schema['items']);
      if (it === 'string' || it === 'number' || it === 'integer' || it === 'boolean') itemType = it;
    }
    const withDescription =
      p.description && typeof schema === 'object' && schema['description'] === undefined
        ? { ...schema, description: p.description }
        : schema;
    return {
      name: p.name,
      in: p.in,
      required: p.in === 'path' ? true : p.required === true,
      ...(p.description ? { description: p.description } : {}),
      schema: withDescription,
      ...(p.style ? { style: p.style } : {}),
      ...(p.explode !== undefined ? { explode: p.explode } : {}),
      ...(type ? { type } : {}),
      ...(itemType ? { itemType } : {}),
    };
  });
}

function body(spec: OperationSpec): Operation['body'] {
  const rb = spec.requestBody;
  if (!rb) return null;
  const schema = rb.schema ?? {};
  return {
    required: rb.required === true,
    contentType: rb.contentType ?? 'application/json',
    schema,
    object: isMergeableObject(schema) ? objectShape(schema) : null,
  };
}

function response(spec: OperationSpec): Operation['response'] {
  const r = spec.response;
  const schema = r?.schema;
  return {
    status: r?.status ?? 200,
    contentType: r?.contentType ?? (schema !== undefined ? 'application/json' : null),
    schema: schema !== undefined && isObjectSchema(schema) ? (schema as Obj) : null,
  };
}

/** A hand-written operation (schemas are JSON Schema 2020-12 and reach the tool verbatim). */
function handWritten(spec: OperationSpec, at: () => Location): Operation {
  return {
    operationId: spec.operationId,
    method: spec.method!.toUpperCase() as HttpMethod,
    path: spec.path!,
    ...(spec.summary ? { summary: spec.summary } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    params: params(spec),
    body: body(spec),
    response: response(spec),
    at,
    withDefs: withoutDefs,
  };
}

/** Applies the schema-level parts of an override (parameters, requestBody, response) when given. */
function overridden(op: Operation, spec: OperationSpec): Operation {
  const out: Operation = { ...op };
  if (spec.summary) out.summary = spec.summary;
  if (spec.description) out.description = spec.description;
  if (spec.parameters) out.params = params(spec);
  if (spec.requestBody !== undefined) out.body = body(spec);
  if (spec.response) out.response = response(spec);
  return out;
}

let metaValidator: Ajv2020 | null = null;

/** UAC358 for each contract-written schema of `spec` that the 2020-12 meta-schema rejects. */
function schemaProblems(doc: ContractDocument<'API'>, spec: OperationSpec, i: number): Problem[] {
  const schemas: Array<[unknown, Array<string | number>]> = [];
  (spec.parameters ?? []).forEach((p, j) => {
    if (p.schema !== undefined) schemas.push([p.schema, ['parameters', j, 'schema']]);
  });
  if (spec.requestBody?.schema !== undefined) schemas.push([spec.requestBody.schema, ['requestBody', 'schema']]);
  if (spec.response?.schema !== undefined) schemas.push([spec.response.schema, ['response', 'schema']]);
  if (schemas.length === 0) return [];
  metaValidator ??= new Ajv2020({ strict: false, validateFormats: false });
  const problems: Problem[] = [];
  for (const [schema, path] of schemas) {
    if (metaValidator.validateSchema(schema as object)) continue;
    const e = metaValidator.errors?.[0];
    const where = e ? `${e.instancePath || '/'} ${e.message ?? 'is invalid'}` : 'is invalid';
    problems.push(problem('UAC358', doc.at(['spec', 'operations', i, ...path]), `${spec.operationId}: schema ${where}`));
  }
  return problems;
}

export function collectOperations(
  doc: ContractDocument<'API'>,
  repo: FileReader,
  progress?: (done: number, total: number) => void,
): { operations: ApiOperation[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const imported = new Map<string, Operation>();
  if (doc.spec.openapi) {
    const r = importOpenApi(doc, repo, progress ? { progress } : {});
    problems.push(...r.problems);
    for (const op of r.operations) imported.set(op.operationId, op);
  }
  const result = new Map<string, ApiOperation>();
  for (const [id, op] of imported) result.set(id, { op });
  (doc.spec.operations ?? []).forEach((spec, i) => {
    const at = () => doc.at(['spec', 'operations', i]);
    (spec.parameters ?? []).forEach((p, j) => {
      if (p.in !== 'header' || !isReservedHeader(p.name)) return;
      problems.push(
        problem(
          'UAC213',
          doc.at(['spec', 'operations', i, 'parameters', j, 'name']),
          `${spec.operationId}: header parameter ${p.name} is reserved by the gateway; dropped`,
        ),
      );
    });
    const invalid = schemaProblems(doc, spec, i);
    if (invalid.length > 0) {
      problems.push(...invalid);
      return;
    }
    if (spec.method && spec.path) {
      result.set(spec.operationId, { op: handWritten(spec, at), spec, specIndex: i });
      return;
    }
    const base = imported.get(spec.operationId);
    if (!base) {
      problems.push(
        problem(
          'UAC208',
          doc.at(['spec', 'operations', i, 'operationId']),
          `operation ${spec.operationId} is not in the OpenAPI document${doc.spec.openapi ? '' : ' (the API imports none)'} and has no method/path`,
        ),
      );
      return;
    }
    result.set(spec.operationId, { op: overridden(base, spec), spec, specIndex: i });
  });
  return { operations: [...result.values()], problems };
}
