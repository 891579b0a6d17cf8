import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Route } from '../bundle/types.js';
import { fixtureBundle, ORDERS_TOKEN, startTestRuntime, type TestRuntime, withId } from './helpers/runtime.js';

/** Requests to `/hang` the upstream has seen, resolved when the gateway closes them. */
const hangs: Array<{ closed: Promise<void> }> = [];
let hangSeen: (() => void) | null = null;

/** An upstream that misbehaves on purpose, one way per path. */
function faultyUpstream(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    switch (req.url) {
      case '/trickle': {
        // A byte every 50 ms, each inside the route's timeout: only an overall deadline stops it.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        let n = 0;
        const tick = setInterval(() => {
          n++;
          if (n >= 80 || res.destroyed) {
            clearInterval(tick);
            if (!res.destroyed) res.end('1]');
            return;
          }
          res.write('1,');
        }, 50);
        res.once('close', () => clearInterval(tick));
        return;
      }
      case '/hang':
        // Never answers; records when the gateway gives up on the request.
        hangs.push({ closed: new Promise<void>((r) => res.once('close', () => r())) });
        hangSeen?.();
        return;
      case '/slow':
        // Never answers within the route's timeout; the socket is closed at teardown.
        return;
      case '/reset':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"items": [1, 2, ');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      case '/boom':
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('database at 10.0.0.7 is down');
        return;
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>maintenance</html>');
        return;
      case '/hop':
        res.writeHead(200, {
          'content-type': 'application/json',
          connection: 'x-hop-only',
          'x-hop-only': 'secret-internal',
          'keep-alive': 'timeout=5',
          'set-cookie': 'session=upstream',
          'x-kept': 'yes',
        });
        res.end(JSON.stringify({ sawHeaders: req.headers }));
        return;
      case '/badjson':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"not": json');
        return;
      default:
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

function faultRoute(name: string, upstreamUrl: string, timeoutMs = 300): Route {
  return {
    id: `faults.${name}`,
    api: 'faults',
    operationId: name,
    method: 'GET',
    path: `/faults/${name}`,
    upstream: { url: upstreamUrl, path: `/${name}`, timeoutMs, headers: {} },
    params: [],
    body: null,
    policies: ['public'],
    expose: { rest: true, mcp: false },
    tool: null,
    validate: { input: { type: 'object' } },
    response: { status: 200, contentType: 'application/json' },
  };
}

let rt: TestRuntime;
let faulty: { server: Server; url: string };
let refusedUrl: string;

beforeAll(async () => {
  faulty = await faultyUpstream();
  // A port that was just free: nothing listens there.
  const tmp = createServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', () => r()));
  refusedUrl = `http://127.0.0.1:${(tmp.address() as AddressInfo).port}`;
  await new Promise<void>((r) => tmp.close(() => r()));

  rt = await startTestRuntime({
    bundle: (url) => {
      const base = fixtureBundle(url);
      const extra = ['slow', 'reset', 'boom', 'html', 'badjson', 'fine', 'hop', 'trickle'].map((n) => faultRoute(n, faulty.url));
      extra.push({ ...faultRoute('refused', refusedUrl), id: 'faults.refused' });
      // Long enough that only the client going away can end it within the test.
      extra.push(faultRoute('hang', faulty.url, 60_000));
      extra.push(faultRoute('badurl', 'http://[not-an-address'));
      const b: Bundle = { ...base, routes: [...base.routes, ...extra].sort((x, y) => (x.id < y.id ? -1 : 1)) };
      return withId(b);
    },
  });
});
afterAll(async () => {
  await rt?.close();
  faulty?.server.closeAllConnections();
  await new Promise<void>((r) => faulty?.server.close(() => r()));
});

async function call(name: string) {
  const res = await fetch(`${rt.url}/faults/${name}`);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: JSON.parse(text) as { code: string; detail: string } };
}

describe('upstream faults: each a clear error, and the gateway keeps serving', () => {
  const cases: Array<[string, number, string]> = [
    ['refused', 502, 'upstream_unavailable'],
    ['slow', 504, 'upstream_timeout'],
    ['reset', 502, 'upstream_reset'],
    ['boom', 502, 'upstream_error'],
    ['html', 502, 'upstream_bad_response'],
    ['badjson', 502, 'upstream_bad_response'],
    ['trickle', 504, 'upstream_timeout'],
    ['badurl', 502, 'upstream_unavailable'],
  ];
  for (const [name, status, code] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const r = await call(name);
      expect(r.status).toBe(status);
      expect(r.type).toBe('application/problem+json');
      expect(r.body.code).toBe(code);
      // No upstream internals leak into the error.
      expect(JSON.stringify(r.body)).not.toMatch(/10\.0\.0\.7|127\.0\.0\.1|maintenance/);
      const ok = await call('fine');
      expect(ok.status).toBe(200);
      expect((await fetch(`${rt.url}/catalog/products`)).status).toBe(200);
    });
  }

  it('a missing secret is a clear error that does not name its value', async () => {
    const other = await startTestRuntime({ env: { UAC_SECRET_ORDERS_TOKEN: undefined } });
    try {
      expect(other.gateway.runtime.current()?.warnings.join('\n')).toMatch(/ORDERS_TOKEN not configured/);
      const res = await fetch(`${other.url}/shop/orders/ord_1001`, { headers: { 'x-api-key': 'uac_demo_acme_0123456789abcdef' } });
      expect(res.status).toBe(500);
      const body = (await res.json()) as { code: string; secrets: string[] };
      expect(body.code).toBe('secret_unavailable');
      expect(body.secrets).toEqual(['ORDERS_TOKEN']);
    } finally {
      await other.close();
    }
  });
});

describe('client disconnect', () => {
  it('aborts the upstream request when the REST client goes away', async () => {
    const seen = new Promise<void>((r) => {
      hangSeen = r;
    });
    const client = new AbortController();
    const pending = fetch(`${rt.url}/faults/hang`, { signal: client.signal }).catch((err: unknown) => err);
    await seen;
    hangSeen = null;
    client.abort();
    expect(await pending).toBeInstanceOf(Error);
    // The upstream sees its request closed (the route timeout is 60 s, so only the abort can do this).
    await hangs[hangs.length - 1]?.closed;
    expect(hangs.length).toBe(1);
    expect((await fetch(`${rt.url}/faults/fine`)).status).toBe(200);
  });
});

describe('secrets are read per activation', () => {
  it('a secret file added after start is used once the next (changed) bundle activates', async () => {
    const secretsDir = await mkdtemp(join(tmpdir(), 'uac-secrets-'));
    const other = await startTestRuntime({ env: { UAC_SECRET_ORDERS_TOKEN: undefined }, gateway: { secretsDir } });
    try {
      const get = () => fetch(`${other.url}/shop/orders/ord_1001`, { headers: { 'x-api-key': 'uac_demo_acme_0123456789abcdef' } });
      const before = await get();
      expect(before.status).toBe(500);
      expect(((await before.json()) as { code: string }).code).toBe('secret_unavailable');

      await writeFile(join(secretsDir, 'ORDERS_TOKEN'), `${ORDERS_TOKEN}\n`);
      const outcome = await other.publish(fixtureBundle(other.upstream.url, { revision: 'rotated' }));
      expect(outcome.kind).toBe('swapped');
      expect(other.gateway.runtime.current()?.warnings).toEqual([]);
      const after = await get();
      expect(after.status).toBe(200);
      expect(other.upstream.received.at(-1)?.headers.authorization).toBe(`Bearer ${ORDERS_TOKEN}`);
    } finally {
      await other.close();
      await rm(secretsDir, { recursive: true, force: true });
    }
  });
});

describe('authorization schemes', () => {
  it('a non-Bearer Authorization header is 401 unauthorized with WWW-Authenticate, not anonymous', async () => {
    const res = await fetch(`${rt.url}/catalog/products`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="uac"/);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe('unauthorized');
    expect(JSON.stringify(body)).not.toContain('dXNlcjpwYXNz');
    // Without the header the same public route still answers anonymously.
    expect((await fetch(`${rt.url}/catalog/products`)).status).toBe(200);
  });
});

describe('hop-by-hop headers', () => {
  it('are stripped both ways; end-to-end headers pass', async () => {
    const res = await fetch(`${rt.url}/faults/hop`, {
      headers: { connection: 'x-client-hop', 'x-client-hop': 'leak', te: 'trailers', 'proxy-authorization': 'Basic abc', accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-kept')).toBe('yes');
    expect(res.headers.get('x-hop-only')).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();
    const { sawHeaders } = (await res.json()) as { sawHeaders: Record<string, string> };
    expect(sawHeaders['x-client-hop']).toBeUndefined();
    expect(sawHeaders.te).toBeUndefined();
    expect(sawHeaders['proxy-authorization']).toBeUndefined();
    expect(sawHeaders.accept).toBe('application/json');
    expect(sawHeaders['x-request-id']).toBe(res.headers.get('x-request-id'));
  });
});
