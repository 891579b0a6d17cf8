/**
 * Unexpected (non-Gateway) failures during an MCP tool call: the caller gets
 * a generic isError result, and the gateway logs the failure as REST does —
 * on both the fast path (2026-07-28 client) and the SDK path (2025-era client).
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../runtime/observe/logger.js';
import type { Stage } from '../runtime/pipeline/pipeline.js';
import { startTestRuntime, type TestRuntime } from './helpers/runtime.js';

const lines: Array<Record<string, unknown>> = [];
const broken: Stage = {
  name: 'broken',
  run() {
    throw new Error('limits backend exploded');
  },
};

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime({
    gateway: {
      logger: createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } }),
      pipeline: { limits: [broken] },
    },
  });
});
afterAll(async () => {
  await rt?.close();
});

function failuresLogged(): Array<Record<string, unknown>> {
  return lines.filter((l) => l.msg === 'request failed' && (l.err as { message?: string } | undefined)?.message === 'limits backend exploded');
}

describe('MCP logs unexpected failures like REST', () => {
  it('REST logs it (the reference behaviour)', async () => {
    const before = failuresLogged().length;
    const res = await fetch(`${rt.url}/catalog/products`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('exploded');
    expect(failuresLogged().length).toBe(before + 1);
  });

  it('a 2026-07-28 client gets a generic isError result and the failure is logged with its request id', async () => {
    const before = failuresLogged().length;
    const client = new Client({ name: 'log-v2', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${rt.url}/mcp`)));
    try {
      const result = await client.callTool({ name: 'catalog_list_products', arguments: {} });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result)).not.toContain('exploded');
    } finally {
      await client.close();
    }
    const logged = failuresLogged().slice(before);
    expect(logged.length).toBe(1);
    expect(typeof logged[0]?.reqId).toBe('string');
  });

  it('a 2025-era client (SDK path) likewise', async () => {
    const before = failuresLogged().length;
    const client = new V1Client({ name: 'log-v1', version: '1' });
    await client.connect(new V1Transport(new URL(`${rt.url}/mcp`)));
    try {
      const result = await client.callTool({ name: 'catalog_list_products', arguments: {} });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result)).not.toContain('exploded');
    } finally {
      await client.close();
    }
    expect(failuresLogged().length).toBe(before + 1);
  });
});
