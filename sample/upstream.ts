/**
 * The sample upstream that `contracts/` points at (dev vars: 127.0.0.1:4010):
 * orders under `/orders`, the catalog under `/catalog`, an OpenAI-compatible
 * chat endpoint under `/llm`. In-memory and deterministic: every start serves
 * the same data, new orders get sequential ids and fixed timestamps.
 *
 * `npx tsx sample/upstream.ts [--port 4010] [--host 127.0.0.1]`
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { initialOrders, type Order, type OrderLine, PRODUCTS, STOCK } from './data.js';

/** What the upstream saw of one request, exactly as it arrived (tests assert on it). */
export interface ReceivedRequest {
  method: string;
  /** Raw request target, not decoded. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface SampleUpstream {
  server: Server;
  url: string;
  port: number;
  /** Most recent requests, oldest first (capped). */
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export interface SampleUpstreamOptions {
  port?: number;
  host?: string;
  /** When set, `/orders` requests must carry `Authorization: Bearer <token>` (the contracts' `${secret:ORDERS_TOKEN}`). */
  ordersToken?: string;
  /** How many received requests to keep (default 1000; 0 keeps none, for benchmarks). */
  keepReceived?: number;
}

const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
const BASE_TIME = Date.parse('2026-11-20T00:00:00Z');
const MAX_BODY = 1024 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function notFound(res: ServerResponse, what: string): void {
  send(res, 404, { error: 'not_found', message: `${what} not found` });
}

function parseJson(body: string): unknown {
  if (body === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return Symbol.for('invalid');
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function createSampleApp(opts: SampleUpstreamOptions = {}) {
  const orders = new Map<string, Order>(initialOrders().map((o) => [o.id, o]));
  let nextId = 1006;
  const received: ReceivedRequest[] = [];
  const keep = opts.keepReceived ?? 1000;
  const idempotency = new Map<string, string>();

  function handleOrders(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, body: unknown): void {
    if (opts.ordersToken !== undefined && req.headers.authorization !== `Bearer ${opts.ordersToken}`) {
      send(res, 401, { error: 'unauthorized', message: 'missing or wrong upstream token' });
      return;
    }
    if (path === '/orders' && req.method === 'GET') {
      const wanted = query.getAll('status');
      let list = [...orders.values()].filter((o) => wanted.length === 0 || wanted.includes(o.status));
      const sort = query.get('sort') ?? 'newest';
      list.sort((a, b) => (sort === 'total' ? b.totalCents - a.totalCents : sort === 'oldest' ? a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)));
      const limit = Number(query.get('limit') ?? 20);
      list = list.slice(0, Number.isInteger(limit) && limit > 0 ? limit : 20);
      send(res, 200, { items: list, next: null });
      return;
    }
    if (path === '/orders' && req.method === 'POST') {
      if (!isRecord(body) || typeof body.customerId !== 'string' || !Array.isArray(body.lines) || body.lines.length === 0) {
        send(res, 400, { error: 'invalid_order', message: 'customerId and at least one line are required' });
        return;
      }
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string' && idempotency.has(key)) {
        send(res, 201, orders.get(idempotency.get(key) as string));
        return;
      }
      const lines: OrderLine[] = body.lines.filter(isRecord).map((l) => {
        const sku = String(l.sku);
        const p = PRODUCTS.find((x) => x.sku === sku);
        return { sku, quantity: Number(l.quantity) || 1, priceCents: p ? p.priceCents : 0 };
      });
      const n = nextId++;
      const order: Order = {
        id: `ord_${n}`,
        status: 'pending',
        customerId: body.customerId,
        lines,
        totalCents: lines.reduce((s, l) => s + l.quantity * l.priceCents, 0),
        createdAt: new Date(BASE_TIME + (n - 1006) * 60_000).toISOString().replace('.000Z', 'Z'),
        ...(typeof body.note === 'string' ? { note: body.note } : {}),
      };
      orders.set(order.id, order);
      if (typeof key === 'string') idempotency.set(key, order.id);
      send(res, 201, order);
      return;
    }
    const m = /^\/orders\/(ord_[0-9]+)(\/cancel|\/status)?$/.exec(path);
    if (!m) {
      notFound(res, 'route');
      return;
    }
    const order = orders.get(m[1] as string);
    if (!order) {
      notFound(res, `order ${m[1]}`);
      return;
    }
    if (!m[2] && req.method === 'GET') {
      send(res, 200, order);
    } else if (m[2] === '/cancel' && req.method === 'POST') {
      if (order.status === 'shipped' || order.status === 'delivered') {
        send(res, 409, { error: 'already_shipped', message: `order ${order.id} has already shipped` });
        return;
      }
      order.status = 'cancelled';
      send(res, 200, order);
    } else if (m[2] === '/status' && req.method === 'PUT') {
      const status = isRecord(body) ? body.status : undefined;
      if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
        send(res, 400, { error: 'invalid_status', message: `status must be one of ${STATUSES.join(', ')}` });
        return;
      }
      order.status = status as Order['status'];
      send(res, 200, order);
    } else {
      send(res, 405, { error: 'method_not_allowed' });
    }
  }

  function handleCatalog(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
    if (req.method !== 'GET') {
      send(res, 405, { error: 'method_not_allowed' });
      return;
    }
    if (path === '/catalog/products') {
      const category = query.get('category');
      const limit = Number(query.get('limit') ?? 20);
      const items = PRODUCTS.filter((p) => !category || p.category === category)
        .slice(0, Number.isInteger(limit) && limit > 0 ? limit : 20)
        .map(({ description: _d, ...rest }) => rest);
      send(res, 200, { items });
      return;
    }
    const product = /^\/catalog\/products\/([^/]+)$/.exec(path);
    if (product) {
      const p = PRODUCTS.find((x) => x.sku === decodeURIComponent(product[1] as string));
      if (p) send(res, 200, p);
      else notFound(res, 'product');
      return;
    }
    const stock = /^\/catalog\/stock\/([^/]+)$/.exec(path);
    if (stock) {
      const sku = decodeURIComponent(stock[1] as string);
      const levels = STOCK[sku];
      if (!levels) {
        notFound(res, 'product');
        return;
      }
      const wh = query.get('warehouse');
      if (wh === 'eu-west' || wh === 'us-east') send(res, 200, { sku, units: levels[wh], warehouse: wh });
      else send(res, 200, { sku, units: levels['eu-west'] + levels['us-east'] });
      return;
    }
    notFound(res, 'route');
  }

  /** A deterministic OpenAI-compatible chat endpoint: echoes the last user message and reports usage. */
  function handleLlm(req: IncomingMessage, res: ServerResponse, path: string, body: unknown): void {
    if (path !== '/llm/chat/completions' || req.method !== 'POST' || !isRecord(body) || !Array.isArray(body.messages)) {
      notFound(res, 'route');
      return;
    }
    const last = [...body.messages].reverse().find((m) => isRecord(m) && m.role === 'user');
    const prompt = isRecord(last) && typeof last.content === 'string' ? last.content : '';
    const content = `You said: ${prompt}`;
    const usage = { prompt_tokens: Math.ceil(prompt.length / 4) + 3, completion_tokens: Math.ceil(content.length / 4), total_tokens: 0 };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const model = typeof body.model === 'string' ? body.model : 'sample-model';
    const base = { id: 'chatcmpl-sample', created: 1_764_000_000, model };
    if (body.stream === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const word of content.split(/(?<= )/)) {
        res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: word }, finish_reason: null }] })}\n\n`);
      }
      res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
      const opts = body.stream_options;
      if (isRecord(opts) && opts.include_usage === true) {
        res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
      return;
    }
    send(res, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage });
  }

  function handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const url = req.url ?? '/';
    if (keep > 0) {
      received.push({ method: req.method ?? 'GET', url, headers: { ...req.headers }, body: rawBody });
      if (received.length > keep) received.shift();
    }
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    const body = parseJson(rawBody);
    if (typeof body === 'symbol') {
      send(res, 400, { error: 'invalid_json' });
      return;
    }
    if (path === '/orders' || path.startsWith('/orders/')) handleOrders(req, res, path, query, body);
    else if (path.startsWith('/catalog/')) handleCatalog(req, res, path, query);
    else if (path.startsWith('/llm/')) handleLlm(req, res, path, body);
    else notFound(res, 'route');
  }

  function listener(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'GET' || req.method === 'HEAD') {
      // No body expected: answer without waiting for stream events (the hot path of benchmarks).
      handle(req, res, '');
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) send(res, 413, { error: 'too_large' });
      else handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  }

  return { listener, received };
}

/** Starts the sample upstream (port 0 → any free port). */
export async function startSampleUpstream(opts: SampleUpstreamOptions = {}): Promise<SampleUpstream> {
  const app = createSampleApp(opts);
  const server = createServer({ keepAliveTimeout: 30_000 }, app.listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    received: app.received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '4010' }, host: { type: 'string', default: '127.0.0.1' }, 'orders-token': { type: 'string' } },
    strict: true,
  });
  const up = await startSampleUpstream({
    port: Number(values.port),
    host: values.host,
    ordersToken: values['orders-token'] ?? process.env.UAC_SECRET_ORDERS_TOKEN,
    keepReceived: 0,
  });
  process.stdout.write(`sample upstream on ${up.url}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`sample upstream: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
}
