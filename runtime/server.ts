import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { registerMcp } from './mcp/index.js';
import type { Logger } from './observe/logger.js';
import { restHandler, sendProblem } from './rest/handler.js';
import { GatewayError } from './pipeline/types.js';
import type { Runtime } from './runtime.js';

export interface ServerOptions {
  runtime: Runtime;
  logger: Logger;
  /** Origins allowed on /mcp (hostnames; see runtime/mcp). Default: loopback names. */
  allowedOrigins?: string[];
  /** Host header values allowed on /mcp. Default: loopback names. */
  allowedHosts?: string[];
  serverName?: string;
  serverVersion?: string;
  /** One log line per request (method, path, status, duration). Default true. */
  accessLog?: boolean;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]', '::1'];
/** A caller's request id is reused only when it is a plain token (it reaches logs and the upstream). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The gateway's HTTP server. Fastify routes are fixed (health, bundle info,
 * /mcp, and one REST catch-all); the REST route table lives in the active
 * bundle and swaps with it, so a new bundle never restarts fastify.
 */
export async function createServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { runtime } = opts;
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    // One access line per request from our own hook (fastify's two lines per request cost throughput).
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 1024 },
    bodyLimit: 4 * 1024 * 1024,
    // A client must finish sending its request (headers and body) within a minute: a slow
    // body cannot hold a connection forever. Long responses (MCP listen streams) are not affected.
    requestTimeout: 60_000,
  });

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    const active = runtime.current();
    if (active) reply.header('uac-bundle', active.id);
    done();
  });
  if (opts.accessLog ?? true) {
    app.addHook('onResponse', (request, reply, done) => {
      const url = request.raw.url ?? '';
      const q = url.indexOf('?');
      request.log.info(
        { reqId: request.id, method: request.method, path: q < 0 ? url : url.slice(0, q), status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
        'request',
      );
      done();
    });
  }
  app.setErrorHandler((err, request, reply) => {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) return sendProblem(reply, new GatewayError('payload_too_large', 413, 'request body is too large'), request.id);
    if (status !== undefined && status >= 400 && status < 500) {
      return sendProblem(reply, new GatewayError('bad_request', status, err instanceof Error ? err.message : 'bad request'), request.id);
    }
    return sendProblem(reply, err, request.id);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const active = runtime.current();
    if (!active) return reply.code(503).send({ status: 'not_ready', reason: 'no bundle is active yet' });
    return { status: 'ready', bundle: active.id };
  });
  app.get('/_uac/bundle', async (request, reply) => {
    const active = runtime.current();
    if (!active) return sendProblem(reply, new GatewayError('no_bundle', 503, 'no bundle is active yet'), request.id);
    const b = active.bundle;
    return {
      id: b.id,
      project: b.project,
      environment: b.environment,
      compiler: b.compiler,
      source: b.source,
      tools: b.tools.length,
      routes: b.routes.length,
    };
  });

  registerMcp(app, runtime, {
    allowedOrigins: opts.allowedOrigins ?? LOOPBACK,
    allowedHosts: opts.allowedHosts ?? LOOPBACK,
    serverName: opts.serverName ?? 'uac',
    serverVersion: opts.serverVersion ?? '0.0.0',
  });

  // REST: its own scope so the body stays unread until the route (and its limit) is known.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    scope.all('/*', restHandler(runtime));
  });
  return app;
}
