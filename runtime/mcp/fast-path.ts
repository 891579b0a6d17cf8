/**
 * The hot path for stateless `tools/list` and `tools/call` (SPEC 8: an SDK
 * server per request caps MCP near 0.2x of REST). It builds nothing per
 * call: the SDK's own classifier runs the validation ladder on the
 * already-parsed body, the bundle's surface holds precomputed answers, and
 * results are encoded the way the SDK's codec of the request's era encodes
 * them.
 *
 * 2026-07-28 requests get the SDK's JSON answer: byte-for-byte for
 * successful calls and lists, member order aside for tool errors. 2025-era
 * requests get the SDK's message as a JSON response instead of a one-event
 * SSE stream (both are valid Streamable HTTP answers), which also lets
 * credential and limit faults keep their HTTP status (401/403/429) for
 * 2025-era clients, whose OAuth discovery starts from that 401.
 *
 * It only takes requests it can answer exactly like the SDK: anything off
 * the plain happy shape (another method or revision, a missing or encoded
 * header, a cursor, task or extra `_meta` keys, an unknown tool, a ladder
 * rejection) returns null and is served by the SDK handler, which stays the
 * reference. A differential test holds the two paths equal.
 */
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY, SERVER_INFO_META_KEY, classifyInboundRequest } from '@modelcontextprotocol/server';
import type { ActiveBundle, Pipeline } from './ports.js';
import type { McpFault, ToolResult } from './results.js';
import { type RequestContext, callTool, listTools } from './operations.js';
import type { ServerIdentity } from './sdk-server.js';
import { type ListToolsResult, surfaceOf } from './surface.js';

const MODERN_REVISION = '2026-07-28';
/** 2025-era revisions the fast path serves (the SDK serves these and older ones too). */
const LEGACY_REVISIONS = new Set(['2025-11-25', '2025-06-18', '2025-03-26']);

type RequestId = string | number;

export type FastRequest = { id: RequestId; era: 'modern' | 'legacy' } & (
  | { method: 'tools/list' }
  | { method: 'tools/call'; name: string; args: Record<string, unknown> }
);

export interface StandardHeaders {
  accept: string | undefined;
  protocolVersion: string | undefined;
  method: string | undefined;
  name: string | undefined;
}

/** An answer ready for the wire. */
export interface FastResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const ENVELOPE_KEYS = new Set([PROTOCOL_VERSION_META_KEY, CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) return false;
  return true;
}

function plainEnvelope(params: Record<string, unknown>): boolean {
  const meta = params._meta;
  if (!isPlainObject(meta)) return false;
  for (const key of Object.keys(meta)) if (!ENVELOPE_KEYS.has(key)) return false;
  return true;
}

/** RFC 9110 optional whitespace, as the SDK strips it before comparing headers. */
function trimOws(value: string | undefined): string | undefined {
  return value?.replace(/^[\t ]+|[\t ]+$/g, '');
}

/**
 * The request when the fast path answers it exactly as the SDK would, else
 * null. `body` is the parsed JSON of a POST with a JSON content type.
 */
export function fastRequestOf(body: unknown, headers: StandardHeaders, tools: ReadonlyMap<string, unknown>): FastRequest | null {
  if (!isPlainObject(body)) return null;
  const method = body.method;
  if (method !== 'tools/call' && method !== 'tools/list') return null;
  const protocolVersion = trimOws(headers.protocolVersion);
  if (protocolVersion === MODERN_REVISION) return modernRequestOf(body, method, protocolVersion, headers, tools);
  if (protocolVersion !== undefined && LEGACY_REVISIONS.has(headers.protocolVersion ?? '')) return legacyRequestOf(body, headers, tools);
  return null;
}

function modernRequestOf(
  body: Record<string, unknown>,
  method: 'tools/call' | 'tools/list',
  protocolVersion: string,
  headers: StandardHeaders,
  tools: ReadonlyMap<string, unknown>,
): FastRequest | null {
  if (trimOws(headers.method) !== method) return null;
  // The exact JSON-RPC request shape the SDK's guard accepts, narrowed to the plain case.
  if (!onlyKeys(body, ['jsonrpc', 'id', 'method', 'params']) || body.jsonrpc !== '2.0') return null;
  const { id, params } = body;
  if (typeof id !== 'string' && !Number.isSafeInteger(id)) return null;
  if (!isPlainObject(params) || !plainEnvelope(params)) return null;
  if (!envelopeAccepted(method, protocolVersion, params._meta as Record<string, unknown>)) return null;
  if (method === 'tools/list') {
    return onlyKeys(params, ['_meta']) ? { id: id as RequestId, era: 'modern', method } : null;
  }
  if (!onlyKeys(params, ['_meta', 'name', 'arguments'])) return null;
  const name = params.name;
  if (typeof name !== 'string' || !tools.has(name)) return null;
  // An encoded (`=?base64?…?=`) or absent Mcp-Name is the SDK's to judge.
  if (trimOws(headers.name) !== name || name.startsWith('=?')) return null;
  const args = params.arguments;
  if (args !== undefined && !isPlainObject(args)) return null;
  return { id: id as RequestId, era: 'modern', method, name, args: args ?? {} };
}

/**
 * Whether the SDK's classifier takes a request with this `_meta` envelope as
 * a modern request of our revision. Clients repeat the same envelope on every
 * request, so each distinct one is judged once by the SDK itself (the zod
 * validation is a measurable share of a fast call) and remembered.
 */
const envelopeVerdicts = new Map<string, boolean>();
const MAX_ENVELOPE_VERDICTS = 1024;

/** Equal JSON values (member order aside), compared no deeper than `depth` levels (deeper: judged unequal). */
function sameJson(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth === 0) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i], depth - 1)) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (!Object.hasOwn(y, key) || !sameJson(x[key], y[key], depth - 1)) return false;
    count++;
  }
  for (const _ in y) count--;
  return count === 0;
}

/** The last envelope judged per method: a client repeats the same one, so most calls end here without a key. */
const lastEnvelope = new Map<string, { meta: Record<string, unknown>; verdict: boolean }>();

function envelopeAccepted(method: string, protocolVersion: string, meta: Record<string, unknown>): boolean {
  const last = lastEnvelope.get(method);
  if (last !== undefined && sameJson(meta, last.meta, 8)) return last.verdict;
  const verdict = envelopeVerdict(method, protocolVersion, meta);
  lastEnvelope.set(method, { meta, verdict });
  return verdict;
}

function envelopeVerdict(method: string, protocolVersion: string, meta: Record<string, unknown>): boolean {
  const key = `${method}\n${JSON.stringify(meta)}`;
  let verdict = envelopeVerdicts.get(key);
  if (verdict === undefined) {
    const outcome = classifyInboundRequest({
      httpMethod: 'POST',
      protocolVersionHeader: protocolVersion,
      mcpMethodHeader: method,
      body: { jsonrpc: '2.0', id: 0, method, params: { _meta: meta } },
    });
    verdict = outcome.kind === 'modern' && outcome.messageKind === 'request' && outcome.classification.revision === MODERN_REVISION;
    if (envelopeVerdicts.size >= MAX_ENVELOPE_VERDICTS) envelopeVerdicts.clear();
    envelopeVerdicts.set(key, verdict);
  }
  return verdict;
}

/**
 * A plain stateless 2025-era request: a JSON-RPC request without `_meta`
 * (so no envelope claim: the SDK classifies it legacy), a supported version
 * header, and an Accept the SDK's transport would take.
 */
function legacyRequestOf(body: Record<string, unknown>, headers: StandardHeaders, tools: ReadonlyMap<string, unknown>): FastRequest | null {
  const accept = headers.accept ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream')) return null;
  if (!onlyKeys(body, ['jsonrpc', 'id', 'method', 'params']) || body.jsonrpc !== '2.0') return null;
  const { id, method } = body;
  if (typeof id !== 'string' && !Number.isSafeInteger(id)) return null;
  const params = body.params ?? {};
  if (!isPlainObject(params)) return null;
  if (method === 'tools/list') return Object.keys(params).length === 0 ? { id: id as RequestId, era: 'legacy', method } : null;
  if (method !== 'tools/call' || !onlyKeys(params, ['name', 'arguments'])) return null;
  const name = params.name;
  if (typeof name !== 'string' || !tools.has(name)) return null;
  const args = params.arguments;
  if (args !== undefined && !isPlainObject(args)) return null;
  return { id: id as RequestId, era: 'legacy', method, name, args: args ?? {} };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The SDK's 2026 codec: `resultType`, then server identity in `_meta` (cache fields are already set). */
function encodeResult(result: ToolResult, serverInfo: ServerIdentity): Record<string, unknown> {
  const stamped: Record<string, unknown> = result.resultType === undefined ? { ...result, resultType: 'complete' } : { ...result };
  const meta = stamped._meta;
  if (meta === undefined) stamped._meta = { [SERVER_INFO_META_KEY]: serverInfo };
  else if (isPlainObject(meta) && meta[SERVER_INFO_META_KEY] === undefined) {
    stamped._meta = { ...meta, [SERVER_INFO_META_KEY]: serverInfo };
  }
  return stamped;
}

/** Without allocating the key array `Object.keys` would. */
function isEmpty(obj: Record<string, string>): boolean {
  for (const _ in obj) return false;
  return true;
}

function resultResponse(id: RequestId, encodedResult: string, gatewayHeaders?: Record<string, string>): FastResponse {
  const headers = gatewayHeaders === undefined || isEmpty(gatewayHeaders) ? JSON_HEADERS : { ...gatewayHeaders, ...JSON_HEADERS };
  const encodedId = typeof id === 'number' ? String(id) : JSON.stringify(id);
  // The SDK's member order for results: `result`, `jsonrpc`, `id`.
  return { status: 200, headers, body: `{"result":${encodedResult},"jsonrpc":"2.0","id":${encodedId}}` };
}

function faultResponse(id: RequestId, fault: McpFault): FastResponse {
  const body = JSON.stringify({ jsonrpc: '2.0', id, error: { code: fault.code, message: fault.message, data: fault.data } });
  return { status: fault.status, headers: { ...fault.headers, ...JSON_HEADERS }, body };
}

/** A long-lived dispatcher: one per endpoint, answers fast requests on whatever bundle each request pinned. */
export class FastDispatcher {
  /** Encoded `tools/list` results, keyed by the surface's cached (per caller class) result object. */
  private readonly encodedLists = new WeakMap<ListToolsResult, string>();
  private readonly plainLists = new WeakMap<ListToolsResult, string>();
  /**
   * What the 2026 codec appends to a result that has neither `resultType` nor
   * `_meta` (every successful call): encoding the handler's result and
   * splicing this in is byte-identical to encoding the stamped copy, without
   * building that copy per call.
   */
  private readonly modernTail: string;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly serverInfo: ServerIdentity,
  ) {
    this.modernTail = `,"resultType":"complete","_meta":${JSON.stringify({ [SERVER_INFO_META_KEY]: serverInfo })}}`;
  }

  /** The tools a request on this bundle may name. */
  toolsOf(active: ActiveBundle): ReadonlyMap<string, unknown> {
    return surfaceOf(active).tools;
  }

  answer(request: FastRequest, ctx: RequestContext): FastResponse | Promise<FastResponse> {
    if (request.method === 'tools/list') {
      const answer = listTools(this.pipeline, ctx);
      if (answer.kind === 'fault') return faultResponse(request.id, answer.fault);
      // The 2025-era codec is the identity: results go out as the handler made them.
      const cache = request.era === 'modern' ? this.encodedLists : this.plainLists;
      let encoded = cache.get(answer.result);
      if (encoded === undefined) {
        encoded = JSON.stringify(request.era === 'modern' ? encodeResult(answer.result, this.serverInfo) : answer.result);
        cache.set(answer.result, encoded);
      }
      return resultResponse(request.id, encoded);
    }
    return this.call(request, ctx);
  }

  private async call(request: FastRequest & { method: 'tools/call' }, ctx: RequestContext): Promise<FastResponse> {
    const answer = await callTool(this.pipeline, ctx, request.name, request.args);
    if (answer.kind === 'fault') return faultResponse(request.id, answer.fault);
    return resultResponse(request.id, this.encode(answer.result, request.era), answer.headers);
  }

  private encode(result: ToolResult, era: FastRequest['era']): string {
    if (era === 'legacy') return JSON.stringify(result);
    if (result.resultType === undefined && result._meta === undefined) {
      const plain = JSON.stringify(result);
      // `{}` has no member to follow; it never occurs, but then the general codec answers.
      if (plain.length > 2) return plain.slice(0, -1) + this.modernTail;
    }
    return JSON.stringify(encodeResult(result, this.serverInfo));
  }
}
