/**
 * Imports the operations of one API's OpenAPI 3.0/3.1 document into
 * protocol-neutral operations (parameters, body, success response, with
 * converted schemas), filtered by the API's include/exclude.
 * Swagger 2.0 is rejected with UAC203 (see its hint) rather than converted.
 */
import { isJsonMediaType, isReservedHeader } from '../../bundle/request.js';
import type { HttpMethod, JsonSchema } from '../../bundle/types.js';
import type { ApiSpec, ContractDocument, McpOverride } from '../model.js';
import type { Location, Problem } from '../problems.js';
import { problem } from '../validate/codes/index.js';
import { child, type Ptr, ptrOf, SchemaConverter, toPointer } from './schema.js';
import { bundleDocument, hasExternalRefs, lintOpenApi } from './bundle.js';
import { type FileReader, OpenApiSource } from './source.js';

const METHODS: readonly HttpMethod[] = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH'];
/** Header parameters OpenAPI itself says to ignore: dropped without a warning. */
const OPENAPI_IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);
/** RFC 9110 token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

type Obj = Record<string, unknown>;

export interface OperationParam {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
  style?: string;
  explode?: boolean;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  itemType?: 'string' | 'number' | 'integer' | 'boolean';
}

export interface OperationBody {
  required: boolean;
  contentType: string;
  /** The whole body schema (used when wrapped). */
  schema: JsonSchema;
  /** Set when the body is a plain JSON object that may be merged into the arguments. */
  object: { properties: Record<string, JsonSchema>; required: string[]; closed: boolean } | null;
}

/** One operation, whatever its origin (OpenAPI or hand-written). */
export interface Operation {
  operationId: string;
  method: HttpMethod;
  path: string;
  summary?: string;
  description?: string;
  params: OperationParam[];
  body: OperationBody | null;
  response: { status: number; contentType: string | null; schema: Obj | null };
  /** `x-mcp` of the OpenAPI operation. */
  xMcp?: McpOverride;
  /** Where the operation is declared (for problems about it); computed on demand. */
  at: () => Location;
  /** Location of `x-mcp.name`, when set. */
  xMcpNameAt?: () => Location;
  /** Adds the `$defs` a schema built from this operation's schemas references. */
  withDefs(schema: Obj): Obj;
}

export interface ImportResult {
  operations: Operation[];
  problems: Problem[];
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

type ScalarType = 'string' | 'number' | 'integer' | 'boolean';
const SCALARS = new Set(['string', 'number', 'integer', 'boolean']);

/** The JSON type a parameter coerces to, from its (resolved) schema. */
export function jsonTypeOf(schema: unknown): OperationParam['type'] {
  if (!isObj(schema)) return undefined;
  const t = schema['type'];
  const types = (Array.isArray(t) ? t : [t]).filter((x) => typeof x === 'string' && x !== 'null');
  const first = types.length === 1 ? types[0] : undefined;
  if (first === 'array' || first === 'object' || SCALARS.has(first as string)) return first as OperationParam['type'];
  if (isObj(schema['properties'])) return 'object';
  if (schema['items'] !== undefined) return 'array';
  return undefined;
}

/** A body schema that is a plain object, safe to merge into the arguments. */
export function isMergeableObject(schema: unknown): schema is Obj {
  if (!isObj(schema) || !isObj(schema['properties'])) return false;
  if (schema['type'] !== undefined && schema['type'] !== 'object') return false;
  if (schema['nullable'] === true) return false;
  for (const k of ['allOf', 'anyOf', 'oneOf', 'not', 'if', 'patternProperties', 'unevaluatedProperties']) {
    if (schema[k] !== undefined) return false;
  }
  const ap = schema['additionalProperties'];
  return ap === undefined || typeof ap === 'boolean';
}

export function objectShape(converted: JsonSchema): OperationBody['object'] {
  if (!isObj(converted) || !isObj(converted['properties'])) return null;
  return {
    properties: converted['properties'] as Record<string, JsonSchema>,
    required: Array.isArray(converted['required']) ? (converted['required'] as string[]) : [],
    closed: converted['additionalProperties'] === false,
  };
}

/** An object output schema (MCP structuredContent must be an object). */
export function isObjectSchema(schema: unknown): boolean {
  if (!isObj(schema)) return false;
  if (schema['nullable'] === true) return false;
  return schema['type'] === 'object' || (schema['type'] === undefined && isObj(schema['properties']));
}

function pickMedia(content: unknown): { type: string; media: Obj } | null {
  if (!isObj(content)) return null;
  const keys = Object.keys(content);
  const key = keys.find((k) => isJsonMediaType(k)) ?? keys[0];
  if (key === undefined) return null;
  const media = content[key];
  return { type: key, media: isObj(media) ? media : {} };
}

export function templateVars(path: string): string[] {
  return [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
}

export interface ImportOptions {
  /** Called every so often with (done, total) on big documents. */
  progress?: (done: number, total: number) => void;
}

/**
 * Loads the OpenAPI document of each API, bundling the multi-file ones
 * (asynchronous, unlike the import itself) and, with `lint`, checking their
 * structure (UAC212); `importOpenApi` reads them from the returned reader.
 */
export async function prepareOpenApi(
  docs: ReadonlyArray<ContractDocument<'API'>>,
  repo: FileReader,
  opts: { lint?: boolean } = {},
): Promise<FileReader> {
  const prepared = new WeakMap<object, OpenApiSource>();
  for (const doc of docs) {
    const src = loadOpenApi(doc, repo);
    const root = src.document;
    if (isObj(root) && typeof root['openapi'] === 'string' && /^3\.[01]\.\d+/.test(root['openapi'])) {
      // Lint first: bundling rewrites the parsed files in place.
      if (opts.lint) await lintOpenApi(src);
      if (hasExternalRefs(root)) await bundleDocument(src);
    }
    prepared.set(doc, src);
  }
  return { readFile: (relPath, from) => repo.readFile(relPath, from), openapi: (doc) => prepared.get(doc) };
}

function loadOpenApi(doc: ContractDocument<'API'>, repo: FileReader): OpenApiSource {
  const src = new OpenApiSource(repo);
  const oa = (doc.spec as ApiSpec).openapi;
  if (oa) src.loadRoot(oa.path, doc.at(['spec', 'openapi', 'path']));
  return src;
}

/** Imports the operations of `doc`; a multi-file document must have been prepared (`prepareOpenApi`). */
export function importOpenApi(
  doc: ContractDocument<'API'>,
  repo: FileReader,
  opts: ImportOptions = {},
): ImportResult {
  const spec = doc.spec as ApiSpec;
  const oa = spec.openapi!;
  const src = repo.openapi?.(doc) ?? loadOpenApi(doc, repo);
  const problems = src.problems;
  const rootFile = src.files.get(src.rootFile);
  if (!rootFile) return { operations: [], problems };
  const file = rootFile.rel;
  const root = src.document;
  if (!isObj(root)) {
    problems.push(problem('UAC202', { file, line: 1, column: 1 }, `${file} is not an OpenAPI document (not an object)`));
    return { operations: [], problems };
  }
  if (root['swagger'] !== undefined) {
    problems.push(problem('UAC203', src.locate(file, ['swagger']), `${file} is Swagger ${String(root['swagger'])}`));
    return { operations: [], problems };
  }
  const version = typeof root['openapi'] === 'string' ? root['openapi'] : '';
  if (!/^3\.[01]\.\d+/.test(version) || !isObj(root['paths'])) {
    problems.push(
      problem('UAC202', src.locate(file, ['openapi']), `${file}: expected openapi 3.0.x or 3.1.x with paths, found ${JSON.stringify(version || null)}`),
    );
    return { operations: [], problems };
  }
  const converter = new SchemaConverter(src, version.startsWith('3.0'));
  const withDefs = (schema: Obj) => converter.withDefs(schema);
  const paths = root['paths'];

  const include = oa.include ?? {};
  const exclude = oa.exclude ?? {};
  const includeTags = new Set(include.tags ?? []);
  const includeIds = new Set(include.operationIds ?? []);
  const excludeTags = new Set(exclude.tags ?? []);
  const excludeIds = new Set(exclude.operationIds ?? []);
  const filtering = includeTags.size > 0 || includeIds.size > 0;
  const seenIds = new Map<string, Location | null>();

  // Count first so progress can say "n of total".
  let total = 0;
  for (const item of Object.values(paths)) {
    if (isObj(item)) for (const m of METHODS) if (isObj(item[m.toLowerCase()])) total++;
  }

  const operations: Operation[] = [];
  let done = 0;
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemRef = src.deref(file, ['paths', path], rawItem);
    if (!itemRef || !isObj(itemRef.value)) continue;
    const item = itemRef.value;
    const itemFile = itemRef.file;
    const itemPtr = ptrOf(itemRef.pointer);
    for (const method of METHODS) {
      const op = item[method.toLowerCase()];
      if (!isObj(op)) continue;
      done++;
      if (opts.progress && done % 100 === 0) opts.progress(done, total);
      const opPtr = child(itemPtr, method.toLowerCase());
      const at = () => src.locateKey(itemFile, [...itemRef.pointer, method.toLowerCase()]);
      const declaredId = str(op['operationId']);
      const operationId =
        declaredId ?? `${method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '_')}`.replace(/_+$/, '');
      if (declaredId !== undefined) {
        if (seenIds.has(declaredId)) {
          problems.push(problem('UAC206', src.locate(itemFile, [...itemRef.pointer, method.toLowerCase(), 'operationId']), `operationId ${declaredId} is used twice`));
          continue;
        }
        seenIds.set(declaredId, null);
      }
      const tags = Array.isArray(op['tags']) ? op['tags'].filter((t): t is string => typeof t === 'string') : [];
      if (filtering && !includeIds.has(operationId) && !tags.some((t) => includeTags.has(t))) continue;
      if (excludeIds.has(operationId) || tags.some((t) => excludeTags.has(t))) continue;

      const imported = importOperation(src, converter, {
        file: itemFile,
        ptr: opPtr,
        op,
        pathParams: item['parameters'],
        pathParamsPtr: child(itemPtr, 'parameters'),
        method,
        path,
        operationId,
        at,
      });
      if (!imported) continue;
      operations.push({ ...imported, withDefs });
    }
  }
  if (opts.progress && total >= 100) opts.progress(total, total);

  for (const [list, key] of [
    [include.operationIds ?? [], 'include'],
    [exclude.operationIds ?? [], 'exclude'],
  ] as const) {
    list.forEach((id, i) => {
      if (!seenIds.has(id) && !operations.some((o) => o.operationId === id)) {
        problems.push(problem('UAC209', doc.at(['spec', 'openapi', key, 'operationIds', i]), `${key}: no operation ${id} in ${file}`));
      }
    });
  }
  return { operations, problems };
}

interface OpInput {
  file: string;
  ptr: Ptr | null;
  op: Obj;
  pathParams: unknown;
  pathParamsPtr: Ptr | null;
  method: HttpMethod;
  path: string;
  operationId: string;
  at: () => Location;
}

function importOperation(
  src: OpenApiSource,
  conv: SchemaConverter,
  input: OpInput,
): Omit<Operation, 'withDefs'> | null {
  const { file, ptr, op, method, path, operationId } = input;

  // Path-item parameters first, overridden by operation parameters with the same name and location.
  const byKey = new Map<string, { file: string; ptr: Ptr | null; value: Obj }>();
  const collect = (list: unknown, listFile: string, listPtr: Ptr | null) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, i) => {
      const r = src.deref(listFile, [...toPointer(listPtr), i], raw);
      if (!r || !isObj(r.value)) return;
      const name = r.value['name'];
      const where = r.value['in'];
      byKey.set(`${String(where)}:${String(name)}`, { file: r.file, ptr: ptrOf(r.pointer), value: r.value });
    });
  };
  collect(input.pathParams, file, input.pathParamsPtr);
  collect(op['parameters'], file, child(ptr, 'parameters'));

  const params: OperationParam[] = [];
  for (const { file: pFile, ptr: pPtr, value: p } of byKey.values()) {
    const name = p['name'];
    const where = p['in'];
    if (typeof name !== 'string' || name === '' || typeof where !== 'string') {
      src.problems.push(problem('UAC207', src.locate(pFile, toPointer(pPtr)), `${operationId}: a parameter needs a name and in`));
      return null;
    }
    if (where === 'cookie') {
      if (p['required'] === true) {
        src.problems.push(problem('UAC210', input.at(), `${operationId} needs cookie parameter ${name}; skipped`));
        return null;
      }
      continue;
    }
    if (where !== 'path' && where !== 'query' && where !== 'header') {
      src.problems.push(problem('UAC207', src.locate(pFile, [...toPointer(pPtr), 'in']), `${operationId}: unknown parameter location ${where}`));
      return null;
    }
    if (where === 'header' && isReservedHeader(name)) {
      // Never a parameter: a REST caller's gateway credentials or framing headers would reach the upstream.
      if (!OPENAPI_IGNORED_HEADERS.has(name.toLowerCase())) {
        src.problems.push(
          problem('UAC213', src.locate(pFile, [...toPointer(pPtr), 'name']), `${operationId}: header parameter ${name} is reserved by the gateway; dropped`),
        );
      }
      continue;
    }
    if (where === 'header' && !HEADER_NAME.test(name)) {
      src.problems.push(problem('UAC207', src.locate(pFile, [...toPointer(pPtr), 'name']), `${operationId}: ${JSON.stringify(name)} is not a valid header name`));
      return null;
    }
    let rawSchema: unknown = p['schema'];
    let schemaPtr = child(pPtr, 'schema');
    if (rawSchema === undefined) {
      const media = pickMedia(p['content']);
      if (media) {
        rawSchema = media.media['schema'];
        schemaPtr = child(child(child(pPtr, 'content'), media.type), 'schema');
      }
    }
    const resolved = conv.resolved(pFile, schemaPtr, rawSchema ?? {});
    const type = jsonTypeOf(resolved);
    let itemType: ScalarType | undefined;
    if (type === 'array' && isObj(resolved)) {
      const it = jsonTypeOf(conv.resolved(pFile, child(schemaPtr, 'items'), resolved['items'] ?? {}));
      if (it !== undefined && SCALARS.has(it)) itemType = it as ScalarType;
    }
    let schema = conv.convert(pFile, schemaPtr, rawSchema ?? {});
    const description = str(p['description']);
    if (description && isObj(schema) && schema['description'] === undefined) schema = { ...schema, description };
    params.push({
      name,
      in: where,
      required: where === 'path' ? true : p['required'] === true,
      ...(description ? { description } : {}),
      schema,
      ...(typeof p['style'] === 'string' ? { style: p['style'] } : {}),
      ...(typeof p['explode'] === 'boolean' ? { explode: p['explode'] } : {}),
      ...(type ? { type } : {}),
      ...(itemType ? { itemType } : {}),
    });
  }

  const pathNames = new Set(params.filter((p) => p.in === 'path').map((p) => p.name));
  for (const v of templateVars(path)) {
    if (!pathNames.has(v)) {
      src.problems.push(problem('UAC207', input.at(), `${operationId}: path variable {${v}} has no path parameter`));
      return null;
    }
  }
  const vars = new Set(templateVars(path));
  const kept = params.filter((p) => p.in !== 'path' || vars.has(p.name));

  // Request body.
  let body: OperationBody | null = null;
  const rb = src.deref(file, [...toPointer(ptr), 'requestBody'], op['requestBody']);
  if (rb && isObj(rb.value)) {
    const media = pickMedia(rb.value['content']);
    if (media) {
      const required = rb.value['required'] === true;
      const schemaPtr = child(child(child(ptrOf(rb.pointer), 'content'), media.type), 'schema');
      if (isJsonMediaType(media.type)) {
        const raw = media.media['schema'] ?? {};
        const resolvedRef = src.deref(rb.file, toPointer(schemaPtr), raw);
        const isRef = isObj(raw) && raw['$ref'] !== undefined;
        // An inline schema is converted once and serves both as the wrapped body and as the merged object.
        const root = resolvedRef && (isMergeableObject(resolvedRef.value) || !isRef) ? conv.root(rb.file, schemaPtr, raw) : null;
        const object = root !== null && resolvedRef && isMergeableObject(resolvedRef.value) ? objectShape(root) : null;
        const schema = isRef || root === null ? conv.convert(rb.file, schemaPtr, raw) : root;
        body = { required, contentType: media.type, schema, object };
      } else {
        body = {
          required,
          contentType: media.type,
          schema: { type: 'string', description: `Raw ${media.type} request body.` },
          object: null,
        };
      }
    }
  }

  // Success response: the lowest 2xx (or 2XX) declared.
  const responses = isObj(op['responses']) ? op['responses'] : {};
  const codes = Object.keys(responses)
    .filter((c) => /^2(\d\d|XX)$/i.test(c))
    .sort();
  let response: Operation['response'] = { status: 200, contentType: null, schema: null };
  const code = codes[0];
  if (code !== undefined) {
    const status = /^\d+$/.test(code) ? Number(code) : 200;
    response = { status, contentType: null, schema: null };
    const r = src.deref(file, [...toPointer(ptr), 'responses', code], responses[code]);
    if (r && isObj(r.value)) {
      const media = pickMedia(r.value['content']);
      if (media) {
        response.contentType = media.type;
        const raw = media.media['schema'];
        if (isJsonMediaType(media.type) && raw !== undefined) {
          const schemaPtr = child(child(child(ptrOf(r.pointer), 'content'), media.type), 'schema');
          // The root itself must be `type: object` for MCP, so a referenced schema is inlined one level.
          const target = src.deref(r.file, toPointer(schemaPtr), raw);
          if (target && isObjectSchema(target.value)) {
            const c = conv.root(r.file, schemaPtr, raw);
            if (isObj(c)) response.schema = conv.withDefs({ ...c, type: 'object' });
          }
        }
      }
    }
  }

  let xMcp: McpOverride | undefined;
  let xMcpNameAt: (() => Location) | undefined;
  if (isObj(op['x-mcp'])) {
    xMcp = op['x-mcp'] as McpOverride;
    if (xMcp.name !== undefined) xMcpNameAt = () => src.locate(file, [...toPointer(ptr), 'x-mcp', 'name']);
  }

  return {
    operationId,
    method,
    path,
    ...(str(op['summary']) ? { summary: str(op['summary'])! } : {}),
    ...(str(op['description']) ? { description: str(op['description'])! } : {}),
    params: kept,
    body,
    response,
    ...(xMcp ? { xMcp } : {}),
    ...(xMcpNameAt ? { xMcpNameAt } : {}),
    at: input.at,
  };
}

