/**
 * Tool arguments ↔ HTTP request, following a route's parameter and body
 * mapping. Compiler and runtime both use this module, so the request the
 * runtime sends is by construction the one the compiler described.
 *
 * Serialization (OpenAPI style/explode, defaults: path simple, query
 * form+explode, header simple):
 * - scalars: strings verbatim, numbers and booleans as JSON text;
 * - arrays: exploded query arrays repeat the key; otherwise items are joined
 *   with `,` (`%20` for spaceDelimited, `|` for pipeDelimited) — an item that
 *   contains the delimiter cannot be told apart, as in OpenAPI itself;
 * - objects: `deepObject` as `key[prop]=value`; any other object value (and
 *   any nested array/object) travels as JSON text;
 * - bodies: JSON text, except a string for a non-JSON content type, sent as is.
 * Every byte outside RFC 3986 "unreserved" is percent-encoded in paths and
 * query strings, so no value can add a path segment, a query key or a fragment.
 */
import type { ParamMapping, Route } from './types.js';

export type RequestMappingCode =
  | 'missing_param'
  | 'invalid_path_param'
  | 'invalid_query_param'
  | 'invalid_header_param'
  | 'missing_body'
  | 'invalid_body';

/** A request that cannot be built or read; `arg` names the argument, never its value. */
export class RequestMappingError extends Error {
  readonly code: RequestMappingCode;
  readonly arg: string | null;
  constructor(code: RequestMappingCode, arg: string | null, message: string) {
    super(message);
    this.name = 'RequestMappingError';
    this.code = code;
    this.arg = arg;
  }
}

export interface UpstreamRequest {
  method: string;
  /** `upstream.path` with path params substituted, plus `?query`; starts with `/`. */
  path: string;
  /** Only header params, names lower-cased; the runtime adds static and secret headers. */
  headers: Record<string, string>;
  /** JSON text. */
  body: string | null;
  contentType: string | null;
}

export interface RestRequestParts {
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Longest path parameter value accepted (characters, before encoding). */
export const MAX_PATH_PARAM_LENGTH = 1024;
/** Longest header parameter value accepted. */
export const MAX_HEADER_PARAM_LENGTH = 8192;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we refuse
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const BEYOND_LATIN1 = /[\u0100-\uffff]/;
const TEMPLATE_VAR = /\{([^{}]+)\}/g;

/**
 * Header names that can never be parameters (lower case): credentials the
 * gateway consumes (forwarding them would hand the caller's gateway key to
 * the upstream), framing and hop-by-hop headers the HTTP client owns, and the
 * accept/content-type pair the gateway sets itself.
 */
export const RESERVED_HEADER_NAMES: ReadonlySet<string> = new Set([
  'authorization',
  'x-api-key',
  'cookie',
  'proxy-authorization',
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
  'proxy-connection',
  'accept',
  'content-type',
]);

export function isReservedHeader(name: string): boolean {
  return RESERVED_HEADER_NAMES.has(name.toLowerCase());
}

/** Keys that would reach a prototype when assigned with `obj[key] = v`. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Sets an own data property, so `__proto__` (from JSON) stays data instead of replacing the prototype. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (PROTOTYPE_KEYS.has(key)) {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** An argument only when it is the object's own property (never inherited, e.g. `constructor`). */
function ownArg(args: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(args, key) ? args[key] : undefined;
}

/** Percent-encodes every UTF-8 byte outside RFC 3986 unreserved (`A-Z a-z 0-9 - . _ ~`). */
export function encodeStrict(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON text of an argument; a value nested too deeply to encode is refused, never a crash. */
function jsonText(v: unknown, code: RequestMappingCode, arg: string | null): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    throw new RequestMappingError(code, arg, `${arg === null ? 'request body' : `argument "${arg}"`} cannot be encoded as JSON`);
  }
}

const CODE_BY_IN = { path: 'invalid_path_param', query: 'invalid_query_param', header: 'invalid_header_param' } as const;

/** Scalar → wire text; nested arrays/objects as JSON text. */
function scalarText(v: unknown, p: ParamMapping): string {
  if (typeof v === 'string') return v;
  return jsonText(v, CODE_BY_IN[p.in], p.arg);
}

function delimiterOf(p: ParamMapping): string {
  if (p.style === 'spaceDelimited') return ' ';
  if (p.style === 'pipeDelimited') return '|';
  return ',';
}

function pathValue(p: ParamMapping, value: unknown): string {
  let raw: string;
  if (Array.isArray(value)) raw = value.map((v) => scalarText(v, p)).join(',');
  else if (isPlainObject(value)) raw = jsonText(value, 'invalid_path_param', p.arg);
  else raw = scalarText(value, p);
  if (raw === '.' || raw === '..' || raw === '') {
    throw new RequestMappingError('invalid_path_param', p.arg, `path parameter "${p.arg}" must not be empty, "." or ".."`);
  }
  if (CONTROL_CHARS.test(raw)) {
    throw new RequestMappingError('invalid_path_param', p.arg, `path parameter "${p.arg}" contains control characters`);
  }
  if (raw.length > MAX_PATH_PARAM_LENGTH) {
    throw new RequestMappingError(
      'invalid_path_param',
      p.arg,
      `path parameter "${p.arg}" is longer than ${MAX_PATH_PARAM_LENGTH} characters`,
    );
  }
  const encoded = encodeArg(p, 'invalid_path_param', raw);
  if (p.style === 'label') return `.${encoded}`;
  if (p.style === 'matrix') return `;${encodeStrict(p.name)}=${encoded}`;
  return encoded;
}

/** Encodes an argument's text; a lone UTF-16 surrogate (possible in JSON input) has no UTF-8 form. */
function encodeArg(p: ParamMapping, code: RequestMappingCode, text: string): string {
  try {
    return encodeStrict(text);
  } catch {
    throw new RequestMappingError(code, p.arg, `${p.in} parameter "${p.arg}" is not well-formed Unicode`);
  }
}

function queryPairs(p: ParamMapping, value: unknown): Array<[string, string]> {
  if (p.style === 'deepObject') {
    if (!isPlainObject(value)) {
      throw new RequestMappingError('invalid_query_param', p.arg, `query parameter "${p.arg}" must be an object`);
    }
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [`${p.name}[${k}]`, scalarText(v, p)]);
  }
  if (Array.isArray(value)) {
    const explode = p.explode ?? (p.style === undefined || p.style === 'form');
    if (explode) return value.map((v) => [p.name, scalarText(v, p)]);
    return [[p.name, value.map((v) => scalarText(v, p)).join(delimiterOf(p))]];
  }
  return [[p.name, scalarText(value, p)]];
}

function headerValue(p: ParamMapping, value: unknown): string {
  const text = Array.isArray(value) ? value.map((v) => scalarText(v, p)).join(',') : scalarText(value, p);
  // Tab is the only control character a header value may hold; above U+00FF there is no byte form.
  if (CONTROL_CHARS.test(text.replace(/\t/g, '')) || BEYOND_LATIN1.test(text)) {
    throw new RequestMappingError(
      'invalid_header_param',
      p.arg,
      `header parameter "${p.arg}" contains control characters or characters outside Latin-1`,
    );
  }
  if (text.length > MAX_HEADER_PARAM_LENGTH) {
    throw new RequestMappingError(
      'invalid_header_param',
      p.arg,
      `header parameter "${p.arg}" is longer than ${MAX_HEADER_PARAM_LENGTH} characters`,
    );
  }
  return text;
}

/** `application/json` and `application/*+json` (with parameters). */
export function isJsonMediaType(contentType: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json(?:\s*;.*)?$/i.test(contentType);
}

/** Builds the upstream HTTP request for a tool call (or a REST call mapped to arguments). */
export function buildUpstreamRequest(route: Route, args: Record<string, unknown>): UpstreamRequest {
  const byName = new Map<string, ParamMapping>();
  for (const p of route.params) if (p.in === 'path') byName.set(p.name, p);

  const path = route.upstream.path.replace(TEMPLATE_VAR, (_m, name: string) => {
    const p = byName.get(name);
    if (!p) throw new RequestMappingError('missing_param', name, `route has no mapping for path variable "${name}"`);
    const value = ownArg(args, p.arg);
    if (value === undefined || value === null) {
      throw new RequestMappingError('missing_param', p.arg, `missing required path parameter "${p.arg}"`);
    }
    return pathValue(p, value);
  });

  const query: string[] = [];
  const headers: Record<string, string> = {};
  for (const p of route.params) {
    if (p.in === 'path') continue;
    // A bundle that still names a reserved header (older compiler, hand-edited) never sends it.
    if (p.in === 'header' && isReservedHeader(p.name)) continue;
    const value = ownArg(args, p.arg);
    if (value === undefined || value === null) {
      if (p.required) throw new RequestMappingError('missing_param', p.arg, `missing required ${p.in} parameter "${p.arg}"`);
      continue;
    }
    if (p.in === 'query') {
      for (const [k, v] of queryPairs(p, value)) {
        query.push(`${encodeArg(p, 'invalid_query_param', k)}=${encodeArg(p, 'invalid_query_param', v)}`);
      }
    } else {
      headers[p.name.toLowerCase()] = headerValue(p, value);
    }
  }

  let body: string | null = null;
  let contentType: string | null = null;
  if (route.body) {
    let payload: unknown;
    if (route.body.mode === 'wrapped') {
      payload = ownArg(args, route.body.arg);
    } else {
      const mapped = new Set(route.params.map((p) => p.arg));
      const merged: Record<string, unknown> = {};
      let any = false;
      for (const [k, v] of Object.entries(args)) {
        if (mapped.has(k) || v === undefined) continue;
        setOwn(merged, k, v);
        any = true;
      }
      payload = any || route.body.required ? merged : undefined;
    }
    if (payload === undefined) {
      if (route.body.required) {
        const arg = route.body.mode === 'wrapped' ? route.body.arg : null;
        throw new RequestMappingError('missing_body', arg, 'missing required request body');
      }
    } else {
      // A non-JSON body (text, form, binary as text) is the string argument itself.
      const arg = route.body.mode === 'wrapped' ? route.body.arg : null;
      body = typeof payload === 'string' && !isJsonMediaType(route.body.contentType) ? payload : jsonText(payload, 'invalid_body', arg);
      contentType = route.body.contentType;
    }
  }

  const fullPath = path.startsWith('/') ? path : `/${path}`;
  return {
    method: route.method,
    path: query.length > 0 ? `${fullPath}?${query.join('&')}` : fullPath,
    headers,
    body,
    contentType,
  };
}

const INTEGER = /^-?(0|[1-9]\d*)$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** Coerces a REST string to the mapped scalar type; leaves it as is when it does not parse (validation then names the field). */
function coerceScalar(text: string, type: ParamMapping['type'] | ParamMapping['itemType']): unknown {
  switch (type) {
    case 'integer':
      return INTEGER.test(text) ? Number(text) : text;
    case 'number':
      return NUMBER.test(text) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      return text;
  }
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function coerce(p: ParamMapping, values: string[]): unknown {
  if (p.type === 'array') {
    const items =
      values.length === 1 && !(p.in === 'query' && (p.explode ?? (p.style === undefined || p.style === 'form')))
        ? values[0] === ''
          ? []
          : values[0]!.split(delimiterOf(p))
        : values;
    return items.map((v) => coerceScalar(v, p.itemType));
  }
  const first = values[0] ?? '';
  if (p.type === 'object') return parseJsonOr(first);
  return coerceScalar(first, p.type);
}

function stripPathStyle(p: ParamMapping, raw: string): string {
  if (p.style === 'label' && raw.startsWith('.')) return raw.slice(1);
  const prefix = `;${p.name}=`;
  if (p.style === 'matrix' && raw.startsWith(prefix)) return raw.slice(prefix.length);
  return raw;
}

function asList(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [v];
}

/** Maps a REST request (already routed and decoded) to tool arguments. */
export function restToArgs(route: Route, req: RestRequestParts): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const mapped = new Set<string>();
  for (const p of route.params) {
    mapped.add(p.arg);
    if (p.in === 'path') {
      const raw = req.params[p.name];
      if (raw !== undefined) setOwn(args, p.arg, coerce(p, [stripPathStyle(p, raw)]));
    } else if (p.in === 'query') {
      if (p.style === 'deepObject') {
        const prefix = `${p.name}[`;
        const obj: Record<string, unknown> = {};
        let found = false;
        for (const [k, v] of Object.entries(req.query)) {
          if (!k.startsWith(prefix) || !k.endsWith(']') || v === undefined) continue;
          setOwn(obj, k.slice(prefix.length, -1), Array.isArray(v) ? v[0] : v);
          found = true;
        }
        if (found) setOwn(args, p.arg, obj);
      } else {
        const values = asList(req.query[p.name]);
        if (values !== undefined && values.length > 0) setOwn(args, p.arg, coerce(p, values));
      }
    } else if (!isReservedHeader(p.name)) {
      // Reserved headers (the caller's gateway credentials among them) never become arguments.
      const v = req.headers[p.name.toLowerCase()];
      if (v !== undefined) setOwn(args, p.arg, coerce(p, [Array.isArray(v) ? v.join(',') : v]));
    }
  }

  const body = route.body;
  if (body && req.body !== undefined) {
    if (body.mode === 'wrapped') {
      setOwn(args, body.arg, req.body);
    } else if (req.body !== null) {
      if (!isPlainObject(req.body)) {
        throw new RequestMappingError('invalid_body', null, 'request body must be a JSON object');
      }
      // Parameters come only from the path, query and headers: a body key naming one is ignored.
      for (const [k, v] of Object.entries(req.body)) if (!mapped.has(k)) setOwn(args, k, v);
    }
  }
  return args;
}
