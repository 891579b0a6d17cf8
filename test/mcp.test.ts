/**
 * /mcp end to end: real upstream and gateway on 127.0.0.1, the real runtime
 * (activation, pipeline, upstream client, REST handler), real SDK clients of
 * both eras, and raw HTTP for every ladder case.
 */
import { createHash } from 'node:crypto';
import { type Server as HttpServer, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeBundleId } from '../bundle/canonical.js';
import type { Bundle, Route, Tool } from '../bundle/types.js';
import { type ActiveBundle, activateBundle } from '../runtime/activate/active-bundle.js';
import { registerMcp } from '../runtime/mcp/index.js';
import { defaultPipeline } from '../runtime/pipeline/default.js';
import { type Pipeline, type Stage, createPipeline } from '../runtime/pipeline/pipeline.js';
import { authorizeStage } from '../runtime/pipeline/stages/authorize.js';
import { identifyCaller, identifyStage } from '../runtime/pipeline/stages/identify.js';
import { shapeStage } from '../runtime/pipeline/stages/shape.js';
import { upstreamStage } from '../runtime/pipeline/stages/upstream.js';
import { validateStage } from '../runtime/pipeline/stages/validate.js';
import { GatewayError } from '../runtime/pipeline/types.js';
import { restHandler } from '../runtime/rest/handler.js';
import { type SwappableRuntime, createRuntime } from '../runtime/runtime.js';
import { type UpstreamClient, createUpstreamClient } from '../runtime/upstream/client.js';

const API_KEY = 'mcp-test-key-0123456789';
const MODERN = '2026-07-28';

// ---------------------------------------------------------------- upstream

function startUpstream(): Promise<{ url: string; server: HttpServer }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const weather = /^\/v1\/weather\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && weather?.[1] !== undefined) {
        const city = decodeURIComponent(weather[1]);
        return json(200, { city, tempC: city.length * 1.5, units: url.searchParams.get('units') ?? 'metric' });
      }
      if (req.method === 'POST' && url.pathname === '/v1/orders') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        return json(201, { id: 'o-1', item: body.item, qty: body.qty });
      }
      if (url.pathname === '/v1/fail') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('database on fire');
      }
      if (url.pathname === '/v1/garbled') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"not json');
      }
      if (url.pathname === '/v1/hello') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('hello there');
      }
      json(404, { error: 'no such upstream path' });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server });
    });
  });
}

// ---------------------------------------------------------------- bundle

function route(id: string, method: Route['method'], path: string, upstreamUrl: string, extra: Partial<Route> = {}): Route {
  const operationId = id.split('.')[1] ?? id;
  return {
    id,
    api: 'demo',
    operationId,
    method,
    path: `/demo${path}`,
    upstream: { url: upstreamUrl, path, timeoutMs: 2000, headers: {} },
    params: [],
    body: null,
    policies: ['open'],
    expose: { rest: true, mcp: true },
    tool: null,
    validate: { input: { type: 'object' } },
    response: { status: 200, contentType: 'application/json' },
    ...extra,
  };
}

function tool(name: string, routeId: string, inputSchema: Record<string, unknown>, extra: Partial<Tool> = {}): Tool {
  return { name, description: `The ${name} tool.`, inputSchema, annotations: {}, route: routeId, ...extra };
}

function file(path: string, content: string | Buffer): Bundle['skills'][number]['files'][number] {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return {
    path,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    encoding: typeof content === 'string' ? 'utf8' : 'base64',
    content: typeof content === 'string' ? content : content.toString('base64'),
  };
}

function skill(name: string, policy: string): Bundle['skills'][number] {
  const frontmatter = { name, description: `How to ${name}.`, license: 'Apache-2.0', metadata: { owner: 'support' } };
  return {
    name,
    uri: `skill://${name}/SKILL.md`,
    description: frontmatter.description,
    frontmatter,
    tools: ['weather_get'],
    files: [
      file('SKILL.md', `---\nname: ${name}\ndescription: ${frontmatter.description}\n---\nDo the ${name} thing.\n`),
      file('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255])),
      file('reference/checklist.md', '- check the order\n'),
    ],
    policies: [policy],
  };
}

interface Variant {
  /** Adds the `hello_get` tool (a tool-set change). */
  extraTool?: boolean;
  /** Changes only the source revision (a new id, same tools). */
  revision?: string;
}

function makeBundle(upstreamUrl: string, deadUrl: string, variant: Variant = {}): Bundle {
  const weatherInput = {
    type: 'object',
    properties: { city: { type: 'string', minLength: 1 }, units: { type: 'string', enum: ['metric', 'imperial'] } },
    required: ['city'],
    additionalProperties: false,
  };
  const orderInput = {
    type: 'object',
    properties: { item: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
    required: ['item', 'qty'],
  };
  const routes: Route[] = [
    route('demo.getWeather', 'GET', '/weather/{city}', upstreamUrl, {
      params: [
        { name: 'city', in: 'path', arg: 'city', required: true, type: 'string' },
        { name: 'units', in: 'query', arg: 'units', required: false, type: 'string' },
      ],
      tool: 'weather_get',
      validate: { input: weatherInput },
    }),
    route('demo.createOrder', 'POST', '/orders', upstreamUrl, {
      body: { mode: 'merged', required: true, contentType: 'application/json' },
      policies: ['secured'],
      tool: 'orders_create',
      validate: { input: orderInput },
      response: { status: 201, contentType: 'application/json' },
    }),
    route('demo.fail', 'GET', '/fail', upstreamUrl, { tool: 'fail_get' }),
    route('demo.garbled', 'GET', '/garbled', upstreamUrl, { tool: 'garbled_get' }),
    route('demo.dead', 'GET', '/anything', deadUrl, { tool: 'dead_get' }),
  ];
  const tools: Tool[] = [
    tool('weather_get', 'demo.getWeather', weatherInput, {
      title: 'Weather',
      outputSchema: { type: 'object', properties: { city: { type: 'string' }, tempC: { type: 'number' }, units: { type: 'string' } } },
      annotations: { readOnlyHint: true },
    }),
    tool('orders_create', 'demo.createOrder', orderInput),
    tool('fail_get', 'demo.fail', { type: 'object' }),
    tool('garbled_get', 'demo.garbled', { type: 'object' }),
    tool('dead_get', 'demo.dead', { type: 'object' }),
  ];
  if (variant.extraTool) {
    routes.push(route('demo.hello', 'GET', '/hello', upstreamUrl, { tool: 'hello_get' }));
    tools.push(tool('hello_get', 'demo.hello', { type: 'object' }));
  }
  routes.sort((a, b) => a.id.localeCompare(b.id));
  tools.sort((a, b) => a.name.localeCompare(b.name));
  const bundle: Omit<Bundle, 'id'> = {
    format: 'uac.bundle/v1',
    project: 'mcp-test',
    environment: 'test',
    source: { revision: variant.revision ?? null, dirty: false },
    compiler: 'uac/test',
    tools,
    prompts: [
      {
        name: 'order_triage',
        title: 'Triage an order',
        description: 'Walks through triaging one order.',
        arguments: [{ name: 'orderId', description: 'The order', required: true }],
        skill: 'order-triage',
        template: 'Triage order {{orderId}} now; leave {{unknown}} alone.',
        policies: ['open'],
      },
    ],
    skills: [skill('order-triage', 'open'), skill('vault-ops', 'secured')],
    routes,
    llmRoutes: [],
    policies: {
      open: { name: 'open', auth: { methods: ['none'], scopes: [] }, rateLimit: [], tokens: null, quota: null, maxBodyBytes: null, failMode: 'closed' },
      secured: {
        name: 'secured',
        auth: { methods: ['apiKey'], scopes: ['orders:write'] },
        rateLimit: [],
        tokens: null,
        quota: null,
        maxBodyBytes: null,
        failMode: 'closed',
      },
    },
    consumers: [
      {
        name: 'bot',
        tenant: 'acme',
        scopes: ['orders:write'],
        credentials: [{ type: 'apiKey', sha256: createHash('sha256').update(API_KEY).digest('hex') }],
        limits: {},
      },
    ],
    auth: { jwt: null, oauth: null },
    clients: { maxTools: 128, maxToolNameLength: 64 },
  };
  return { ...bundle, id: computeBundleId(bundle as unknown as Record<string, unknown>) } as Bundle;
}

// ---------------------------------------------------------------- gateway

interface Gateway {
  url: string;
  mcp: string;
  app: FastifyInstance;
  runtime: SwappableRuntime;
  activate(variant: Variant): ActiveBundle;
  close(): Promise<void>;
}

async function mountApp(runtime: SwappableRuntime, fastPath: boolean): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  registerMcp(app, runtime, {
    allowedOrigins: ['localhost', '127.0.0.1'],
    allowedHosts: ['localhost', '127.0.0.1'],
    serverName: 'uac-test',
    serverVersion: '9.9.9',
    fastPath,
  });
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    scope.all('/*', restHandler(runtime));
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}

async function startGateway(pipelineFor: (client: UpstreamClient) => Pipeline = defaultPipeline): Promise<Gateway> {
  const upstream = await startUpstream();
  // A port that was open a moment ago and now refuses connections.
  const dead = await startUpstream();
  await new Promise<void>((r) => dead.server.close(() => r()));
  const client = createUpstreamClient();
  const runtime = createRuntime(pipelineFor(client));
  const activate = (variant: Variant) => activateBundle(makeBundle(upstream.url, dead.url, variant), { secrets: () => undefined });
  runtime.swap(activate({}));
  const { app, url } = await mountApp(runtime, true);
  return {
    url,
    mcp: `${url}/mcp`,
    app,
    runtime,
    activate,
    async close() {
      await app.close();
      await client.close();
      await new Promise<void>((r) => upstream.server.close(() => r()));
    },
  };
}

// ---------------------------------------------------------------- raw HTTP

interface RawAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

function envelope(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
    ...extra,
  };
}

function modernCall(id: number | string, name: string, args: unknown): Record<string, unknown> {
  return { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args, _meta: envelope() } };
}

function modernHeaders(method: string, name?: string): Record<string, string> {
  return { 'mcp-protocol-version': MODERN, 'mcp-method': method, ...(name !== undefined && { 'mcp-name': name }) };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed };
}

function rpcError(answer: RawAnswer): { code: number; message: string; data?: Record<string, unknown> } {
  const body = answer.body as { error?: { code: number; message: string; data?: Record<string, unknown> } };
  if (body.error === undefined) throw new Error(`expected a JSON-RPC error, got ${JSON.stringify(answer.body)}`);
  return body.error;
}

function rpcResult(answer: RawAnswer): Record<string, unknown> {
  const body = answer.body as { result?: Record<string, unknown> };
  if (body.result === undefined) throw new Error(`expected a JSON-RPC result, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return body.result;
}

// ---------------------------------------------------------------- clients

async function modernClient(mcp: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'mcp-test-v2', version: '1.0.0' }, { versionNegotiation: { mode: { pin: MODERN } } });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcp), { requestInit: { headers } }));
  return client;
}

async function legacyClient(mcp: string, headers: Record<string, string> = {}): Promise<V1Client> {
  const client = new V1Client({ name: 'mcp-test-v1', version: '1.0.0' });
  await client.connect(new V1Transport(new URL(mcp), { requestInit: { headers } }));
  return client;
}

// ---------------------------------------------------------------- tests

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw.close();
});

describe('SDK clients of both eras', () => {
  it('a 2026-07-28 client lists only what it may call and calls a tool', async () => {
    const anonymous = await modernClient(gw.mcp);
    const listed = await anonymous.listTools();
    expect(listed.tools.map((t) => t.name)).toEqual(['dead_get', 'fail_get', 'garbled_get', 'weather_get']);
    const weather = listed.tools.find((t) => t.name === 'weather_get');
    expect(weather?.title).toBe('Weather');
    expect(weather?.annotations).toEqual({ readOnlyHint: true });
    const result = await anonymous.callTool({ name: 'weather_get', arguments: { city: 'Oslo', units: 'imperial' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ city: 'Oslo', tempC: 6, units: 'imperial' });
    await anonymous.close();

    const bot = await modernClient(gw.mcp, { 'x-api-key': API_KEY });
    const botTools = await bot.listTools();
    expect(botTools.tools.map((t) => t.name)).toContain('orders_create');
    const created = await bot.callTool({ name: 'orders_create', arguments: { item: 'tea', qty: 2 } });
    expect(created.structuredContent).toEqual({ id: 'o-1', item: 'tea', qty: 2 });
    await bot.close();
  });

  it('a 2025-era client (v1 SDK) lists and calls the same tools', async () => {
    const client = await legacyClient(gw.mcp, { 'x-api-key': API_KEY });
    const listed = await client.listTools();
    expect(listed.tools.map((t) => t.name)).toEqual(['dead_get', 'fail_get', 'garbled_get', 'orders_create', 'weather_get']);
    const result = await client.callTool({ name: 'weather_get', arguments: { city: 'Oslo' } });
    expect(result.structuredContent).toEqual({ city: 'Oslo', tempC: 6, units: 'metric' });
    const capabilities = client.getServerCapabilities();
    // Stateless 2025-era serving pushes nothing, so it must not promise list changes.
    expect(capabilities?.tools?.listChanged).toBeFalsy();
    await client.close();
  });

  it('REST returns the same upstream data as MCP for the same operation', async () => {
    const rest = await fetch(`${gw.url}/demo/weather/Bergen?units=metric`);
    expect(rest.status).toBe(200);
    const restJson = await rest.json();
    const mcp = await post(gw.mcp, modernCall(1, 'weather_get', { city: 'Bergen', units: 'metric' }), modernHeaders('tools/call', 'weather_get'));
    expect(rpcResult(mcp).structuredContent).toEqual(restJson);
  });
});

describe('2026-07-28 ladder (SPEC 6.1)', () => {
  const listBody = (id: number | string = 7) => ({ jsonrpc: '2.0', id, method: 'tools/list', params: { _meta: envelope() } });

  it('tools/list carries resultType, cache hints tied to the bundle and serverInfo', async () => {
    const answer = await post(gw.mcp, listBody(), modernHeaders('tools/list'));
    expect(answer.status).toBe(200);
    const result = rpcResult(answer);
    expect(result.resultType).toBe('complete');
    expect(typeof result.ttlMs).toBe('number');
    // The secured policy makes the list depend on the caller.
    expect(result.cacheScope).toBe('private');
    const meta = result._meta as Record<string, unknown>;
    expect(meta['io.modelcontextprotocol/serverInfo']).toEqual({ name: 'uac-test', version: '9.9.9' });
    expect(meta['dev.uac/bundle']).toBe(gw.runtime.current()?.id);
  });

  it('server/discover answers with versions, capabilities and cache hints', async () => {
    const answer = await post(
      gw.mcp,
      { jsonrpc: '2.0', id: 'd1', method: 'server/discover', params: { _meta: envelope() } },
      modernHeaders('server/discover'),
    );
    expect(answer.status).toBe(200);
    const result = rpcResult(answer);
    expect(result.supportedVersions).toContain(MODERN);
    expect(result.capabilities).toMatchObject({ tools: { listChanged: true } });
    expect(result.resultType).toBe('complete');
    expect(result.cacheScope).toBeDefined();
    expect(result.ttlMs).toBeDefined();
  });

  it('Mcp-Method disagreeing with the body → 400 / -32020 echoing the id', async () => {
    const answer = await post(gw.mcp, listBody(41), modernHeaders('tools/call'));
    expect(answer.status).toBe(400);
    expect(rpcError(answer).code).toBe(-32020);
    expect((answer.body as { id: unknown }).id).toBe(41);
  });

  it('Mcp-Name naming another tool than the body → 400 / -32020, and the tool is not called', async () => {
    const answer = await post(gw.mcp, modernCall(42, 'weather_get', { city: 'Oslo' }), modernHeaders('tools/call', 'orders_create'));
    expect(answer.status).toBe(400);
    expect(rpcError(answer).code).toBe(-32020);
    expect((answer.body as { id: unknown }).id).toBe(42);
  });

  it('missing Mcp-Name, Mcp-Method or MCP-Protocol-Version → 400 / -32020', async () => {
    const noName = await post(gw.mcp, modernCall(43, 'weather_get', { city: 'Oslo' }), modernHeaders('tools/call'));
    expect([noName.status, rpcError(noName).code]).toEqual([400, -32020]);
    const noMethod = await post(gw.mcp, listBody(44), { 'mcp-protocol-version': MODERN });
    expect([noMethod.status, rpcError(noMethod).code]).toEqual([400, -32020]);
    const noVersion = await post(gw.mcp, listBody(45), { 'mcp-method': 'tools/list' });
    expect([noVersion.status, rpcError(noVersion).code]).toEqual([400, -32020]);
  });

  it('an unsupported version → 400 naming supported and requested', async () => {
    const body = { jsonrpc: '2.0', id: 46, method: 'tools/list', params: { _meta: envelope({ 'io.modelcontextprotocol/protocolVersion': '2099-01-01' }) } };
    const answer = await post(gw.mcp, body, { 'mcp-protocol-version': '2099-01-01', 'mcp-method': 'tools/list' });
    expect(answer.status).toBe(400);
    const error = rpcError(answer);
    expect(error.data?.supported).toContain(MODERN);
    expect(error.data?.requested).toBe('2099-01-01');
    expect((answer.body as { id: unknown }).id).toBe(46);
  });

  it('missing _meta fields → 400 / -32602', async () => {
    const bare = await post(gw.mcp, { jsonrpc: '2.0', id: 47, method: 'tools/list', params: {} }, modernHeaders('tools/list'));
    expect([bare.status, rpcError(bare).code]).toEqual([400, -32602]);
    const noCaps = { jsonrpc: '2.0', id: 48, method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN } } };
    const answer = await post(gw.mcp, noCaps, modernHeaders('tools/list'));
    expect([answer.status, rpcError(answer).code]).toEqual([400, -32602]);
    expect((answer.body as { id: unknown }).id).toBe(48);
  });

  it.each(['ping', 'initialize', 'logging/setLevel', 'resources/subscribe', 'resources/unsubscribe', 'no/such-method'])(
    '%s on 2026-07-28 → 404 / -32601',
    async (method) => {
      const params: Record<string, unknown> = { _meta: envelope() };
      if (method === 'logging/setLevel') params.level = 'info';
      if (method.startsWith('resources/')) params.uri = 'skill://x/SKILL.md';
      if (method === 'initialize') Object.assign(params, { protocolVersion: MODERN, capabilities: {}, clientInfo: { name: 'x', version: '1' } });
      const answer = await post(gw.mcp, { jsonrpc: '2.0', id: 50, method, params }, modernHeaders(method));
      expect(answer.status).toBe(404);
      expect(rpcError(answer).code).toBe(-32601);
      expect((answer.body as { id: unknown }).id).toBe(50);
    },
  );
});

describe('Origin, Host, bodies', () => {
  it('a bad Origin or Host → 403 before anything is served; an allowed Origin passes', async () => {
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: envelope() } };
    const evil = await post(gw.mcp, list, { ...modernHeaders('tools/list'), origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    const badHost = await post(gw.mcp.replace('127.0.0.1', 'localhost'), list, { ...modernHeaders('tools/list') });
    expect(badHost.status).toBe(200);
    // fetch will not send a forged Host header; node:http will.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(gw.mcp, { method: 'POST', headers: { 'content-type': 'application/json', host: 'rebind.example', ...modernHeaders('tools/list') } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(list));
    });
    expect(status).toBe(403);
    const ok = await post(gw.mcp, list, { ...modernHeaders('tools/list'), origin: 'http://localhost:6274' });
    expect(ok.status).toBe(200);
  });

  it('non-JSON content type → 415, unparsable JSON → 400 / -32700, oversized body → 413', async () => {
    const plain = await fetch(gw.mcp, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(plain.status).toBe(415);
    const garbled = await post(gw.mcp, '{"jsonrpc": "2.0", ', modernHeaders('tools/list'));
    expect(garbled.status).toBe(400);
    expect(rpcError(garbled).code).toBe(-32700);
    const huge = await post(gw.mcp, modernCall(1, 'weather_get', { city: 'x'.repeat(5 * 1024 * 1024) }), modernHeaders('tools/call', 'weather_get'));
    expect(huge.status).toBe(413);
  });

  it('a plain call gets the same answer whichever way its body is read (exact JSON type, type parameters, chunked)', async () => {
    const body = JSON.stringify(modernCall(7, 'weather_get', { city: 'Lima' }));
    const headers = modernHeaders('tools/call', 'weather_get');
    const exact = await post(gw.mcp, body, headers);
    const withCharset = await post(gw.mcp, body, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    const chunked = await fetch(gw.mcp, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: new ReadableStream({
        start(controller) {
          const bytes = new TextEncoder().encode(body);
          controller.enqueue(bytes.slice(0, 10));
          controller.enqueue(bytes.slice(10));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(exact.status).toBe(200);
    expect(JSON.stringify(exact.body)).toContain('Lima');
    expect(withCharset.status).toBe(200);
    expect(withCharset.body).toEqual(exact.body);
    expect(chunked.status).toBe(200);
    expect(JSON.parse(await chunked.text())).toEqual(exact.body);
  });

  it('GET and DELETE (2025 session operations) → 405', async () => {
    expect((await fetch(gw.mcp, { headers: { accept: 'text/event-stream' } })).status).toBe(405);
    expect((await fetch(gw.mcp, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('tool errors over MCP', () => {
  const call = (name: string, args: unknown, headers: Record<string, string> = {}) =>
    post(gw.mcp, modernCall(9, name, args), { ...modernHeaders('tools/call', name), ...headers });

  it('invalid input → isError result naming the field', async () => {
    const answer = await call('weather_get', { city: 'Oslo', units: 'kelvin' });
    expect(answer.status).toBe(200);
    const result = rpcResult(answer);
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('units');
    const missing = rpcResult(await call('orders_create', { item: 'tea' }, { 'x-api-key': API_KEY }));
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toContain('qty');
  });

  it('upstream 5xx, refused connection and non-JSON bodies → isError results with a code; the gateway keeps serving', async () => {
    const failed = rpcResult(await call('fail_get', {}));
    expect(failed.isError).toBe(true);
    expect(JSON.stringify(failed.content)).toContain('500');
    const dead = rpcResult(await call('dead_get', {}));
    expect(dead.isError).toBe(true);
    expect((dead._meta as Record<string, { code: string }>)['dev.uac/error']?.code).toMatch(/upstream/);
    const garbled = rpcResult(await call('garbled_get', {}));
    expect(garbled.structuredContent).toBeUndefined();
    const after = rpcResult(await call('weather_get', { city: 'Rome' }));
    expect(after.structuredContent).toMatchObject({ city: 'Rome' });
  });

  it('auth failures are HTTP 401/403 with WWW-Authenticate, like REST', async () => {
    const anonymous = await call('orders_create', { item: 'tea', qty: 1 });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(rpcError(anonymous).data?.code).toBe('unauthorized');
    expect((anonymous.body as { id: unknown }).id).toBe(9);
    const badKey = await post(gw.mcp, { jsonrpc: '2.0', id: 3, method: 'tools/list', params: { _meta: envelope() } }, {
      ...modernHeaders('tools/list'),
      'x-api-key': 'not-a-key',
    });
    expect(badKey.status).toBe(401);
    expect(badKey.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('2025-era clients get the same HTTP 401 challenge (their OAuth discovery starts from it)', async () => {
    const legacyCall = { jsonrpc: '2.0', id: 12, method: 'tools/call', params: { name: 'orders_create', arguments: { item: 'tea', qty: 1 } } };
    const anonymous = await post(gw.mcp, legacyCall, { 'mcp-protocol-version': '2025-06-18' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(rpcError(anonymous).data?.code).toBe('unauthorized');
    const legacyList = { jsonrpc: '2.0', id: 13, method: 'tools/list' };
    const badKey = await post(gw.mcp, legacyList, { 'mcp-protocol-version': '2025-11-25', 'x-api-key': 'nope' });
    expect(badKey.status).toBe(401);
    const client = await legacyClient(gw.mcp, { 'x-api-key': 'nope' });
    await expect(client.listTools()).rejects.toThrow(/401|Unauthorized|not valid/i);
    await client.close().catch(() => {});
  });

  it('an unknown tool → -32602', async () => {
    const answer = await call('no_such_tool', {});
    expect(rpcError(answer).code).toBe(-32602);
  });
});

/** Reads JSON-RPC messages off an SSE response body. */
function sseMessages(body: ReadableStream<Uint8Array>): { next(): Promise<Record<string, unknown> | null>; rest(): Promise<Record<string, unknown>[]> } {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: Record<string, unknown>[] = [];
  let done = false;
  const pump = async (): Promise<void> => {
    const chunk = await reader.read();
    if (chunk.done) {
      done = true;
      return;
    }
    buffer += decoder.decode(chunk.value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data !== '') queue.push(JSON.parse(data) as Record<string, unknown>);
      cut = buffer.indexOf('\n\n');
    }
  };
  return {
    async next() {
      while (queue.length === 0 && !done) await pump();
      return queue.shift() ?? null;
    },
    async rest() {
      while (!done) await pump();
      return queue.splice(0);
    },
  };
}

function subscriptionIdOf(message: Record<string, unknown> | null): unknown {
  const params = message?.params as { _meta?: Record<string, unknown> } | undefined;
  return params?._meta?.['io.modelcontextprotocol/subscriptionId'];
}

async function listen(mcp: string, id: string, filter: Record<string, unknown>): Promise<Response> {
  const res = await fetch(mcp, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...modernHeaders('subscriptions/listen') },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'subscriptions/listen', params: { notifications: filter, _meta: envelope() } }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  if (res.body === null) throw new Error('listen answered without a body');
  return res;
}

describe('subscriptions/listen', () => {
  it('acknowledges first, tags notifications, honours the filter, and signals only tool-changing swaps', async () => {
    const g = await startGateway();
    const tools = sseMessages((await listen(g.mcp, 'L1', { toolsListChanged: true })).body as ReadableStream<Uint8Array>);
    const promptsOnly = sseMessages((await listen(g.mcp, 'L2', { promptsListChanged: true })).body as ReadableStream<Uint8Array>);

    const ack = await tools.next();
    expect(ack?.method).toBe('notifications/subscriptions/acknowledged');
    const subscriptionId = subscriptionIdOf(ack);
    expect(subscriptionId).toBeDefined();
    expect((await promptsOnly.next())?.method).toBe('notifications/subscriptions/acknowledged');

    g.runtime.swap(g.activate({ revision: 'same-tools-new-id' }));
    g.runtime.swap(g.activate({ extraTool: true }));
    const changed = await tools.next();
    expect(changed?.method).toBe('notifications/tools/list_changed');
    expect(subscriptionIdOf(changed)).toBe(subscriptionId);

    // Closing the gateway ends both streams; whatever else they carried is now in hand.
    const closing = g.close();
    const restTools = await tools.rest();
    const restPrompts = await promptsOnly.rest();
    await closing;
    // Had the id-only swap emitted, its event would have come first and this one would be left over.
    expect(restTools.filter((m) => m.method === 'notifications/tools/list_changed')).toEqual([]);
    expect(restPrompts.filter((m) => typeof m.method === 'string' && m.method.endsWith('list_changed'))).toEqual([]);
  });
});

describe('2025-era raw JSON-RPC', () => {
  it.each(['2025-11-25', '2025-06-18', '2025-03-26'])('initialize with %s, then tools/call statelessly', async (version) => {
    const init = await post(gw.mcp, {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    expect(init.status).toBe(200);
    const text = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    expect(text).toContain(`"protocolVersion":"${version}"`);
    const called = await post(
      gw.mcp,
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'weather_get', arguments: { city: 'Lima' } } },
      { 'mcp-protocol-version': version },
    );
    expect(called.status).toBe(200);
    const calledText = typeof called.body === 'string' ? called.body : JSON.stringify(called.body);
    expect(calledText).toContain('"city":"Lima"');
    expect(calledText).not.toContain('resultType');
  });
});

/** The JSON-RPC message of an answer, whether it came as JSON or as a one-event SSE stream. */
function messageOf(answer: RawAnswer): unknown {
  if (typeof answer.body !== 'string' || !(answer.headers.get('content-type') ?? '').startsWith('text/event-stream')) return answer.body;
  const data = answer.body
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim())
    .filter((line) => line !== '');
  expect(data).toHaveLength(1);
  return JSON.parse(data[0] ?? 'null');
}

describe('fast path ≡ SDK path', () => {
  it('answers every generated request exactly like the SDK-only endpoint, in both eras', async () => {
    const sdkOnly = await mountApp(gw.runtime, false);
    const sdkMcp = `${sdkOnly.url}/mcp`;
    const tools = ['weather_get', 'orders_create', 'fail_get', 'garbled_get', 'dead_get', 'no_such_tool'];
    const args = fc.oneof(
      fc.record(
        { city: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('..', '.', 'a/b', '%2e%2e', 'Zürich')), units: fc.constantFrom('metric', 'imperial', 'kelvin') },
        { requiredKeys: [] },
      ),
      fc.record({ item: fc.string({ maxLength: 6 }), qty: fc.integer({ min: -1, max: 3 }) }, { requiredKeys: [] }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
      fc.constantFrom(undefined, null, 'text', [1, 2]),
    );
    const request = fc.record({
      era: fc.constantFrom(MODERN, MODERN, '2025-11-25', '2025-06-18', '2025-03-26'),
      method: fc.constantFrom('tools/call', 'tools/call', 'tools/list'),
      tool: fc.constantFrom(...tools),
      args,
      id: fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.string({ maxLength: 8 })),
      key: fc.constantFrom(undefined, API_KEY, 'wrong-key'),
      headers: fc.constantFrom(
        'ok',
        'ok',
        'ok',
        'noName',
        'otherName',
        'noMethod',
        'noVersion',
        'badVersion',
        'paddedName',
        'cursor',
        'extraMeta',
        'jsonOnly',
      ),
      envelope: fc.constantFrom('ok', 'ok', 'ok', 'badCaps', 'noCaps', 'otherVersion', 'badInfo', 'extraTop', 'floatId', 'noParams'),
    });
    try {
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const modern = r.era === MODERN;
          const params: Record<string, unknown> = {};
          if (modern) params._meta = envelope(r.headers === 'extraMeta' ? { progressToken: 1 } : {});
          else if (r.headers === 'extraMeta') params._meta = { progressToken: 1 };
          if (r.method === 'tools/call') {
            params.name = r.tool;
            if (r.args !== undefined) params.arguments = r.args;
          }
          if (r.headers === 'cursor') params.cursor = 'c1';
          const meta = params._meta as Record<string, unknown> | undefined;
          if (modern && meta !== undefined) {
            if (r.envelope === 'badCaps') meta['io.modelcontextprotocol/clientCapabilities'] = 5;
            if (r.envelope === 'noCaps') delete meta['io.modelcontextprotocol/clientCapabilities'];
            if (r.envelope === 'otherVersion') meta['io.modelcontextprotocol/protocolVersion'] = '2025-06-18';
            if (r.envelope === 'badInfo') meta['io.modelcontextprotocol/clientInfo'] = { name: 1 };
          }
          const body: Record<string, unknown> = { jsonrpc: '2.0', id: r.envelope === 'floatId' ? 1.5 : r.id, method: r.method, params };
          if (r.envelope === 'extraTop') body.extra = true;
          if (r.envelope === 'noParams') delete body.params;
          const headers: Record<string, string> = modern
            ? { ...modernHeaders(r.method, r.method === 'tools/call' ? r.tool : undefined) }
            : { 'mcp-protocol-version': r.era };
          if (r.headers === 'noName') delete headers['mcp-name'];
          if (r.headers === 'otherName') headers['mcp-name'] = 'weather_get_x';
          if (r.headers === 'noMethod') delete headers['mcp-method'];
          if (r.headers === 'noVersion') delete headers['mcp-protocol-version'];
          if (r.headers === 'badVersion') headers['mcp-protocol-version'] = '2024-01-01';
          if (r.headers === 'paddedName' && headers['mcp-name'] !== undefined) headers['mcp-name'] = ` ${headers['mcp-name']}\t`;
          if (r.headers === 'jsonOnly') headers.accept = 'application/json';
          if (r.key !== undefined) headers['x-api-key'] = r.key;
          const [fast, sdk] = await Promise.all([post(gw.mcp, body, headers), post(sdkMcp, body, headers)]);
          const fastMessage = messageOf(fast);
          expect(fastMessage).toEqual(messageOf(sdk));
          if (modern || sdk.status !== 200) {
            expect([fast.status, fast.headers.get('content-type'), fast.headers.get('www-authenticate')]).toEqual([
              sdk.status,
              sdk.headers.get('content-type'),
              sdk.headers.get('www-authenticate'),
            ]);
          } else if (fast.status !== 200) {
            // 2025-era faults keep their HTTP status and challenge on the fast path; the SDK can only send them in-band.
            expect([401, 403, 429]).toContain(fast.status);
            expect((fastMessage as { error?: unknown }).error).toBeDefined();
            if (fast.status === 401) expect(fast.headers.get('www-authenticate')).toMatch(/^Bearer/);
          }
        }),
        { numRuns: 100 },
      );
    } finally {
      await sdkOnly.app.close();
    }
  });
});

describe('fast path bytes', () => {
  // Tool errors (isError) are equal as JSON only: the SDK path re-orders their members (see the differential test above).
  it('2026-07-28 successful calls and lists are byte-for-byte the SDK-only endpoint\'s', async () => {
    const sdkOnly = await mountApp(gw.runtime, false);
    const raw = async (url: string, body: unknown, headers: Record<string, string>) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-api-key': API_KEY, ...headers },
        body: JSON.stringify(body),
      });
      return [res.status, res.headers.get('content-type'), await res.text()];
    };
    try {
      const cases: [unknown, Record<string, string>][] = [
        [modernCall('a', 'weather_get', { city: 'Lima' }), modernHeaders('tools/call', 'weather_get')],
        [modernCall(2, 'weather_get', { city: 'Zürich "quoted"' }), modernHeaders('tools/call', 'weather_get')],
        [{ jsonrpc: '2.0', id: 5, method: 'tools/list', params: { _meta: envelope() } }, modernHeaders('tools/list')],
      ];
      for (const [body, headers] of cases) {
        const fast = await raw(gw.mcp, body, headers);
        expect(fast[0]).toBe(200);
        expect(fast).toEqual(await raw(`${sdkOnly.url}/mcp`, body, headers));
      }
    } finally {
      await sdkOnly.app.close();
    }
  });
});

describe('prompts and the skills extension', () => {
  const rpc = (method: string, params: Record<string, unknown>, headers: Record<string, string> = {}, name?: string) =>
    post(gw.mcp, { jsonrpc: '2.0', id: 'p1', method, params: { ...params, _meta: envelope() } }, { ...modernHeaders(method, name), ...headers });

  it('prompts/list and prompts/get render the SKILL.md template (v2 and v1 clients)', async () => {
    const client = await modernClient(gw.mcp);
    const { prompts } = await client.listPrompts();
    expect(prompts).toEqual([
      { name: 'order_triage', title: 'Triage an order', description: 'Walks through triaging one order.', arguments: [{ name: 'orderId', description: 'The order', required: true }] },
    ]);
    const got = await client.getPrompt({ name: 'order_triage', arguments: { orderId: 'A-17' } });
    expect(got.messages[0]?.content).toEqual({ type: 'text', text: 'Triage order A-17 now; leave {{unknown}} alone.' });
    await expect(client.getPrompt({ name: 'order_triage', arguments: {} })).rejects.toThrow(/orderId/);
    await client.close();

    const legacy = await legacyClient(gw.mcp);
    const old = await legacy.getPrompt({ name: 'order_triage', arguments: { orderId: 'B-2' } });
    expect(JSON.stringify(old.messages)).toContain('Triage order B-2 now');
    await legacy.close();
  });

  it('skills/list and skills/get list every file with digest and size and the frontmatter verbatim, filtered by policy', async () => {
    const anonymous = rpcResult(await rpc('skills/list', {}));
    const skills = anonymous.skills as Array<{ uri: string; frontmatter: unknown; resources: unknown }>;
    expect(skills.map((s) => s.uri)).toEqual(['skill://order-triage/SKILL.md']);
    expect(skills[0]?.frontmatter).toEqual({ name: 'order-triage', description: 'How to order-triage.', license: 'Apache-2.0', metadata: { owner: 'support' } });
    const resources = skills[0]?.resources as Array<{ uri: string; digest: string; size: number }>;
    expect(resources.map((r) => r.uri)).toEqual([
      'skill://order-triage/SKILL.md',
      'skill://order-triage/assets/logo.png',
      'skill://order-triage/reference/checklist.md',
    ]);
    for (const r of resources) expect(r.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(anonymous.cacheScope).toBe('private');
    expect(anonymous.resultType).toBe('complete');

    const bot = rpcResult(await rpc('skills/list', {}, { 'x-api-key': API_KEY }));
    expect((bot.skills as Array<{ uri: string }>).map((s) => s.uri)).toEqual(['skill://order-triage/SKILL.md', 'skill://vault-ops/SKILL.md']);
    const got = rpcResult(await rpc('skills/get', { uri: 'skill://order-triage/SKILL.md' }));
    expect((got.skill as { uri: string }).uri).toBe('skill://order-triage/SKILL.md');
    const hidden = await rpc('skills/get', { uri: 'skill://vault-ops/SKILL.md' });
    expect(rpcError(hidden).code).toBe(-32602);
  });

  it('resources: list, templates, read (text and binary), directory read; unknown URIs → -32602 naming the uri', async () => {
    const listed = rpcResult(await rpc('resources/list', {}));
    expect(listed.resources).toEqual([{ uri: 'skill://order-triage/SKILL.md', name: 'order-triage', description: 'How to order-triage.', mimeType: 'text/markdown' }]);
    const templates = rpcResult(await rpc('resources/templates/list', {}));
    expect(JSON.stringify(templates.resourceTemplates)).toContain('skill://{+path}');

    const md = rpcResult(await rpc('resources/read', { uri: 'skill://order-triage/reference/checklist.md' }, {}, 'skill://order-triage/reference/checklist.md'));
    expect(md.contents).toEqual([{ uri: 'skill://order-triage/reference/checklist.md', mimeType: 'text/markdown', text: '- check the order\n' }]);
    const png = rpcResult(await rpc('resources/read', { uri: 'skill://order-triage/assets/logo.png' }, {}, 'skill://order-triage/assets/logo.png'));
    expect((png.contents as Array<{ blob: string }>)[0]?.blob).toBe(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]).toString('base64'));

    const dir = rpcResult(await rpc('resources/directory/read', { uri: 'skill://order-triage/' }));
    expect(dir.resources).toEqual([
      { uri: 'skill://order-triage/SKILL.md', name: 'SKILL.md', mimeType: 'text/markdown', size: expect.any(Number) },
      { uri: 'skill://order-triage/assets/', name: 'assets', mimeType: 'inode/directory' },
      { uri: 'skill://order-triage/reference/', name: 'reference', mimeType: 'inode/directory' },
    ]);
    const sub = rpcResult(await rpc('resources/directory/read', { uri: 'skill://order-triage/reference/' }));
    expect((sub.resources as Array<{ uri: string }>).map((r) => r.uri)).toEqual(['skill://order-triage/reference/checklist.md']);

    const missing = await rpc('resources/read', { uri: 'skill://order-triage/nope.md' }, {}, 'skill://order-triage/nope.md');
    expect(rpcError(missing).code).toBe(-32602);
    expect(rpcError(missing).data?.uri).toBe('skill://order-triage/nope.md');
    const secret = await rpc('resources/read', { uri: 'skill://vault-ops/SKILL.md' }, {}, 'skill://vault-ops/SKILL.md');
    expect(rpcError(secret).code).toBe(-32602);
  });

  it('declares resources and the skills extension with directoryRead', async () => {
    const result = rpcResult(await rpc('server/discover', {}));
    expect(result.capabilities).toMatchObject({
      prompts: { listChanged: true },
      resources: { listChanged: true },
      extensions: { 'io.modelcontextprotocol/skills': { directoryRead: true } },
    });
  });
});

describe('limits over MCP (SPEC 6: same status and headers as REST)', () => {
  // A stand-in for the policy work's limit stage: one call per caller passes, the next is refused.
  function limitStage(): Stage {
    let used = 0;
    return {
      name: 'limits',
      run(ctx) {
        const headers = { 'ratelimit-policy': '"burst";q=1;w=60', ratelimit: '"burst";r=0;t=60' };
        if (used++ === 0) {
          Object.assign(ctx.gatewayHeaders, headers);
          return;
        }
        throw new GatewayError('rate_limited', 429, 'rate limit exceeded', {
          headers: { ...headers, 'retry-after': '60' },
          data: { policy: 'burst', limit: 1, reset: 60 },
        });
      },
    };
  }
  const limited = (client: UpstreamClient) =>
    createPipeline(identifyCaller, [identifyStage, authorizeStage, limitStage(), validateStage, upstreamStage(client), shapeStage]);

  it.each([
    ['2026-07-28 fast path', true, MODERN],
    ['2026-07-28 SDK path', false, MODERN],
    ['2025-era fast path', true, '2025-06-18'],
  ])('%s: RateLimit headers on success, then 429 with Retry-After and a JSON-RPC error naming policy, limit and reset', async (_label, fastPath, era) => {
    const g = await startGateway(limited);
    const sdkOnly = fastPath ? null : await mountApp(g.runtime, false);
    const mcp = sdkOnly === null ? g.mcp : `${sdkOnly.url}/mcp`;
    try {
      const body =
        era === MODERN
          ? modernCall(1, 'weather_get', { city: 'Oslo' })
          : { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'weather_get', arguments: { city: 'Oslo' } } };
      const headers = era === MODERN ? modernHeaders('tools/call', 'weather_get') : { 'mcp-protocol-version': era };
      const first = await post(mcp, body, headers);
      expect(first.status).toBe(200);
      expect(first.headers.get('ratelimit-policy')).toBe('"burst";q=1;w=60');
      expect(rpcResult(first).structuredContent).toMatchObject({ city: 'Oslo' });
      const second = await post(mcp, body, headers);
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('60');
      expect(second.headers.get('ratelimit')).toBeTruthy();
      const error = rpcError(second);
      expect(error.data).toEqual({ code: 'rate_limited', policy: 'burst', limit: 1, reset: 60 });
      expect((second.body as { id: unknown }).id).toBe(1);
    } finally {
      await sdkOnly?.app.close();
      await g.close();
    }
  });
});

describe('path parameters over MCP stay inside the upstream base path', () => {
  const call = (city: string) => post(gw.mcp, modernCall(21, 'weather_get', { city }), modernHeaders('tools/call', 'weather_get'));

  it.each(['..', '.', 'x\u0000y'])('%j is refused as invalid input naming the field', async (city) => {
    const result = rpcResult(await call(city));
    expect(result.isError).toBe(true);
    expect((result._meta as Record<string, { code: string }>)['dev.uac/error']?.code).toBe('invalid_input');
    expect(JSON.stringify(result.content)).toContain('city');
  });

  it.each(['a/b', '%2e%2e%2f', '../../v1/orders', '..%2F..%2Forders'])('%j reaches the weather route as one encoded segment', async (city) => {
    // The test upstream only answers /v1/weather/<one segment> with that segment decoded as `city`.
    expect(rpcResult(await call(city)).structuredContent).toMatchObject({ city });
  });
});

describe('swaps under MCP load', () => {
  it('20 concurrent callers (fast and SDK paths, both eras) lose nothing across 20 swaps', async () => {
    const g = await startGateway();
    const sdkOnly = await mountApp(g.runtime, false);
    const bundles = [g.activate({}), g.activate({ extraTool: true })];
    let swapping = true;
    const failures: string[] = [];
    let calls = 0;
    const caller = async (n: number) => {
      const mcp = n % 4 === 3 ? `${sdkOnly.url}/mcp` : g.mcp;
      const legacy = n % 2 === 1;
      while (swapping) {
        const city = `c${n}-${calls++}`;
        const body = legacy
          ? { jsonrpc: '2.0', id: calls, method: 'tools/call', params: { name: 'weather_get', arguments: { city } } }
          : modernCall(calls, 'weather_get', { city });
        const headers = legacy ? { 'mcp-protocol-version': '2025-06-18' } : modernHeaders('tools/call', 'weather_get');
        const answer = await post(mcp, body, headers);
        const message = messageOf(answer) as { result?: { structuredContent?: { city?: string } } };
        if (answer.status !== 200 || message.result?.structuredContent?.city !== city) failures.push(`${answer.status} ${JSON.stringify(message)}`);
      }
    };
    const callers = Array.from({ length: 20 }, (_, n) => caller(n));
    try {
      for (let i = 0; i < 20; i++) {
        g.runtime.swap(bundles[i % 2] as ActiveBundle);
        // Let calls run on this bundle before the next swap.
        const before = calls;
        while (calls < before + 10) await new Promise((r) => setImmediate(r));
      }
    } finally {
      swapping = false;
      await Promise.all(callers);
      await sdkOnly.app.close();
      await g.close();
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(200);
  });
});
