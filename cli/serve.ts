import { pino } from 'pino';
import { UAC_VERSION } from '../compiler/version.js';
import { type Gateway, readKeyFile, StartupError, startGateway } from '../runtime/gateway.js';
import { createLogger } from '../runtime/observe/logger.js';
import { parseFlags, UsageError } from './args.js';

const HELP = `Usage: uac serve --bundle PATH [--port N] [--host H] [--verify-key PEM] [--secrets-dir DIR] [--stdio]

Serves a bundle over REST (under each API's basePath) and MCP (/mcp), and
hot-swaps it whenever the file changes (a bad new bundle is refused and the
old one keeps serving).

  --bundle PATH       bundle.json to serve and watch (a detached signature is read from PATH.sig)
  --port N            port to listen on (default 8080; 0 = any free port)
  --host H            address to listen on (default 127.0.0.1)
  --verify-key PEM    public key file: only bundles with a valid signature are served
  --secrets-dir DIR   folder of secret files (NAME → value) for \${secret:NAME}; env UAC_SECRET_<NAME> wins
  --allowed-origin O  extra Origin hostname allowed on /mcp (repeatable)
  --allowed-host H    extra Host name allowed on /mcp (repeatable)
  --stdio             serve the MCP tools on stdin/stdout instead of HTTP (logs go to stderr)

Endpoints: /healthz, /readyz, /_uac/bundle, /mcp, and the bundle's REST routes.
Logs: JSON lines (pino); level from UAC_LOG_LEVEL (default info).`;

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]', '::1'];

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (got '${value}')`);
  return n;
}

/** Stops the gateway on SIGINT/SIGTERM and resolves once it is closed. */
export function untilSignal(gateway: { close(): Promise<void> }): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      gateway.close().finally(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      bundle: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'verify-key': { type: 'string' },
      'secrets-dir': { type: 'string' },
      'allowed-origin': { type: 'string', multiple: true },
      'allowed-host': { type: 'string', multiple: true },
      stdio: { type: 'boolean' },
    },
    HELP,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'\n\n${HELP}`);
  if (!values.bundle) throw new UsageError(`--bundle is required\n\n${HELP}`);
  if (/^(https?|redis):\/\//.test(values.bundle)) throw new UsageError('only file bundle sources are supported by this build (--bundle PATH)');
  const port = parsePort(values.port, 8080);
  let verifyKeyPem: string | undefined;
  if (values['verify-key']) {
    try {
      verifyKeyPem = readKeyFile(values['verify-key']);
    } catch (err) {
      throw new UsageError(`cannot read --verify-key ${values['verify-key']}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  const stdio = values.stdio === true;
  // In stdio mode stdout carries the protocol: logs go to stderr.
  const logger = createLogger(stdio ? { destination: pino.destination(2) } : {});

  let gateway: Gateway;
  try {
    gateway = await startGateway({
      bundlePath: values.bundle,
      port,
      host: values.host ?? '127.0.0.1',
      verifyKeyPem,
      secretsDir: values['secrets-dir'],
      logger,
      listen: !stdio,
      server: {
        allowedOrigins: [...LOOPBACK, ...(values['allowed-origin'] ?? [])],
        allowedHosts: [...LOOPBACK, ...(values['allowed-host'] ?? [])],
        serverName: 'uac',
        serverVersion: UAC_VERSION,
      },
    });
  } catch (err) {
    if (err instanceof StartupError) {
      process.stderr.write(`uac serve: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') {
      process.stderr.write(`uac serve: cannot listen on ${values.host ?? '127.0.0.1'}:${port} (${e.code})\n`);
      return 2;
    }
    throw err;
  }

  if (stdio) {
    const { serveStdio } = await import('../runtime/mcp/index.js');
    await serveStdio(gateway.runtime, { serverName: 'uac', serverVersion: UAC_VERSION });
    await gateway.close();
    return 0;
  }
  process.stderr.write(`uac serve: bundle ${gateway.runtime.current()?.id} on ${gateway.url} (REST + ${gateway.url}/mcp)\n`);
  await untilSignal(gateway);
  return 0;
}
