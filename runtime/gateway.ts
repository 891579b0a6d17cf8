import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { secretSource } from './activate/secrets.js';
import { createLogger, type Logger } from './observe/logger.js';
import { defaultPipeline, type PipelineExtensions } from './pipeline/default.js';
import { createRuntime, type SwappableRuntime } from './runtime.js';
import { createServer, type ServerOptions } from './server.js';
import { readBundleFile, watchBundleFile } from './source/file.js';
import { createReloader, type Reloader } from './source/reloader.js';
import { createUpstreamClient } from './upstream/client.js';

export interface GatewayOptions {
  /** Bundle file to serve and watch; omit to start without one (e.g. `uac dev` swaps bundles in itself). */
  bundlePath?: string;
  port?: number;
  host?: string;
  /** PEM text of the public key bundles must be signed with. */
  verifyKeyPem?: string;
  secretsDir?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Extra pipeline stages (rate limits, quotas, budgets). */
  pipeline?: PipelineExtensions;
  /** Don't listen on TCP (stdio mode). */
  listen?: boolean;
  server?: Pick<ServerOptions, 'allowedHosts' | 'allowedOrigins' | 'accessLog' | 'serverName' | 'serverVersion'>;
}

export interface Gateway {
  app: FastifyInstance;
  runtime: SwappableRuntime;
  reloader: Reloader;
  logger: Logger;
  /** `http://host:port` once listening, else null. */
  url: string | null;
  close(): Promise<void>;
}

/** Thrown when the first bundle cannot be served: `uac serve` exits 2 rather than run empty-handed by mistake. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/**
 * Assembles a running gateway: upstream client → pipeline → runtime →
 * fastify server, plus the file source when a bundle path is given.
 */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const logger = opts.logger ?? createLogger();
  const client = createUpstreamClient();
  const runtime = createRuntime(defaultPipeline(client, opts.pipeline), (err) => logger.error({ err }, 'swap listener failed'));
  const reloader = createReloader(runtime, { secrets: secretSource(opts.env ?? process.env, opts.secretsDir), verifyKeyPem: opts.verifyKeyPem }, logger);

  let watcher: { close(): void } | null = null;
  if (opts.bundlePath) {
    const path = resolve(opts.bundlePath);
    let snap: Awaited<ReturnType<typeof readBundleFile>>;
    try {
      snap = await readBundleFile(path);
    } catch (err) {
      await client.close();
      throw new StartupError(`cannot read bundle ${opts.bundlePath}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    const first = await reloader.apply(snap.text, snap.signature, path);
    if (first.kind === 'rejected') {
      await client.close();
      throw new StartupError(`bundle ${opts.bundlePath} refused (${first.code}): ${first.message}`);
    }
    watcher = watchBundleFile(
      path,
      async (next) => {
        await reloader.apply(next.text, next.signature, path);
      },
      { initialDigest: snap.digest, onError: (err) => logger.error({ err }, 'bundle watch failed') },
    );
  }

  const app = await createServer({ runtime, logger, ...opts.server });
  let url: string | null = null;
  if (opts.listen ?? true) {
    await app.listen({ port: opts.port ?? 8080, host: opts.host ?? '127.0.0.1' });
    const addr = app.server.address() as AddressInfo;
    url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  }
  return {
    app,
    runtime,
    reloader,
    logger,
    url,
    async close() {
      watcher?.close();
      await app.close();
      await client.close();
    },
  };
}

/** Reads a PEM file for `--verify-key`. */
export function readKeyFile(path: string): string {
  return readFileSync(path, 'utf8');
}
