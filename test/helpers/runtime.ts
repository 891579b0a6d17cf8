/**
 * Test helpers for the runtime: a hand-built bundle shaped like the sample
 * contracts (orders + catalog on the sample upstream), and a gateway started
 * on 127.0.0.1:0 serving it from a bundle file in a temp folder.
 *
 *   const rt = await startTestRuntime();          // sample upstream + gateway
 *   await fetch(`${rt.url}/catalog/products`);
 *   await rt.publish(fixtureBundle(rt.upstream.url, { variant: 'b' }));  // hot swap
 *   await rt.close();
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeBundleId } from '../../bundle/canonical.js';
import type { Bundle, Policy, Route, Tool } from '../../bundle/types.js';
import { type Gateway, type GatewayOptions, startGateway } from '../../runtime/gateway.js';
import { createLogger } from '../../runtime/observe/logger.js';
import type { ReloadOutcome } from '../../runtime/source/reloader.js';
import { type SampleUpstream, startSampleUpstream } from '../../sample/upstream.js';

/** The demo API keys of contracts/README.md. */
export const DEMO_KEYS = {
  acme: 'uac_demo_acme_0123456789abcdef',
  globex: 'uac_demo_globex_fedcba9876543210',
} as const;
/** Value of `${secret:ORDERS_TOKEN}` the test gateway and sample upstream agree on. */
export const ORDERS_TOKEN = 'test-orders-token';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function policy(name: string, p: Partial<Policy>): Policy {
  return { name, auth: { methods: ['none'], scopes: [] }, rateLimit: [], tokens: null, quota: null, maxBodyBytes: null, failMode: 'open', ...p };
}

const ORDER_SCHEMA = {
  type: 'object',
  required: ['id', 'status'],
  properties: { id: { type: 'string' }, status: { type: 'string' }, totalCents: { type: 'integer' } },
};

interface RouteSpec {
  api: 'orders' | 'catalog';
  operationId: string;
  method: Route['method'];
  path: string;
  params?: Route['params'];
  body?: Route['body'];
  policies: string[];
  tool: string | null;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
  description: string;
}

function build(spec: RouteSpec, upstreamUrl: string, timeoutMs: number): { route: Route; tool: Tool | null } {
  const base = spec.api === 'orders' ? '/shop' : '/catalog';
  const route: Route = {
    id: `${spec.api}.${spec.operationId}`,
    api: spec.api,
    operationId: spec.operationId,
    method: spec.method,
    path: `${base}${spec.path}`,
    upstream: {
      url: spec.api === 'orders' ? upstreamUrl : `${upstreamUrl}/catalog`,
      path: spec.path,
      timeoutMs,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a bundle's secret reference, kept literally
      headers: spec.api === 'orders' ? { Authorization: 'Bearer ${secret:ORDERS_TOKEN}' } : {},
    },
    params: spec.params ?? [],
    body: spec.body ?? null,
    policies: spec.policies,
    expose: { rest: true, mcp: spec.tool !== null },
    tool: spec.tool,
    validate: { input: spec.input },
    response: { status: spec.method === 'POST' && spec.operationId === 'createOrder' ? 201 : 200, contentType: 'application/json' },
  };
  const tool: Tool | null = spec.tool
    ? {
        name: spec.tool,
        description: spec.description,
        inputSchema: spec.input,
        ...(spec.output ? { outputSchema: spec.output } : {}),
        annotations: spec.method === 'GET' ? { readOnlyHint: true } : {},
        route: route.id,
      }
    : null;
  return { route, tool };
}

export interface FixtureOptions {
  /** `b` renames a tool and drops another (a swap that changes the tool set); `a` is the default. */
  variant?: 'a' | 'b';
  /** Per-route upstream timeout (ms). */
  timeoutMs?: number;
  /** A label kept in `source.revision`: two bundles that differ only by it have different ids but the same tools. */
  revision?: string;
}

/** A valid bundle (id computed) shaped like the compiled sample contracts, pointing at `upstreamUrl`. */
export function fixtureBundle(upstreamUrl: string, opts: FixtureOptions = {}): Bundle {
  const variant = opts.variant ?? 'a';
  const timeoutMs = opts.timeoutMs ?? 5000;
  const orderId = { type: 'string', pattern: '^ord_[0-9]+$' };
  const specs: RouteSpec[] = [
    {
      api: 'catalog',
      operationId: 'listProducts',
      method: 'GET',
      path: '/products',
      params: [
        { name: 'category', in: 'query', arg: 'category', required: false, type: 'string' },
        { name: 'limit', in: 'query', arg: 'limit', required: false, type: 'integer' },
      ],
      policies: ['public'],
      tool: 'catalog_list_products',
      input: {
        type: 'object',
        properties: { category: { type: 'string', enum: ['books', 'games', 'tools'] }, limit: { type: 'integer', minimum: 1, maximum: 100 } },
        additionalProperties: false,
      },
      output: { type: 'object', required: ['items'], properties: { items: { type: 'array' } } },
      description: 'Products of the catalog, optionally filtered by category.',
    },
    {
      api: 'catalog',
      operationId: 'getProduct',
      method: 'GET',
      path: '/products/{sku}',
      params: [{ name: 'sku', in: 'path', arg: 'sku', required: true, type: 'string' }],
      policies: ['public'],
      tool: variant === 'a' ? 'catalog_get_product' : 'catalog_product',
      // Deliberately loose so path attacks reach the request builder, which must refuse or encode them.
      input: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' } }, additionalProperties: false },
      description: 'One product by its SKU.',
    },
    {
      api: 'orders',
      operationId: 'getOrder',
      method: 'GET',
      path: '/orders/{orderId}',
      params: [{ name: 'orderId', in: 'path', arg: 'orderId', required: true, type: 'string' }],
      policies: ['standard'],
      tool: 'orders_get',
      input: { type: 'object', required: ['orderId'], properties: { orderId }, additionalProperties: false },
      output: ORDER_SCHEMA,
      description: 'Get an order.',
    },
    {
      api: 'orders',
      operationId: 'createOrder',
      method: 'POST',
      path: '/orders',
      params: [{ name: 'Idempotency-Key', in: 'header', arg: 'Idempotency-Key', required: false, type: 'string' }],
      body: { mode: 'merged', required: true, contentType: 'application/json' },
      policies: ['standard', 'orders-write'],
      tool: 'orders_create',
      input: {
        type: 'object',
        required: ['customerId', 'lines'],
        properties: {
          'Idempotency-Key': { type: 'string', maxLength: 64 },
          customerId: { type: 'string' },
          lines: { type: 'array', minItems: 1, items: { type: 'object', required: ['sku', 'quantity'] } },
          note: { type: 'string', maxLength: 500 },
        },
      },
      output: ORDER_SCHEMA,
      description: 'Create an order.',
    },
  ];
  if (variant === 'a') {
    specs.push({
      api: 'orders',
      operationId: 'cancelOrder',
      method: 'POST',
      path: '/orders/{orderId}/cancel',
      params: [{ name: 'orderId', in: 'path', arg: 'orderId', required: true, type: 'string' }],
      body: { mode: 'merged', required: false, contentType: 'application/json' },
      policies: ['standard', 'orders-write'],
      tool: 'orders_cancel',
      input: { type: 'object', required: ['orderId'], properties: { orderId, reason: { type: 'string', maxLength: 200 } } },
      output: ORDER_SCHEMA,
      description: 'Cancel an order.',
    });
  }
  const built = specs.map((s) => build(s, upstreamUrl, timeoutMs));
  const routes = built.map((b) => b.route).sort((a, b) => (a.id < b.id ? -1 : 1));
  const tools = built
    .flatMap((b) => (b.tool ? [b.tool] : []))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const bundle: Bundle = {
    format: 'uac.bundle/v1',
    id: '',
    project: 'acme-platform',
    environment: 'test',
    source: { revision: opts.revision ?? null, dirty: false },
    compiler: 'uac/test',
    tools,
    prompts: [],
    skills: [],
    routes,
    llmRoutes: [],
    policies: {
      public: policy('public', { maxBodyBytes: 16 * 1024 }),
      standard: policy('standard', { auth: { methods: ['apiKey', 'jwt'], scopes: ['orders:read'] }, maxBodyBytes: 1024 * 1024, failMode: 'closed' }),
      'orders-write': policy('orders-write', { auth: { methods: ['apiKey', 'jwt'], scopes: ['orders:write'] }, maxBodyBytes: 64 * 1024, failMode: 'closed' }),
    },
    consumers: [
      { name: 'acme-support-bot', tenant: 'acme', scopes: ['llm:chat', 'orders:read', 'orders:write'], credentials: [{ type: 'apiKey', sha256: sha(DEMO_KEYS.acme) }], limits: {} },
      { name: 'globex-dashboard', tenant: 'globex', scopes: ['orders:read'], credentials: [{ type: 'apiKey', sha256: sha(DEMO_KEYS.globex) }], limits: {} },
    ],
    auth: { jwt: null, oauth: null },
    clients: { maxTools: 128, maxToolNameLength: 64 },
  };
  return withId(bundle);
}

/** Recomputes the id after a test changed the bundle. */
export function withId(bundle: Bundle): Bundle {
  return { ...bundle, id: computeBundleId(bundle as unknown as Record<string, unknown>) };
}

/** Writes a bundle the way `uac publish file:` does: temp file + atomic rename. */
export async function writeBundleAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

export interface TestRuntime {
  /** Gateway base URL, e.g. http://127.0.0.1:43121 */
  url: string;
  gateway: Gateway;
  upstream: SampleUpstream;
  dir: string;
  bundlePath: string;
  /** Publishes a bundle to the watched file and resolves with the reload outcome. */
  publish(bundle: Bundle | string): Promise<ReloadOutcome>;
  close(): Promise<void>;
}

export interface TestRuntimeOptions {
  /** Bundle to serve; default `fixtureBundle(upstream.url)`. A function gets the sample upstream's URL. */
  bundle?: Bundle | ((upstreamUrl: string) => Bundle);
  env?: NodeJS.ProcessEnv;
  gateway?: Partial<GatewayOptions>;
}

/** Sample upstream + gateway on 127.0.0.1:0, serving a bundle file in a fresh temp folder. */
export async function startTestRuntime(opts: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const upstream = await startSampleUpstream({ ordersToken: ORDERS_TOKEN });
  const dir = await mkdtemp(join(tmpdir(), 'uac-rt-'));
  const bundlePath = join(dir, 'bundle.json');
  const bundle = typeof opts.bundle === 'function' ? opts.bundle(upstream.url) : (opts.bundle ?? fixtureBundle(upstream.url));
  await writeFile(bundlePath, JSON.stringify(bundle));
  let gateway: Gateway;
  try {
    gateway = await startGateway({
      bundlePath,
      port: 0,
      host: '127.0.0.1',
      env: { UAC_SECRET_ORDERS_TOKEN: ORDERS_TOKEN, ...opts.env },
      logger: createLogger({ level: 'silent' }),
      ...opts.gateway,
      server: { accessLog: false, ...opts.gateway?.server },
    });
  } catch (err) {
    await upstream.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: gateway.url as string,
    gateway,
    upstream,
    dir,
    bundlePath,
    publish(next) {
      const text = typeof next === 'string' ? next : JSON.stringify(next);
      return new Promise<ReloadOutcome>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error('no reload outcome within 10s'));
        }, 10_000);
        const off = gateway.reloader.onOutcome((o) => {
          clearTimeout(timer);
          off();
          resolve(o);
        });
        writeBundleAtomic(bundlePath, text).catch(reject);
      });
    },
    async close() {
      await gateway.close();
      await upstream.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RunningCli {
  child: import('node:child_process').ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in the stream's output so far or to come. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr', timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts a long-running `uac` command (serve, dev, start) from source. */
export async function spawnUac(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunningCli> {
  const { spawn } = await import('node:child_process');
  const { REPO_ROOT } = await import('./cli.js');
  const child = spawn(process.execPath, ['--import', 'tsx', `${REPO_ROOT}cli/main.ts`, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  const waiters = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (const s of ['stdout', 'stderr'] as const) {
    child[s]?.setEncoding('utf8').on('data', (d: string) => {
      out[s] += d;
      for (const w of [...waiters]) w();
    });
  }
  return {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    waitFor(pattern, stream = 'stderr', timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(out[stream]);
          if (m) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} on ${stream} within ${timeoutMs} ms; stderr: ${out.stderr.slice(-1000)}`));
        }, timeoutMs);
        waiters.add(check);
        exited.then(() => {
          if (waiters.has(check)) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`process exited before ${pattern}; stderr: ${out.stderr.slice(-1000)}`));
          }
        });
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
