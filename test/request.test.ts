import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import fc from 'fast-check';
import findMyWay from 'find-my-way';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildUpstreamRequest,
  isReservedHeader,
  MAX_PATH_PARAM_LENGTH,
  RESERVED_HEADER_NAMES,
  RequestMappingError,
  type RestRequestParts,
  restToArgs,
} from '../bundle/request.js';
import type { BodyMapping, ParamMapping, Route } from '../bundle/types.js';

function route(params: ParamMapping[], body: BodyMapping | null = null, path = '/items/{id}'): Route {
  return {
    id: 'api.op',
    api: 'api',
    operationId: 'op',
    method: 'POST',
    path: `/gw${path}`,
    upstream: { url: 'http://127.0.0.1:1/base/v1', path, timeoutMs: 1000, headers: {} },
    params,
    body,
    policies: [],
    expose: { rest: true, mcp: true },
    tool: 'op',
    validate: { input: { type: 'object' } },
    response: { status: 200, contentType: 'application/json' },
  };
}

const idParam: ParamMapping = { name: 'id', in: 'path', arg: 'id', required: true, type: 'string' };

function mappingError(fn: () => unknown): RequestMappingError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RequestMappingError) return e;
    throw e;
  }
  throw new Error('expected a RequestMappingError');
}

describe('buildUpstreamRequest', () => {
  it('substitutes and strictly encodes path params', () => {
    const r = buildUpstreamRequest(route([idParam]), { id: "a/b?c#d%e f!'()*ü" });
    expect(r.path).toBe('/items/a%2Fb%3Fc%23d%25e%20f%21%27%28%29%2A%C3%BC');
    expect(r.body).toBeNull();
    expect(r.contentType).toBeNull();
  });

  it.each([
    ['.', 'invalid_path_param'],
    ['..', 'invalid_path_param'],
    ['', 'invalid_path_param'],
    ['a\u0000b', 'invalid_path_param'],
    ['a\nb', 'invalid_path_param'],
    ['a\u007fb', 'invalid_path_param'],
    ['x'.repeat(MAX_PATH_PARAM_LENGTH + 1), 'invalid_path_param'],
    ['\ud800', 'invalid_path_param'],
  ])('refuses path value %j with %s and never echoes it', (value, code) => {
    const err = mappingError(() => buildUpstreamRequest(route([idParam]), { id: value }));
    expect(err.code).toBe(code);
    expect(err.arg).toBe('id');
    if (value.length > 10) expect(err.message).not.toContain(value);
  });

  it('refuses a missing required path param', () => {
    const err = mappingError(() => buildUpstreamRequest(route([idParam]), {}));
    expect(err.code).toBe('missing_param');
    expect(err.arg).toBe('id');
  });

  it('refuses a path variable without mapping', () => {
    expect(mappingError(() => buildUpstreamRequest(route([]), { id: 'x' })).code).toBe('missing_param');
  });

  it('serializes query styles in params order', () => {
    const params: ParamMapping[] = [
      idParam,
      { name: 'tags', in: 'query', arg: 'tags', required: false, type: 'array', itemType: 'string' },
      { name: 'ids', in: 'query', arg: 'ids', required: false, type: 'array', itemType: 'integer', explode: false },
      { name: 'sp', in: 'query', arg: 'sp', required: false, type: 'array', style: 'spaceDelimited', explode: false },
      { name: 'pp', in: 'query', arg: 'pp', required: false, type: 'array', style: 'pipeDelimited', explode: false },
      { name: 'filter', in: 'query', arg: 'filter', required: false, type: 'object', style: 'deepObject' },
      { name: 'flag', in: 'query', arg: 'flag', required: false, type: 'boolean' },
      { name: 'n', in: 'query', arg: 'n', required: false, type: 'number' },
      { name: 'absent', in: 'query', arg: 'absent', required: false, type: 'string' },
    ];
    const r = buildUpstreamRequest(route(params), {
      id: '7',
      tags: ['a b', 'c&d'],
      ids: [1, 2],
      sp: ['x', 'y'],
      pp: ['x', 'y'],
      filter: { color: 'red', size: 'L' },
      flag: false,
      n: 1.5,
    });
    expect(r.path).toBe(
      '/items/7?tags=a%20b&tags=c%26d&ids=1%2C2&sp=x%20y&pp=x%7Cy&filter%5Bcolor%5D=red&filter%5Bsize%5D=L&flag=false&n=1.5',
    );
  });

  it('serializes label and matrix path styles', () => {
    const label = buildUpstreamRequest(route([{ ...idParam, style: 'label' }]), { id: 'a.b' });
    expect(label.path).toBe('/items/.a.b');
    const matrix = buildUpstreamRequest(route([{ ...idParam, style: 'matrix' }]), { id: 'x;y' });
    expect(matrix.path).toBe('/items/;id=x%3By');
    for (const [p, path] of [
      [{ ...idParam, style: 'label' as const }, '.a.b'],
      [{ ...idParam, style: 'matrix' as const }, ';id=x;y'],
    ] as const) {
      expect(restToArgs(route([p]), { params: { id: path }, query: {}, headers: {}, body: undefined })).toEqual({
        id: path === '.a.b' ? 'a.b' : 'x;y',
      });
    }
  });

  it('refuses missing required query and header params', () => {
    const q: ParamMapping = { name: 'q', in: 'query', arg: 'q', required: true };
    expect(mappingError(() => buildUpstreamRequest(route([idParam, q]), { id: '1' })).code).toBe('missing_param');
    const h: ParamMapping = { name: 'X-Trace', in: 'header', arg: 'trace', required: true };
    const err = mappingError(() => buildUpstreamRequest(route([idParam, h]), { id: '1' }));
    expect(err).toMatchObject({ code: 'missing_param', arg: 'trace' });
  });

  it('refuses a deepObject query value that is not an object', () => {
    const p: ParamMapping = { name: 'f', in: 'query', arg: 'f', required: false, style: 'deepObject' };
    expect(mappingError(() => buildUpstreamRequest(route([idParam, p]), { id: '1', f: 'x' })).code).toBe(
      'invalid_query_param',
    );
  });

  it('refuses a lone surrogate in a query value', () => {
    const p: ParamMapping = { name: 'q', in: 'query', arg: 'q', required: false };
    expect(mappingError(() => buildUpstreamRequest(route([idParam, p]), { id: '1', q: 'a\udc00' })).code).toBe(
      'invalid_query_param',
    );
  });

  it.each(['a\r\nX-Evil: 1', 'a\nb', 'a\u0000', 'snow ☃', 'x'.repeat(9000)])(
    'refuses header value %#',
    (value) => {
      const h: ParamMapping = { name: 'X-Trace', in: 'header', arg: 'trace', required: false };
      const err = mappingError(() => buildUpstreamRequest(route([idParam, h]), { id: '1', trace: value }));
      expect(err).toMatchObject({ code: 'invalid_header_param', arg: 'trace' });
    },
  );

  it('lower-cases header names and stringifies values', () => {
    const h: ParamMapping = { name: 'X-Count', in: 'header', arg: 'count', required: false, type: 'integer' };
    const r = buildUpstreamRequest(route([idParam, h]), { id: '1', count: 3 });
    expect(r.headers).toEqual({ 'x-count': '3' });
  });

  it('merges unmapped arguments into an object body', () => {
    const body: BodyMapping = { mode: 'merged', required: false, contentType: 'application/json' };
    const r = buildUpstreamRequest(route([idParam], body), { id: '1', name: 'n', qty: 2 });
    expect(JSON.parse(r.body!)).toEqual({ name: 'n', qty: 2 });
    expect(r.contentType).toBe('application/json');
    expect(buildUpstreamRequest(route([idParam], body), { id: '1' }).body).toBeNull();
    expect(buildUpstreamRequest(route([idParam], { ...body, required: true }), { id: '1' }).body).toBe('{}');
  });

  it('sends a wrapped body and refuses a missing required one', () => {
    const body: BodyMapping = { mode: 'wrapped', arg: 'body', required: true, contentType: 'application/json' };
    expect(buildUpstreamRequest(route([idParam], body), { id: '1', body: [1, 'x'] }).body).toBe('[1,"x"]');
    expect(mappingError(() => buildUpstreamRequest(route([idParam], body), { id: '1' }))).toMatchObject({
      code: 'missing_body',
      arg: 'body',
    });
  });
});

describe('restToArgs', () => {
  it('coerces by type and leaves unparsable values for validation to name', () => {
    const params: ParamMapping[] = [
      { name: 'id', in: 'path', arg: 'id', required: true, type: 'integer' },
      { name: 'n', in: 'query', arg: 'n', required: false, type: 'number' },
      { name: 'b', in: 'query', arg: 'b', required: false, type: 'boolean' },
      { name: 'bad', in: 'query', arg: 'bad', required: false, type: 'integer' },
      { name: 'list', in: 'query', arg: 'list', required: false, type: 'array', itemType: 'integer' },
      { name: 'X-Tags', in: 'header', arg: 'tags', required: false, type: 'array', itemType: 'string' },
    ];
    const args = restToArgs(route(params), {
      params: { id: '42' },
      query: { n: '-1.5e3', b: 'true', bad: '1.5', list: ['1', '2'], unknown: 'ignored' },
      headers: { 'x-tags': 'a,b' },
      body: undefined,
    });
    expect(args).toEqual({ id: 42, n: -1500, b: true, bad: '1.5', list: [1, 2], tags: ['a', 'b'] });
  });

  it('spreads a merged body, ignoring keys that name parameters', () => {
    const body: BodyMapping = { mode: 'merged', required: false, contentType: 'application/json' };
    const args = restToArgs(route([idParam], body), {
      params: { id: 'real' },
      query: {},
      headers: {},
      body: { id: 'smuggled', name: 'x' },
    });
    expect(args).toEqual({ id: 'real', name: 'x' });
  });

  it.each([[[1, 2]], ['text'], [3]])('refuses a merged body that is not an object: %j', (body) => {
    const mapping: BodyMapping = { mode: 'merged', required: false, contentType: 'application/json' };
    const parts: RestRequestParts = { params: { id: '1' }, query: {}, headers: {}, body };
    expect(mappingError(() => restToArgs(route([idParam], mapping), parts)).code).toBe('invalid_body');
  });

  it('puts a wrapped body under its argument', () => {
    const mapping: BodyMapping = { mode: 'wrapped', arg: 'payload', required: false, contentType: 'application/json' };
    const parts: RestRequestParts = { params: { id: '1' }, query: {}, headers: {}, body: [1] };
    expect(restToArgs(route([idParam], mapping), parts)).toEqual({ id: '1', payload: [1] });
  });
});

// ---------------------------------------------------------------------------
// Property tests against a real HTTP server: args → request → (server parses
// it: find-my-way routing, querystring, Node headers, JSON body) → args.

interface Captured {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let baseUrl: string;
let last: Captured | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      last = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      res.end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await once(server, 'close');
});

const BASE = '/base/v1';
type ScalarType = 'string' | 'integer' | 'number' | 'boolean';

interface GenParam {
  mapping: ParamMapping;
  value: unknown;
}

const wireName = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const scalarType = fc.constantFrom<ScalarType>('string', 'integer', 'number', 'boolean');

function scalarValue(type: ScalarType, text: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  switch (type) {
    case 'integer':
      return fc.maxSafeInteger();
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    default:
      return text;
  }
}

const anyText = fc.string({ unit: 'grapheme', maxLength: 20 });
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const pathText = anyText.filter((s) => s !== '' && s !== '.' && s !== '..' && !hasControl(s));
const headerText = fc.stringMatching(/^[!-~]([ -~]{0,15}[!-~])?$/);

function noDelimiter(text: fc.Arbitrary<string>, delimiter: string): fc.Arbitrary<string> {
  return text.filter((s) => s !== '' && !s.includes(delimiter));
}

const pathParam = fc
  .tuple(wireName, scalarType, fc.constantFrom<'simple' | 'label'>('simple', 'label'), fc.boolean())
  .chain(([name, type, style, asArray]) => {
    const mapping: ParamMapping = { name, in: 'path', arg: name, required: true, style };
    if (asArray) {
      const item = scalarValue(type, noDelimiter(pathText, ','));
      return fc.array(item, { minLength: 1, maxLength: 3 }).map(
        (value): GenParam => ({ mapping: { ...mapping, type: 'array', itemType: type }, value }),
      );
    }
    return scalarValue(type, pathText).map((value): GenParam => ({ mapping: { ...mapping, type }, value }));
  });

const queryParam = fc
  .tuple(
    wireName,
    scalarType,
    fc.constantFrom('scalar', 'explode', 'form', 'spaceDelimited', 'pipeDelimited', 'deepObject'),
    fc.boolean(),
  )
  .chain(([name, type, kind, required]) => {
    const base: ParamMapping = { name, in: 'query', arg: name, required };
    const optional = (a: fc.Arbitrary<GenParam>) =>
      required ? a : fc.option(a, { nil: undefined }).map((g) => g ?? { mapping: base, value: undefined });
    if (kind === 'scalar') {
      return optional(scalarValue(type, anyText).map((value) => ({ mapping: { ...base, type }, value })));
    }
    if (kind === 'deepObject') {
      const obj = fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), anyText, { minKeys: 1, maxKeys: 3 });
      return optional(obj.map((value) => ({ mapping: { ...base, type: 'object', style: 'deepObject' }, value })));
    }
    const explode = kind === 'explode';
    const style = kind === 'explode' || kind === 'form' ? undefined : (kind as 'spaceDelimited' | 'pipeDelimited');
    const delimiter = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
    const item = scalarValue(type, noDelimiter(anyText, delimiter));
    const mapping: ParamMapping = { ...base, type: 'array', itemType: type, explode, ...(style ? { style } : {}) };
    return optional(fc.array(item, { minLength: 1, maxLength: 4 }).map((value) => ({ mapping, value })));
  });

const headerParam = fc.tuple(wireName, scalarType, fc.boolean()).chain(([name, type, required]) =>
  scalarValue(type, headerText).map(
    (value): GenParam => ({ mapping: { name: `x-${name}`, in: 'header', arg: `h_${name}`, required, type }, value }),
  ),
);

const routeCase = fc
  .record({
    path: fc.uniqueArray(pathParam, { selector: (p) => p.mapping.name, maxLength: 3 }),
    query: fc.uniqueArray(queryParam, { selector: (p) => p.mapping.name, maxLength: 4 }),
    header: fc.uniqueArray(headerParam, { selector: (p) => p.mapping.name, maxLength: 2 }),
    body: fc.oneof(
      fc.constant(null),
      fc.record({ mode: fc.constant('wrapped' as const), value: fc.jsonValue({ maxDepth: 2 }) }),
      fc.record({
        mode: fc.constant('merged' as const),
        value: fc.dictionary(fc.stringMatching(/^b[a-z]{0,5}$/), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      }),
    ),
  })
  .map(({ path, query, header, body }) => {
    // Query args are renamed like the compiler does on a collision, so args and wire names differ.
    const queryArgs = query.map((q) => ({ ...q, mapping: { ...q.mapping, arg: `query_${q.mapping.name}` } }));
    const all = [...path, ...queryArgs, ...header];
    const template = `/items${path.map((p) => `/{${p.mapping.name}}/x`).join('')}`;
    const bodyMapping: BodyMapping | null =
      body === null
        ? null
        : body.mode === 'wrapped'
          ? { mode: 'wrapped', arg: 'body', required: true, contentType: 'application/json' }
          : { mode: 'merged', required: true, contentType: 'application/json' };
    const r = route(
      all.map((p) => p.mapping),
      bodyMapping,
      template,
    );
    r.upstream.url = `${baseUrl}${BASE}`;
    const args: Record<string, unknown> = {};
    for (const p of all) if (p.value !== undefined) args[p.mapping.arg] = p.value;
    if (body?.mode === 'wrapped') args['body'] = body.value;
    if (body?.mode === 'merged') Object.assign(args, body.value);
    return { route: r, args };
  });

async function roundTrip(r: Route, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const built = buildUpstreamRequest(r, args);
  const headers: Record<string, string> = { ...built.headers };
  if (built.contentType) headers['content-type'] = built.contentType;
  last = null;
  const res = await request(`${r.upstream.url}${built.path}`, {
    method: built.method as 'POST',
    headers,
    body: built.body ?? undefined,
  });
  await res.body.text();
  const got = last as Captured | null;
  if (!got) throw new Error('server saw no request');

  // The server side, as a gateway would parse it.
  const router = findMyWay();
  const template = `${BASE}${r.upstream.path}`.replace(/\{([^}]+)\}/g, ':$1');
  router.on('POST', template, () => {});
  const qIndex = got.url.indexOf('?');
  const found = router.find('POST', qIndex === -1 ? got.url : got.url.slice(0, qIndex));
  if (!found) throw new Error(`route did not match ${got.url}`);
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(found.params)) if (v !== undefined) params[k] = v;
  const query = qIndex === -1 ? {} : parseQuery(got.url.slice(qIndex + 1));
  return restToArgs(r, {
    params,
    query: { ...query },
    headers: got.headers,
    body: got.body === '' ? undefined : JSON.parse(got.body),
  });
}

describe('arguments → HTTP request → arguments (real server)', () => {
  it('round-trips generated routes and arguments', async () => {
    await fc.assert(
      fc.asyncProperty(routeCase, async ({ route: r, args }) => {
        const back = await roundTrip(r, args);
        expect(back).toEqual(JSON.parse(JSON.stringify(args)));
      }),
      { numRuns: 150 },
    );
  });

  it('no path value adds a segment or leaves the base path', () => {
    const params: ParamMapping[] = [
      { name: 'a', in: 'path', arg: 'a', required: true },
      { name: 'b', in: 'path', arg: 'b', required: true },
    ];
    const r = route(params, null, '/items/{a}/sub/{b}');
    const nasty = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('..', '.', '%2e%2e', '%2F', '../..', '/', '?x=1', '#f', '\\..\\', '%00', '..;', ';/..'),
      fc.array(fc.constantFrom('.', '/', '%', '2e', '2f', '?', '#', '\\', ';', '..'), { maxLength: 8 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(nasty, nasty, (a, b) => {
        let built: ReturnType<typeof buildUpstreamRequest>;
        try {
          built = buildUpstreamRequest(r, { a, b });
        } catch (e) {
          expect(e).toBeInstanceOf(RequestMappingError);
          return;
        }
        expect(built.path).toMatch(/^\/items\/[A-Za-z0-9\-._~%]+\/sub\/[A-Za-z0-9\-._~%]+$/);
        const url = new URL(`http://127.0.0.1:1/base/v1${built.path}`);
        expect(url.pathname.startsWith('/base/v1/items/')).toBe(true);
        expect(url.pathname.split('/')).toHaveLength(7);
        expect(url.search).toBe('');
        expect(url.hash).toBe('');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('non-JSON bodies', () => {
  it('sends a string body for a non-JSON content type verbatim, and JSON text otherwise', () => {
    const text: BodyMapping = { mode: 'wrapped', arg: 'body', required: true, contentType: 'text/plain' };
    expect(buildUpstreamRequest(route([idParam], text), { id: '1', body: 'a "b"' }).body).toBe('a "b"');
    const json: BodyMapping = { ...text, contentType: 'application/vnd.api+json; charset=utf-8' };
    expect(buildUpstreamRequest(route([idParam], json), { id: '1', body: 'a' }).body).toBe('"a"');
  });
});

describe('values nested too deeply to encode', () => {
  it('are refused with a mapping error, never a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const wrapped: BodyMapping = { mode: 'wrapped', arg: 'body', required: true, contentType: 'application/json' };
    expect(mappingError(() => buildUpstreamRequest(route([idParam], wrapped), { id: '1', body: deep }))).toMatchObject({
      code: 'invalid_body',
      arg: 'body',
    });
    const q: ParamMapping = { name: 'q', in: 'query', arg: 'q', required: false };
    expect(mappingError(() => buildUpstreamRequest(route([idParam, q]), { id: '1', q: [deep] }))).toMatchObject({ code: 'invalid_query_param', arg: 'q' });
  });
});

describe('reserved headers never travel as parameters', () => {
  const apiKey: ParamMapping = { name: 'X-API-Key', in: 'header', arg: 'key', required: true, type: 'string' };
  const trace: ParamMapping = { name: 'X-Trace', in: 'header', arg: 'trace', required: false, type: 'string' };

  it('the set holds the credentials and framing headers, matched case-insensitively', () => {
    for (const n of ['authorization', 'x-api-key', 'cookie', 'proxy-authorization', 'host', 'connection', 'keep-alive',
      'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length', 'proxy-connection', 'accept', 'content-type']) {
      expect(RESERVED_HEADER_NAMES.has(n), n).toBe(true);
    }
    expect(isReservedHeader('X-Api-KEY')).toBe(true);
    expect(isReservedHeader('X-Trace')).toBe(false);
  });

  it('a REST request with X-API-Key to a route declaring it: not an argument, not sent upstream', () => {
    const r = route([idParam, apiKey, trace], null);
    const args = restToArgs(r, {
      params: { id: '7' },
      query: {},
      headers: { 'x-api-key': 'gateway-secret', 'x-trace': 't1', cookie: 'sid=1' },
      body: undefined,
    });
    expect(args).toEqual({ id: '7', trace: 't1' });
    // Even when the argument is supplied (an MCP call, or a bundle built by an older compiler), it is not emitted.
    const up = buildUpstreamRequest(r, { ...args, key: 'gateway-secret' });
    expect(up.headers).toEqual({ 'x-trace': 't1' });
    expect(JSON.stringify(up)).not.toContain('gateway-secret');
  });

  it('no reserved name is ever emitted, whatever its case', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RESERVED_HEADER_NAMES), fc.boolean(), (name, upper) => {
        const p: ParamMapping = { name: upper ? name.toUpperCase() : name, in: 'header', arg: 'h', required: true, type: 'string' };
        const r = route([idParam, p]);
        expect(restToArgs(r, { params: { id: '1' }, query: {}, headers: { [name]: 'v' }, body: undefined })).toEqual({ id: '1' });
        expect(buildUpstreamRequest(r, { id: '1', h: 'v' }).headers).toEqual({});
      }),
      { numRuns: 60 },
    );
  });
});

describe('prototype keys in REST input stay plain data', () => {
  const limit: ParamMapping = { name: 'limit', in: 'query', arg: 'limit', required: false, type: 'integer' };
  const merged: BodyMapping = { mode: 'merged', required: false, contentType: 'application/json' };

  it('a merged body {"__proto__":{"limit":999}} does not set limit', () => {
    const r = route([idParam, limit], merged);
    const body: unknown = JSON.parse('{"__proto__":{"limit":999},"name":"x"}');
    const args = restToArgs(r, { params: { id: '1' }, query: {}, headers: {}, body });
    expect(args['limit']).toBeUndefined();
    expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    expect(Object.hasOwn(args, '__proto__')).toBe(true);
    const up = buildUpstreamRequest(r, args);
    expect(up.path).toBe('/items/1');
    // The key reaches the body as data (schema validation decides whether it is allowed), never as a prototype.
    expect(JSON.parse(up.body ?? 'null')).toEqual(JSON.parse('{"__proto__":{"limit":999},"name":"x"}'));
  });

  it('a deepObject query key __proto__ does not change the object prototype', () => {
    const filter: ParamMapping = { name: 'f', in: 'query', arg: 'f', required: false, type: 'object', style: 'deepObject' };
    const r = route([idParam, filter, limit]);
    const args = restToArgs(r, { params: { id: '1' }, query: { 'f[__proto__]': 'x', 'f[a]': 'b' }, headers: {}, body: undefined });
    const f = args['f'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(f)).toBe(Object.prototype);
    expect(Object.hasOwn(f, '__proto__')).toBe(true);
    expect(buildUpstreamRequest(r, args).path).toBe('/items/1?f%5B__proto__%5D=x&f%5Ba%5D=b');
  });

  it('an inherited name (constructor) is never read as an argument', () => {
    const ctor: ParamMapping = { name: 'constructor', in: 'query', arg: 'constructor', required: false, type: 'string' };
    expect(buildUpstreamRequest(route([idParam, ctor]), { id: '1' }).path).toBe('/items/1');
  });

  it('a wrapped body named __proto__ is an own argument', () => {
    const r = route([idParam], { mode: 'wrapped', arg: '__proto__', required: true, contentType: 'application/json' });
    const args = restToArgs(r, { params: { id: '1' }, query: {}, headers: {}, body: { limit: 5 } });
    expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    expect(buildUpstreamRequest(r, args).body).toBe('{"limit":5}');
  });
});
