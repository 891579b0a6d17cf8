/**
 * `serveStdio`: the same tools over stdio, for `uac serve --stdio`. A child
 * process runs the real runtime (sample upstream + fixture bundle) and
 * serves MCP on its stdin/stdout; real SDK clients of both eras talk to it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as V1StdioTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBundle, writeBundleAtomic } from './helpers/runtime.js';

const root = resolve(import.meta.dirname, '..');
let dir: string;
let script: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uac-mcp-stdio-'));
  script = join(dir, 'serve.mts');
  // Absolute imports: the script lives outside the repository.
  await writeFile(
    script,
    [
      `import { startTestRuntime } from ${JSON.stringify(join(root, 'test/helpers/runtime.ts'))};`,
      `import { serveStdio } from ${JSON.stringify(join(root, 'runtime/mcp/index.ts'))};`,
      'const rt = await startTestRuntime();',
      "process.stderr.write('BUNDLE ' + rt.bundlePath + '\\nUPSTREAM ' + rt.upstream.url + '\\n');",
      "await serveStdio(rt.gateway.runtime, { serverName: 'uac-stdio', serverVersion: '1.2.3' });",
      'await rt.close();',
      'process.exit(0);',
    ].join('\n'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const server = () => ({ command: process.execPath, args: ['--import', 'tsx', script], cwd: root, stderr: 'ignore' as const });

describe('MCP over stdio', () => {
  it('a 2026-07-28 client lists and calls tools', async () => {
    const client = new Client({ name: 'stdio-v2', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StdioClientTransport(server()));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('catalog_list_products');
      const result = await client.callTool({ name: 'catalog_list_products', arguments: { category: 'books' } });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { items: unknown[] }).items.length).toBeGreaterThan(0);
      const invalid = await client.callTool({ name: 'catalog_list_products', arguments: { category: 'cars' } });
      expect(invalid.isError).toBe(true);
      expect(JSON.stringify(invalid.content)).toContain('category');
    } finally {
      await client.close();
    }
  });

  it('a 2025-era client (v1 SDK) initializes, lists and calls tools', async () => {
    const client = new V1Client({ name: 'stdio-v1', version: '1' });
    await client.connect(new V1StdioTransport(server()));
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'uac-stdio', version: '1.2.3' });
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('catalog_list_products');
      const result = await client.callTool({ name: 'catalog_list_products', arguments: {} });
      expect((result.structuredContent as { items: unknown[] }).items.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('pushes tools/list_changed to a 2025-era connection for a tool-changing swap only', async () => {
    const transport = new V1StdioTransport({ ...server(), stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const client = new V1Client({ name: 'stdio-v1-push', version: '1' });
    const changes: string[] = [];
    client.setNotificationHandler(ToolListChangedNotificationSchema, (n) => {
      changes.push(n.method);
    });
    await client.connect(transport);
    try {
      expect(client.getServerCapabilities()?.tools?.listChanged).toBe(true);
      const bundleId = async () => ((await client.listTools())._meta as Record<string, unknown> | undefined)?.['dev.uac/bundle'];
      const value = (prefix: string) => stderr.split('\n').find((l) => l.startsWith(prefix))?.slice(prefix.length);
      // stderr and stdout are separate pipes: the line may arrive after the handshake.
      while (value('UPSTREAM ') === undefined) await new Promise((r) => setImmediate(r));
      const bundlePath = value('BUNDLE ') as string;
      const upstreamUrl = value('UPSTREAM ') as string;

      // Each step waits until the server serves the bundle it was given, so no swap is coalesced away.
      const sameTools = fixtureBundle(upstreamUrl, { revision: 'same-tools' });
      await writeBundleAtomic(bundlePath, JSON.stringify(sameTools));
      while ((await bundleId()) !== sameTools.id) await new Promise((r) => setImmediate(r));
      const changed = fixtureBundle(upstreamUrl, { variant: 'b' });
      await writeBundleAtomic(bundlePath, JSON.stringify(changed));
      while ((await bundleId()) !== changed.id) await new Promise((r) => setImmediate(r));
      // The answer naming the new bundle came after the swap's notification on the same ordered stream.
      expect(changes).toEqual(['notifications/tools/list_changed']);
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('catalog_product');
    } finally {
      await client.close();
    }
  });
});
