/**
 * Operation → route (gateway path, upstream, parameter/body mapping,
 * policies, exposure) and, when exposed over MCP, its tool (SPEC 4.2).
 */
import type { BodyMapping, ParamMapping, Route, Tool, ToolAnnotations } from '../../bundle/types.js';
import type { ApiSpec, ContractDocument } from '../model.js';
import type { Operation } from '../openapi/import.js';
import { setOwn } from '../openapi/schema.js';
import { parseDuration } from '../validate/units.js';
import { interpolateVars } from '../vars.js';
import type { ApiOperation } from './operations.js';

type Obj = Record<string, unknown>;

const IN_ORDER = { path: 0, query: 1, header: 2 } as const;
const STYLES = new Set<ParamMapping['style']>(['simple', 'label', 'matrix', 'form', 'spaceDelimited', 'pipeDelimited', 'deepObject']);
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface InputMapping {
  params: ParamMapping[];
  body: BodyMapping | null;
  inputSchema: Obj;
}

/**
 * Tool arguments of an operation: parameters as top-level properties (a name
 * taken by an earlier location becomes `<in>_<name>`), an object body merged
 * at the top level when none of its properties collides, else under `body`.
 */
export function inputMapping(op: Operation): InputMapping {
  const sorted = [...op.params].sort(
    (a, b) => IN_ORDER[a.in] - IN_ORDER[b.in] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const properties: Obj = {};
  const required: string[] = [];
  const used = new Set<string>();
  const unique = (base: string) => {
    let arg = base;
    while (used.has(arg)) arg = `${arg}_`;
    used.add(arg);
    return arg;
  };
  const params: ParamMapping[] = sorted.map((p) => {
    const arg = unique(used.has(p.name) ? `${p.in}_${p.name}` : p.name);
    setOwn(properties, arg, p.schema);
    if (p.required) required.push(arg);
    const style = STYLES.has(p.style as ParamMapping['style']) ? (p.style as ParamMapping['style']) : undefined;
    return {
      name: p.name,
      in: p.in,
      arg,
      required: p.required,
      ...(style ? { style } : {}),
      ...(p.explode !== undefined ? { explode: p.explode } : {}),
      ...(p.type ? { type: p.type } : {}),
      ...(p.itemType ? { itemType: p.itemType } : {}),
    };
  });

  let body: BodyMapping | null = null;
  let closed = true;
  if (op.body) {
    const obj = op.body.object;
    if (obj && !Object.keys(obj.properties).some((k) => used.has(k))) {
      for (const [k, s] of Object.entries(obj.properties)) setOwn(properties, k, s);
      // Required properties of an optional body cannot be required arguments.
      if (op.body.required) for (const r of obj.required) if (Object.hasOwn(obj.properties, r)) required.push(r);
      closed = obj.closed;
      body = { mode: 'merged', required: op.body.required, contentType: op.body.contentType };
    } else {
      const arg = unique('body');
      setOwn(properties, arg, op.body.schema);
      if (op.body.required) required.push(arg);
      body = { mode: 'wrapped', arg, required: op.body.required, contentType: op.body.contentType };
    }
  }
  const schema: Obj = { type: 'object', properties };
  if (required.length > 0) schema['required'] = [...new Set(required)];
  if (closed) schema['additionalProperties'] = false;
  return { params, body, inputSchema: op.withDefs(schema) };
}

export function defaultAnnotations(method: string): ToolAnnotations {
  const a: ToolAnnotations = {};
  if (method === 'GET' || method === 'HEAD') a.readOnlyHint = true;
  if (method === 'DELETE') a.destructiveHint = true;
  if (method === 'PUT' || method === 'DELETE') a.idempotentHint = true;
  return a;
}

export interface RouteContext {
  vars: Record<string, string>;
  defaultPolicies: string[];
  /** route id → tool name (for operations exposed over MCP). */
  toolNames: Map<string, string>;
}

export function routeId(api: string, op: Operation): string {
  return `${api}.${op.operationId}`;
}

export function exposure(spec: ApiSpec, a: ApiOperation): { rest: boolean; mcp: boolean } {
  const rest = a.spec?.expose?.rest ?? spec.expose?.rest ?? true;
  let mcp = a.spec?.expose?.mcp ?? spec.expose?.mcp ?? true;
  if (a.op.xMcp?.expose === false || a.spec?.mcp?.expose === false) mcp = false;
  return { rest, mcp };
}

export function synthesize(
  doc: ContractDocument<'API'>,
  a: ApiOperation,
  ctx: RouteContext,
): { route: Route; tool: Tool | null } {
  const spec = doc.spec;
  const { op } = a;
  const id = routeId(doc.metadata.name, op);
  const mapping = inputMapping(op);
  const expose = exposure(spec, a);
  const toolName = expose.mcp ? (ctx.toolNames.get(id) ?? null) : null;
  const basePath = spec.basePath.replace(/\/+$/, '');
  const headers: Record<string, string> = {};
  for (const name of Object.keys(spec.upstream.headers ?? {}).sort()) {
    headers[name] = interpolateVars(spec.upstream.headers![name]!, ctx.vars).value;
  }
  const timeout = a.spec?.timeout ?? spec.upstream.timeout;
  const route: Route = {
    id,
    api: doc.metadata.name,
    operationId: op.operationId,
    method: op.method,
    path: `${basePath}${op.path.startsWith('/') ? '' : '/'}${op.path}`,
    upstream: {
      url: interpolateVars(spec.upstream.url, ctx.vars).value.replace(/\/+$/, ''),
      path: op.path.startsWith('/') ? op.path : `/${op.path}`,
      timeoutMs: timeout ? parseDuration(timeout) : DEFAULT_TIMEOUT_MS,
      headers,
    },
    params: mapping.params,
    body: mapping.body,
    policies: a.spec?.policies ?? spec.policies ?? ctx.defaultPolicies,
    expose,
    tool: toolName,
    validate: { input: mapping.inputSchema },
    response: { status: op.response.status, contentType: op.response.contentType },
  };
  if (!toolName) return { route, tool: null };

  const mcp = a.spec?.mcp;
  const x = op.xMcp;
  const title = mcp?.title ?? x?.title ?? op.summary;
  const tool: Tool = {
    name: toolName,
    ...(title ? { title } : {}),
    description: mcp?.description ?? x?.description ?? op.description ?? op.summary ?? `${op.method} ${route.path}`,
    inputSchema: mapping.inputSchema,
    ...(op.response.schema ? { outputSchema: op.response.schema } : {}),
    annotations: { ...defaultAnnotations(op.method), ...(x?.annotations ?? {}), ...(mcp?.annotations ?? {}) },
    route: id,
  };
  return { route, tool };
}
