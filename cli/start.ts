import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileRepo } from '../compiler/build.js';
import { hasErrors } from '../compiler/problems.js';
import { UAC_VERSION } from '../compiler/version.js';
import { type Gateway, startGateway } from '../runtime/gateway.js';
import { createLogger } from '../runtime/observe/logger.js';
import { type SampleUpstream, startSampleUpstream } from '../sample/upstream.js';
import { parseFlags, UsageError } from './args.js';
import { parsePort, untilSignal } from './serve.js';

const HELP = `Usage: uac start [--port N]

Builds the sample contracts (contracts/), starts the sample upstream they
point at on 127.0.0.1:4010 and serves them on http://127.0.0.1:8080 with
in-memory stores. Nothing else is needed. Ctrl-C stops both.

  --port N   gateway port (default 8080; 0 = any free port)`;

/** Demo key of contracts/README.md (consumer acme-support-bot): for local use only. */
const DEMO_KEY = 'uac_demo_acme_0123456789abcdef';
/** The sample upstream expects this token from the gateway (the contracts' \${secret:ORDERS_TOKEN}). */
const DEMO_ORDERS_TOKEN = 'sample-orders-token';
const UPSTREAM_PORT = 4010;

/** contracts/ next to the package root, from the source tree (cli/) or the build (dist/cli/). */
function contractsDir(): string {
  for (const rel of ['../contracts', '../../contracts']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}/uac.yaml`)) return dir;
  }
  throw new UsageError('cannot find the sample contracts (contracts/uac.yaml) next to this installation');
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, { port: { type: 'string' } }, HELP);
  if (!parsed) return 0;
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'\n\n${HELP}`);
  const port = parsePort(parsed.values.port, 8080);

  const dir = contractsDir();
  const { bundle, problems } = await compileRepo(dir, { env: 'dev' });
  if (!bundle || hasErrors(problems)) {
    for (const p of problems) process.stderr.write(`contracts/${p.file}:${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}\n`);
    process.stderr.write('uac start: the sample contracts do not build\n');
    return 1;
  }

  const ordersToken = process.env.UAC_SECRET_ORDERS_TOKEN ?? DEMO_ORDERS_TOKEN;
  let upstream: SampleUpstream;
  try {
    upstream = await startSampleUpstream({ port: UPSTREAM_PORT, ordersToken, keepReceived: 0 });
  } catch (err) {
    process.stderr.write(`uac start: cannot start the sample upstream on 127.0.0.1:${UPSTREAM_PORT} (${(err as NodeJS.ErrnoException).code ?? String(err)})\n`);
    return 2;
  }
  let gateway: Gateway;
  try {
    gateway = await startGateway({
      port,
      host: '127.0.0.1',
      env: { ...process.env, UAC_SECRET_ORDERS_TOKEN: ordersToken },
      logger: createLogger({ level: process.env.UAC_LOG_LEVEL ?? 'warn' }),
      server: { serverName: 'uac', serverVersion: UAC_VERSION },
    });
  } catch (err) {
    await upstream.close();
    process.stderr.write(`uac start: cannot listen on 127.0.0.1:${port} (${(err as NodeJS.ErrnoException).code ?? String(err)})\n`);
    return 2;
  }
  const applied = await gateway.reloader.apply(JSON.stringify(bundle), null, dir);
  if (applied.kind === 'rejected') {
    await gateway.close();
    await upstream.close();
    process.stderr.write(`uac start: bundle refused (${applied.code}): ${applied.message}\n`);
    return 1;
  }

  const url = gateway.url as string;
  const listMeta = '{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}';
  process.stdout.write(
    [
      `uac ${UAC_VERSION}: serving the sample contracts on ${url} (sample upstream on ${upstream.url})`,
      `bundle  ${bundle.id}`,
      '',
      'REST    (demo API key of contracts/README.md):',
      `  curl -H 'X-API-Key: ${DEMO_KEY}' ${url}/shop/orders/ord_1001`,
      `  curl '${url}/catalog/products?category=books'`,
      '',
      `MCP     ${url}/mcp  (Streamable HTTP; send X-API-Key: ${DEMO_KEY} to see the order tools)`,
      `  curl -s ${url}/mcp -H 'content-type: application/json' -H 'accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/list' -d '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":${listMeta}}}'`,
      `  or: npx @modelcontextprotocol/inspector  (Node >= 22; transport Streamable HTTP, URL ${url}/mcp)`,
      '',
      'Ctrl-C stops.',
      '',
    ].join('\n'),
  );
  await untilSignal({
    async close() {
      await gateway.close();
      await upstream.close();
    },
  });
  return 0;
}
