import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEYS, startTestRuntime, type TestRuntime } from './helpers/runtime.js';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

const acme = { 'x-api-key': DEMO_KEYS.acme };

describe('REST routes of the active bundle', () => {
  it('serves a public route with the bundle id and a request id', async () => {
    const res = await fetch(`${rt.url}/catalog/products?category=books&limit=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('uac-bundle')).toBe(rt.gateway.runtime.current()?.id);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await res.json()) as { items: Array<{ sku: string; category: string }> };
    expect(body.items).toEqual([expect.objectContaining({ sku: 'BK-1001', category: 'books' })]);
    const seen = rt.upstream.received.at(-1);
    expect(seen?.url).toBe('/catalog/products?category=books&limit=1');
  });

  it('maps path parameters and forwards the request id, forwarding headers and the upstream secret', async () => {
    const res = await fetch(`${rt.url}/shop/orders/ord_1002`, { headers: { ...acme, 'x-request-id': 'req-abc.1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-abc.1');
    expect(((await res.json()) as { id: string }).id).toBe('ord_1002');
    const seen = rt.upstream.received.at(-1);
    expect(seen?.url).toBe('/orders/ord_1002');
    expect(seen?.headers['x-request-id']).toBe('req-abc.1');
    expect(seen?.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen?.headers['x-forwarded-proto']).toBe('http');
    expect(seen?.headers['x-forwarded-host']).toBe(new URL(rt.url).host);
    // The caller's own credential never reaches the upstream; the contract's secret header does.
    expect(seen?.headers['x-api-key']).toBeUndefined();
    expect(seen?.headers.authorization).toBe('Bearer test-orders-token');
  });

  it('accepts the API key as a Bearer token', async () => {
    const res = await fetch(`${rt.url}/shop/orders/ord_1001`, { headers: { authorization: `Bearer ${DEMO_KEYS.globex}` } });
    expect(res.status).toBe(200);
  });

  it('creates an order from a JSON body and a header parameter', async () => {
    const res = await fetch(`${rt.url}/shop/orders`, {
      method: 'POST',
      headers: { ...acme, 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ customerId: 'cus_test', lines: [{ sku: 'BK-1002', quantity: 2 }] }),
    });
    expect(res.status).toBe(201);
    const order = (await res.json()) as { id: string; totalCents: number };
    expect(order.totalCents).toBe(5800);
    const seen = rt.upstream.received.at(-1);
    expect(seen?.headers['idempotency-key']).toBe('k-1');
    expect(JSON.parse(seen?.body ?? '')).toEqual({ customerId: 'cus_test', lines: [{ sku: 'BK-1002', quantity: 2 }] });
  });

  it('answers HEAD on a GET route with the GET status and headers, no body', async () => {
    const res = await fetch(`${rt.url}/catalog/products/BK-1001`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('');
  });

  it('passes upstream 4xx answers through', async () => {
    const res = await fetch(`${rt.url}/shop/orders/ord_9999`, { headers: acme });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('not_found');
  });
});

describe('REST errors are problem+json with a stable code', () => {
  async function problem(res: Response) {
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as { code: string; status: number; detail: string; requestId: string; errors?: unknown };
    expect(body.status).toBe(res.status);
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    return body;
  }

  it('unknown route → 404 not_found', async () => {
    const res = await fetch(`${rt.url}/nope`);
    expect(res.status).toBe(404);
    expect((await problem(res)).code).toBe('not_found');
  });

  it('known path, wrong method → 405 method_not_allowed with Allow', async () => {
    const res = await fetch(`${rt.url}/shop/orders/ord_1001`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect((await problem(res)).code).toBe('method_not_allowed');
  });

  it('no credentials on a protected route → 401 with WWW-Authenticate', async () => {
    const res = await fetch(`${rt.url}/shop/orders/ord_1001`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await problem(res)).code).toBe('unauthorized');
  });

  it('a wrong key → 401, also on a public route (never a silent downgrade)', async () => {
    for (const path of ['/shop/orders/ord_1001', '/catalog/products']) {
      const res = await fetch(`${rt.url}${path}`, { headers: { 'x-api-key': 'uac_demo_acme_0123456789abcdeX' } });
      expect(res.status).toBe(401);
      const body = await problem(res);
      expect(body.code).toBe('unauthorized');
      expect(JSON.stringify(body)).not.toContain('uac_demo');
    }
  });

  it('missing scope → 403 insufficient_scope naming the scope', async () => {
    const res = await fetch(`${rt.url}/shop/orders/ord_1001/cancel`, { method: 'POST', headers: { 'x-api-key': DEMO_KEYS.globex } });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('scope="orders:write"');
    const body = (await problem(res)) as unknown as { code: string; missingScopes: string[] };
    expect(body.code).toBe('insufficient_scope');
    expect(body.missingScopes).toEqual(['orders:write']);
  });

  it('invalid input → 400 invalid_input naming the field, before the upstream is called', async () => {
    const before = rt.upstream.received.length;
    const res = await fetch(`${rt.url}/shop/orders/not-an-order`, { headers: acme });
    expect(res.status).toBe(400);
    const body = (await problem(res)) as unknown as { code: string; errors: Array<{ path: string }> };
    expect(body.code).toBe('invalid_input');
    expect(body.errors[0]?.path).toBe('/orderId');
    expect(rt.upstream.received.length).toBe(before);
  });

  it('query values are coerced and validated', async () => {
    const res = await fetch(`${rt.url}/catalog/products?limit=500`);
    expect(res.status).toBe(400);
    const body = (await problem(res)) as unknown as { errors: Array<{ path: string }> };
    expect(body.errors[0]?.path).toBe('/limit');
  });

  it('a body that is not JSON → 400 invalid_json; a wrong media type → 415', async () => {
    const bad = await fetch(`${rt.url}/shop/orders`, { method: 'POST', headers: { ...acme, 'content-type': 'application/json' }, body: '{"customerId":' });
    expect(bad.status).toBe(400);
    expect((await problem(bad)).code).toBe('invalid_json');
    const form = await fetch(`${rt.url}/shop/orders`, { method: 'POST', headers: { ...acme, 'content-type': 'text/plain' }, body: 'hello' });
    expect(form.status).toBe(415);
    expect((await problem(form)).code).toBe('unsupported_media_type');
  });

  it('an oversized body → 413 payload_too_large, streamed or declared, and never reaches the upstream', async () => {
    const before = rt.upstream.received.length;
    // orders-write limits bodies to 64 KiB.
    const big = JSON.stringify({ customerId: 'c', lines: [{ sku: 'x', quantity: 1 }], note: 'x'.repeat(70 * 1024) });
    const res = await fetch(`${rt.url}/shop/orders`, { method: 'POST', headers: { ...acme, 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
    const body = (await problem(res)) as unknown as { code: string; limit: number };
    expect(body.code).toBe('payload_too_large');
    expect(body.limit).toBe(64 * 1024);
    // Streamed without a Content-Length.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 80; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        c.close();
      },
    });
    const res2 = await fetch(`${rt.url}/shop/orders`, {
      method: 'POST',
      headers: { ...acme, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res2.status).toBe(413);
    expect(rt.upstream.received.length).toBe(before);
    // The gateway keeps serving.
    expect((await fetch(`${rt.url}/catalog/products`)).status).toBe(200);
  });
});

describe('gateway endpoints', () => {
  it('healthz, readyz and /_uac/bundle', async () => {
    expect((await fetch(`${rt.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${rt.url}/readyz`);
    expect(ready.status).toBe(200);
    const id = rt.gateway.runtime.current()?.id;
    expect(await ready.json()).toEqual({ status: 'ready', bundle: id });
    const info = await fetch(`${rt.url}/_uac/bundle`);
    expect(info.headers.get('uac-bundle')).toBe(id);
    expect(await info.json()).toMatchObject({ id, project: 'acme-platform', environment: 'test', tools: 5, routes: 5 });
  });
});
