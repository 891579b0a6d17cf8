import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SampleUpstream, startSampleUpstream } from '../sample/upstream.js';

let up: SampleUpstream;
beforeAll(async () => {
  up = await startSampleUpstream({ ordersToken: 'tok' });
});
afterAll(async () => {
  await up?.close();
});

const auth = { authorization: 'Bearer tok', 'content-type': 'application/json' };

describe('sample upstream (what contracts/ points at)', () => {
  it('requires the orders token the contracts send (secret ORDERS_TOKEN)', async () => {
    expect((await fetch(`${up.url}/orders/ord_1001`)).status).toBe(401);
    expect((await fetch(`${up.url}/orders/ord_1001`, { headers: auth })).status).toBe(200);
  });

  it('is deterministic: sequential ids, fixed timestamps, idempotency keys', async () => {
    const create = (key?: string) =>
      fetch(`${up.url}/orders`, {
        method: 'POST',
        headers: { ...auth, ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify({ customerId: 'cus_x', lines: [{ sku: 'TL-3001', quantity: 2 }] }),
      }).then((r) => r.json() as Promise<{ id: string; createdAt: string; totalCents: number }>);
    const a = await create('k');
    const again = await create('k');
    const b = await create();
    expect([a.id, again.id, b.id]).toEqual(['ord_1006', 'ord_1006', 'ord_1007']);
    expect([a.createdAt, b.createdAt]).toEqual(['2026-11-20T00:00:00Z', '2026-11-20T00:01:00Z']);
    expect(a.totalCents).toBe(17800);
  });

  it('lists, filters and sorts orders; cancels and updates them', async () => {
    const list = (await (await fetch(`${up.url}/orders?status=paid&status=shipped&sort=oldest`, { headers: auth })).json()) as { items: Array<{ id: string }> };
    expect(list.items.map((o) => o.id)).toEqual(['ord_1001', 'ord_1002']);
    expect((await fetch(`${up.url}/orders/ord_1002/cancel`, { method: 'POST', headers: auth })).status).toBe(409);
    const cancelled = (await (await fetch(`${up.url}/orders/ord_1003/cancel`, { method: 'POST', headers: auth })).json()) as { status: string };
    expect(cancelled.status).toBe('cancelled');
    const bad = await fetch(`${up.url}/orders/ord_1004/status`, { method: 'PUT', headers: auth, body: '{"status":"lost"}' });
    expect(bad.status).toBe(400);
    expect((await fetch(`${up.url}/orders/ord_4242`, { headers: auth })).status).toBe(404);
  });

  it('serves the catalog', async () => {
    const stock = (await (await fetch(`${up.url}/catalog/stock/BK-1001?warehouse=us-east`)).json()) as { units: number };
    expect(stock.units).toBe(30);
    const books = (await (await fetch(`${up.url}/catalog/products?category=books`)).json()) as { items: unknown[] };
    expect(books.items).toHaveLength(2);
  });

  it('answers OpenAI-style chat completions with usage, streamed or not', async () => {
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello there' }] };
    const plain = (await (await fetch(`${up.url}/llm/chat/completions`, { method: 'POST', body: JSON.stringify(body) })).json()) as {
      choices: Array<{ message: { content: string } }>;
      usage: { total_tokens: number };
    };
    expect(plain.choices[0]?.message.content).toBe('You said: hello there');
    expect(plain.usage.total_tokens).toBeGreaterThan(0);
    const res = await fetch(`${up.url}/llm/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const usage = JSON.parse((events.at(-2) as string).slice(6)) as { usage: { total_tokens: number } };
    expect(usage.usage.total_tokens).toBe(plain.usage.total_tokens);
  });
});
