import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SampleUpstream, startSampleUpstream } from '../sample/upstream.js';
import { REPO_ROOT, runCli } from './helpers/cli.js';
import { DEMO_KEYS, fixtureBundle, ORDERS_TOKEN, spawnUac } from './helpers/runtime.js';

const run = promisify(execFile);
let dir: string;
let upstream: SampleUpstream;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uac-cli-rt-'));
  upstream = await startSampleUpstream({ ordersToken: ORDERS_TOKEN });
});
afterAll(async () => {
  await upstream?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('uac serve: usage and I/O errors exit 2 with a clear message', () => {
  it('needs --bundle', async () => {
    const r = await runCli(['serve']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--bundle is required');
  });
  it('refuses a bad port and unknown flags', async () => {
    expect((await runCli(['serve', '--bundle', 'x.json', '--port', 'abc'])).code).toBe(2);
    const r = await runCli(['serve', '--bundle', 'x.json', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/frobnicate/);
  });
  it('a missing bundle file', async () => {
    const r = await runCli(['serve', '--bundle', join(dir, 'nope.json'), '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read bundle');
    expect(r.stderr).toContain('ENOENT');
  });
  it('a corrupt or mis-hashed bundle', async () => {
    const corrupt = join(dir, 'corrupt.json');
    await writeFile(corrupt, '{"format":');
    const r = await runCli(['serve', '--bundle', corrupt, '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bundle_not_json');
    const tampered = join(dir, 'tampered.json');
    await writeFile(tampered, JSON.stringify({ ...fixtureBundle(upstream.url), project: 'other' }));
    const t = await runCli(['serve', '--bundle', tampered, '--port', '0']);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('bundle_id_mismatch');
  });
});

describe('uac serve', () => {
  it('serves the bundle, logs JSON lines with request ids and no credentials, stops on SIGTERM', async () => {
    const path = join(dir, 'bundle.json');
    const bundle = fixtureBundle(upstream.url);
    await writeFile(path, JSON.stringify(bundle));
    const serve = await spawnUac(['serve', '--bundle', path, '--port', '0'], { env: { UAC_SECRET_ORDERS_TOKEN: ORDERS_TOKEN, UAC_LOG_LEVEL: 'info' } });
    try {
      const [, url] = await serve.waitFor(/on (http:\/\/127\.0\.0\.1:\d+) \(REST/);
      const res = await fetch(`${url}/shop/orders/ord_1001`, { headers: { 'x-api-key': DEMO_KEYS.acme, 'x-request-id': 'cli-test-1' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('uac-bundle')).toBe(bundle.id);
      const bad = await fetch(`${url}/shop/orders/ord_1001`, { headers: { authorization: 'Bearer not-a-key-secret-xyz' } });
      expect(bad.status).toBe(401);
      await serve.waitFor(/"reqId":"cli-test-1"/, 'stdout');
      const lines = serve
        .stdout()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.some((l) => l.msg === 'bundle activated' && l.bundle === bundle.id)).toBe(true);
      expect(lines.find((l) => l.reqId === 'cli-test-1')).toMatchObject({ method: 'GET', path: '/shop/orders/ord_1001', status: 200 });
      expect(serve.stdout()).not.toContain(DEMO_KEYS.acme);
      expect(serve.stdout()).not.toContain('not-a-key-secret-xyz');
      expect(serve.stdout()).not.toContain(ORDERS_TOKEN);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });
});

describe('uac serve --stdio', () => {
  it('serves the same tools over stdin/stdout, logs stay off stdout', async () => {
    const path = join(dir, 'stdio-bundle.json');
    await writeFile(path, JSON.stringify(fixtureBundle(upstream.url)));
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', `${REPO_ROOT}cli/main.ts`, 'serve', '--bundle', path, '--stdio'], {
      env: { ...process.env, UAC_LOG_LEVEL: 'info' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    const send = (m: unknown) => child.stdin.write(`${JSON.stringify(m)}\n`);
    const responseTo = async (id: number) => {
      for (let i = 0; i < 300; i++) {
        const line = out.split('\n').find((l) => l.includes(`"id":${id}`));
        if (line) return JSON.parse(line) as { result?: { tools?: Array<{ name: string }>; structuredContent?: { items?: unknown[] } } };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no response ${id}; stdout: ${out}`);
    };
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
    await responseTo(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} });
    const list = await responseTo(2);
    // Anonymous over stdio: only the public tools.
    expect(list.result?.tools?.map((t) => t.name).sort()).toEqual(['catalog_get_product', 'catalog_list_products']);
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'catalog_list_products', arguments: { category: 'games' } } });
    const called = await responseTo(3);
    expect(called.result?.structuredContent?.items).toHaveLength(1);
    // Every stdout line is a JSON-RPC message: no log line leaked there.
    for (const line of out.trim().split('\n')) expect((JSON.parse(line) as { jsonrpc: string }).jsonrpc).toBe('2.0');
    child.stdin.end();
    expect(await exited).toBe(0);
  });
});

describe('uac dev', () => {
  it('builds, serves, swaps on a saved change and keeps serving through a broken one', async () => {
    const repo = join(dir, 'repo');
    await cp(join(REPO_ROOT, 'contracts'), repo, { recursive: true });
    // Point the dev environment at this test's upstream.
    const uacYaml = join(repo, 'uac.yaml');
    await writeFile(uacYaml, (await readFile(uacYaml, 'utf8')).replaceAll('http://127.0.0.1:4010', upstream.url));
    const dev = await spawnUac(['dev', repo, '--port', '0'], { env: { UAC_SECRET_ORDERS_TOKEN: ORDERS_TOKEN, UAC_LOG_LEVEL: 'warn' } });
    try {
      const [, url] = await dev.waitFor(/serving .* on (http:\/\/127\.0\.0\.1:\d+)/);
      const idOf = async () => ((await (await fetch(`${url}/_uac/bundle`)).json()) as { id: string }).id;
      const first = await idOf();
      expect((await fetch(`${url}/catalog/products/BK-1001`)).status).toBe(200);

      const catalog = join(repo, 'apis', 'catalog.yaml');
      const original = await readFile(catalog, 'utf8');
      await writeFile(catalog, original.replace('One product by its SKU.', 'One product by its stock-keeping unit.'));
      await dev.waitFor(/swapped to sha256:[0-9a-f]{64}/);
      const second = await idOf();
      expect(second).not.toBe(first);

      // Broken YAML: problems are shown, the last good bundle keeps serving.
      await writeFile(catalog, `${original}\n  operations: [: broken\n`);
      await dev.waitFor(/build failed/);
      expect(await idOf()).toBe(second);
      expect((await fetch(`${url}/catalog/products/BK-1001`)).status).toBe(200);
    } finally {
      expect(await dev.stop()).toBe(0);
    }
  });
});

describe('uac start', () => {
  it('serves the sample on its upstream and the printed commands work', async () => {
    const start = await spawnUac(['start', '--port', '0']);
    try {
      const [, restLine] = await start.waitFor(/^ {2}(curl -H 'X-API-Key: \S+' \S+)$/m, 'stdout');
      const [, mcpLine] = await start.waitFor(/^ {2}(curl -s \S+\/mcp .*)$/m, 'stdout');
      const [, id] = await start.waitFor(/^bundle {2}(sha256:[0-9a-f]{64})$/m, 'stdout');
      const rest = await run('sh', ['-c', `${restLine} -s -i`]);
      expect(rest.stdout).toMatch(/^HTTP\/1\.1 200/);
      expect(rest.stdout).toContain(`uac-bundle: ${id}`);
      expect(rest.stdout).toContain('"id":"ord_1001"');
      const mcp = await run('sh', ['-c', mcpLine as string]);
      const listed = JSON.parse(mcp.stdout) as { result: { tools: Array<{ name: string }> } };
      expect(listed.result.tools.map((t) => t.name)).toContain('catalog_stock');
    } finally {
      expect(await start.stop()).toBe(0);
    }
  });
});
