/**
 * bench/proxy: what the gateway costs on the request path (SPEC 8).
 *
 * One run on loopback, autocannon in this process, every server in its own
 * child process (so the load generator never shares an event loop with them):
 *   1. the bare sample upstream,
 *   2. a bare fastify + @fastify/http-proxy reverse proxy (the baseline),
 *   3. `uac serve` REST with API-key auth (sample contracts' GET /shop/orders/{orderId}),
 *   4. `uac serve` MCP `tools/call` (2026-07-28, JSON response) of the same operation.
 * Prints a table and writes its section of bench/RESULTS.md.
 * Targets: REST ≥ 0.85× baseline, MCP ≥ 0.7× REST.
 *
 * `npx tsx bench/proxy/run.ts [--rounds N] [--duration S] [--warmup S] [--connections N] [--cpu-prof DIR]`
 *
 * `--cpu-prof DIR` writes a V8 CPU profile of the gateway process into DIR
 * (open it in Chrome DevTools or speedscope) and leaves RESULTS.md alone:
 * the profiler slows the gateway, so that run's numbers are not results.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { computeBundleId } from '../../bundle/canonical.js';
import type { Bundle } from '../../bundle/types.js';
import { compileRepo } from '../../compiler/build.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'RESULTS.md');
const DEMO_KEY = 'uac_demo_acme_0123456789abcdef';
const ORDER_ID = 'ord_1001';
const TOOL = 'orders_get';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    'cpu-prof': { type: 'string' },
  },
  strict: true,
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const profileDir = values['cpu-prof'];

const children: ChildProcess[] = [];

/** Starts a server in a child process and resolves with the URL it prints. */
function startChild(
  args: string[],
  pattern: RegExp,
  env: NodeJS.ProcessEnv = {},
  logsToNull = false,
  nodeFlags: string[] = [],
): Promise<{ url: string; pid: number }> {
  // The gateway's JSON access log goes to /dev/null, not through this (load-generating) process.
  // Built JavaScript runs as is, as users run it (tsx would add per-closure costs of its own).
  const loader = args[0]?.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeFlags, ...loader, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', logsToNull ? 'ignore' : 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = pattern.exec(seen);
      if (m) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        // Keep draining so a chatty child never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ url: m[1] as string, pid: child.pid as number });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${seen.slice(-500)}`)));
  });
}

interface Target {
  name: string;
  /** The server process whose CPU time is charged to this target. */
  pid: number;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

interface Measured {
  name: string;
  rps: number;
  /** CPU time (user + system) the server process spent per request, in µs; NaN where /proc is missing. */
  cpuUs: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function options(t: Target) {
  return { url: t.url, method: t.method, headers: t.headers, body: t.body, connections, pipelining: 1 };
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** user + system CPU ticks of a process (Linux /proc); NaN elsewhere. */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

/**
 * Throughput and latency depend on what else the machine runs; CPU time per
 * request of the server process does much less, so it is recorded too.
 */
async function measure(t: Target): Promise<Measured> {
  const before = cpuTicks(t.pid);
  const r = await autocannon({ ...options(t), duration });
  const cpuUs = ((cpuTicks(t.pid) - before) / CLK_TCK / Math.max(1, r.requests.total)) * 1e6;
  return { name: t.name, rps: r.requests.average, cpuUs, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Rounds interleave the targets so a load change on the machine hits all of them alike; the median round counts. */
async function measureAll(targets: Target[]): Promise<Measured[]> {
  for (const t of targets) await autocannon({ ...options(t), duration: warmup });
  const runs: Measured[][] = targets.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    for (const [i, t] of targets.entries()) {
      process.stderr.write(`round ${round}/${rounds}: ${t.name}…\n`);
      runs[i]?.push(await measure(t));
    }
  }
  return targets.map((t, i) => {
    const rs = runs[i] as Measured[];
    return {
      name: t.name,
      rps: median(rs.map((r) => r.rps)),
      cpuUs: median(rs.map((r) => r.cpuUs)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      errors: rs.reduce((s, r) => s + r.errors, 0),
      non2xx: rs.reduce((s, r) => s + r.non2xx, 0),
    };
  });
}

async function check(t: Target, expect: (body: string) => boolean): Promise<void> {
  const res = await fetch(t.url, { method: t.method, headers: t.headers, body: t.body });
  const text = await res.text();
  if (res.status !== 200 || !expect(text)) throw new Error(`${t.name}: unexpected answer ${res.status} ${text.slice(0, 300)}`);
}

async function main(): Promise<void> {
  // Measure the code users run: a fresh build of dist/ (tsx would add its own per-closure costs).
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const loadAtStart = loadavg()[0] ?? 0;
  const up = await startChild(['dist/sample/upstream.js', '--port', '0'], /sample upstream on (http:\/\/\S+)/);
  const upstream = up.url;

  // The sample contracts, pointed at this run's upstream (the id is recomputed: the runtime checks it).
  const { bundle, problems } = await compileRepo(join(ROOT, 'contracts'), { env: 'dev' });
  if (!bundle) throw new Error(`sample contracts do not build: ${problems.map((p) => `${p.code} ${p.message}`).join('; ')}`);
  const text = JSON.stringify(bundle).replaceAll('http://127.0.0.1:4010', upstream);
  const moved = JSON.parse(text) as Bundle;
  moved.id = computeBundleId(moved as unknown as Record<string, unknown>);
  const dir = await mkdtemp(join(tmpdir(), 'uac-bench-'));
  const bundlePath = join(dir, 'bundle.json');
  await writeFile(bundlePath, JSON.stringify(moved));

  const base = await startChild(['bench/proxy/baseline.mjs', upstream], /listening on (http:\/\/\S+)/);
  // The gateway stops cleanly on SIGTERM (cli/serve.ts), so a profile is written when the run ends.
  const profileFlags = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`];
  const gw = await startChild(
    ['dist/cli/main.js', 'serve', '--bundle', bundlePath, '--port', '0'],
    /on (http:\/\/127\.0\.0\.1:\d+) \(REST/,
    { UAC_SECRET_ORDERS_TOKEN: 'bench-token' },
    true,
    profileFlags,
  );

  const restRoute = moved.routes.find((r) => r.tool === TOOL);
  if (!restRoute) throw new Error(`the sample bundle has no ${TOOL} route`);
  const restPath = restRoute.path.replace('{orderId}', ORDER_ID);
  const mcpBody = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: {
      name: TOOL,
      arguments: { orderId: ORDER_ID },
      _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} },
    },
  });
  const targets: Target[] = [
    { name: 'upstream (direct)', pid: up.pid, url: `${upstream}/orders/${ORDER_ID}`, method: 'GET', headers: {} },
    { name: 'fastify + @fastify/http-proxy', pid: base.pid, url: `${base.url}/orders/${ORDER_ID}`, method: 'GET', headers: {} },
    { name: 'uac REST (API key)', pid: gw.pid, url: `${gw.url}${restPath}`, method: 'GET', headers: { 'x-api-key': DEMO_KEY } },
    {
      name: 'uac MCP tools/call',
      pid: gw.pid,
      url: `${gw.url}/mcp`,
      method: 'POST',
      headers: {
        'x-api-key': DEMO_KEY,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': TOOL,
      },
      body: mcpBody,
    },
  ];
  const hasOrder = (b: string) => b.includes(`"id":"${ORDER_ID}"`) || b.includes(`\\"id\\":\\"${ORDER_ID}\\"`);
  for (const t of targets) await check(t, (b) => hasOrder(b) && !b.includes('"isError":true'));

  const results = await measureAll(targets);
  await rm(dir, { recursive: true, force: true });

  const [direct, baseline, rest, mcp] = results as [Measured, Measured, Measured, Measured];
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0).toFixed(2);
  const us = (n: number) => (Number.isFinite(n) ? Math.round(n).toString() : '–');
  const rows = results.map((r) => {
    const vs =
      r === rest ? `${ratio(r.rps, baseline.rps)}× baseline` : r === mcp ? `${ratio(r.rps, rest.rps)}× REST` : r === baseline ? `${ratio(r.rps, direct.rps)}× direct` : '';
    return `| ${r.name} | ${fmt(r.rps)} | ${r.p50} | ${r.p99} | ${us(r.cpuUs)} | ${vs} | ${r.errors + r.non2xx} |`;
  });
  // Capacity ratios from CPU time per request: what the throughput ratio would be on an otherwise idle, CPU-bound machine.
  const capacity = (a: Measured, b: Measured) => (Number.isFinite(a.cpuUs) && a.cpuUs > 0 ? ratio(b.cpuUs, a.cpuUs) : '–');
  const restOk = rest.rps >= 0.85 * baseline.rps;
  const mcpOk = mcp.rps >= 0.7 * rest.rps;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    '<!-- proxy:start -->',
    '## proxy: request-path overhead (`npx tsx bench/proxy/run.ts`)',
    '',
    `Loopback, autocannon ${connections} connections, ${warmup}s warm-up then ${rounds} interleaved rounds of ${duration}s per target (median shown), servers in separate processes; ` +
      `Node ${process.version}, ${cpus().length} × ${cpu}. Operation: GET order ${ORDER_ID} (REST \`${restPath}\`, MCP \`${TOOL}\`), API key on the uac targets; uac with its default info-level access log. ` +
      `1-min load average at start: ${loadAtStart.toFixed(1)}: other work on the machine moves req/s between runs; CPU µs/req (user + system time of the server process per request) moves much less.`,
    '',
    '| target | req/s | p50 ms | p99 ms | CPU µs/req | ratio (req/s) | errors |',
    '|---|---:|---:|---:|---:|---|---:|',
    ...rows,
    '',
    `- REST ≥ 0.85× baseline: **${restOk ? 'met' : 'not met'}** (${ratio(rest.rps, baseline.rps)}× by req/s; ${capacity(rest, baseline)}× by CPU per request)`,
    `- MCP ≥ 0.7× REST: **${mcpOk ? 'met' : 'not met'}** (${ratio(mcp.rps, rest.rps)}× by req/s; ${capacity(mcp, rest)}× by CPU per request)`,
    '<!-- proxy:end -->',
  ].join('\n');
  process.stdout.write(`\n${section}\n`);
  if (profileDir !== undefined) {
    process.stdout.write(`\n(profiled run: the gateway's CPU profile goes to ${resolve(profileDir)}; RESULTS.md not updated)\n`);
    return;
  }

  const existing = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const start = existing.indexOf('<!-- proxy:start -->');
  const end = existing.indexOf('<!-- proxy:end -->');
  const next =
    start >= 0 && end > start
      ? `${existing.slice(0, start)}${section}${existing.slice(end + '<!-- proxy:end -->'.length)}`
      : `${existing.trimEnd()}\n\n${section}\n`;
  await writeFile(RESULTS, next);
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`bench/proxy: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) c.kill('SIGTERM');
  });
