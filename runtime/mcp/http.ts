/**
 * `/mcp` on the runtime's fastify app (SPEC 6.1). In order: Origin/Host
 * allow-list (the SDK handler checks neither), the bundle pinned for the
 * request, the fast path for plain `tools/list`/`tools/call` (fast-path.ts),
 * and the SDK's `createMcpHandler` for everything else. Plain
 * `application/json` POSTs take that path from a pre-parsing hook, before
 * fastify's body parsing; the route handler repeats it for bodies fastify
 * parsed. Faults raised inside SDK-served handlers (401/403/429) get their
 * HTTP status and headers here.
 */
import {
  DEFAULT_MAX_REQUEST_BODY_SIZE,
  InMemoryServerEventBus,
  type McpRequestContext,
  createMcpHandler,
  isJsonContentType,
  validateHostHeader,
  validateOriginHeader,
} from '@modelcontextprotocol/server';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HeaderMap } from '../pipeline/types.js';
import { readBodyThen } from '../rest/body.js';
import { publishListChanges } from './changes.js';
import { FastDispatcher, type FastResponse, fastRequestOf } from './fast-path.js';
import type { RequestContext } from './operations.js';
import type { ActiveBundle, McpOptions, Runtime } from './ports.js';
import { INTERNAL_ERROR } from './results.js';
import { factoryFor } from './sdk-server.js';

/** Internal: carries the gateway context of a request through the SDK handler. */
const CONTEXT_HEADER = 'x-uac-mcp-context';

function header(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function jsonRpcError(reply: FastifyReply, status: number, code: number, message: string, data?: unknown): FastifyReply {
  return reply
    .code(status)
    .type('application/json')
    .send(Buffer.from(JSON.stringify({ jsonrpc: '2.0', error: { code, message, ...(data !== undefined && { data }) }, id: null })));
}

function webHeaders(headers: HeaderMap): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(':') || name === CONTEXT_HEADER) continue;
    out.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return out;
}

/**
 * DNS-rebinding guard with the SDK's own validators, memoised per header pair
 * (URL parsing per request is measurable on the hot path). Returns the refusal message or null.
 */
function originHostGuard(opts: McpOptions): (host: string | undefined, origin: string | undefined) => string | null {
  const seen = new Map<string, string | null>();
  return (host, origin) => {
    const key = `${host ?? ''}\n${origin ?? ''}`;
    const known = seen.get(key);
    if (known !== undefined) return known;
    const hostCheck = validateHostHeader(host, opts.allowedHosts);
    const originCheck = validateOriginHeader(origin, opts.allowedOrigins);
    const refusal = !hostCheck.ok ? hostCheck.message : !originCheck.ok ? originCheck.message : null;
    if (seen.size >= 256) seen.clear();
    seen.set(key, refusal);
    return refusal;
  };
}

/** The body as JSON, or undefined when it is not (the SDK then answers the parse error). */
function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** As bytes: fastify would append `; charset=utf-8` to a string body, and the SDK sends bare `application/json`. */
function send(reply: FastifyReply, response: FastResponse): FastifyReply {
  return reply.code(response.status).headers(response.headers).send(Buffer.from(response.body, 'utf8'));
}

export function registerMcp(app: FastifyInstance, runtime: Runtime, opts: McpOptions): void {
  const identity = { name: opts.serverName, version: opts.serverVersion };
  // The SDK may hand its factory a clone of the Request we built, so the context travels by a header we set.
  const contexts = new Map<string, RequestContext>();
  let nextContext = 0;
  const contextOf = (mcpCtx: McpRequestContext): RequestContext => {
    const key = mcpCtx.requestInfo?.headers.get(CONTEXT_HEADER);
    const ctx = key == null ? undefined : contexts.get(key);
    if (ctx === undefined) throw new Error('MCP request without a gateway context');
    return ctx;
  };
  const bus = opts.bus ?? new InMemoryServerEventBus();
  const handler = createMcpHandler(factoryFor(identity, runtime.pipeline, contextOf), {
    bus,
    onerror: (error) => app.log.debug({ err: error }, 'mcp: request rejected or failed'),
  });
  const guard = originHostGuard(opts);
  const fast = new FastDispatcher(runtime.pipeline, identity);
  const useFastPath = opts.fastPath ?? true;
  const unsubscribe = runtime.onSwap((next, prev) => publishListChanges(bus, prev, next));

  app.register(async (scope) => {
    // Raw bodies: the fast path parses JSON itself, the SDK reads the bytes it was sent.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: DEFAULT_MAX_REQUEST_BODY_SIZE }, (_req, body, done) => {
      done(null, body);
    });
    scope.setErrorHandler((error: { statusCode?: number; message: string }, req, reply) => {
      const status = error.statusCode ?? 500;
      if (status === 413) return jsonRpcError(reply, 413, -32000, 'Request body too large');
      if (status >= 500) {
        req.log.error({ err: error, reqId: req.id }, 'mcp: request failed');
        return jsonRpcError(reply, 500, INTERNAL_ERROR, 'Internal server error');
      }
      return jsonRpcError(reply, status, -32000, error.message);
    });
    // preClose: open listen streams must end before the server can finish closing.
    scope.addHook('preClose', async () => {
      unsubscribe();
      await handler.close();
    });

    /** The fast path's answer to a request, or null when the SDK must answer it. */
    const fastAnswer = (req: FastifyRequest, active: ActiveBundle, raw: Buffer): FastResponse | Promise<FastResponse> | null => {
      const headers = req.headers as HeaderMap;
      const fastRequest = fastRequestOf(
        parseJson(raw),
        {
          accept: header(headers, 'accept'),
          protocolVersion: header(headers, 'mcp-protocol-version'),
          method: header(headers, 'mcp-method'),
          name: header(headers, 'mcp-name'),
        },
        fast.toolsOf(active),
      );
      // No AbortSignal here: building one per call is among the costs the fast path exists to avoid; the route timeout bounds the call.
      return fastRequest === null ? null : fast.answer(fastRequest, { active, headers, ip: req.ip, requestId: req.id, log: req.log });
    };

    /** Requests the pre-parsing hook already answered or handed on to the SDK. */
    const settled = new WeakMap<FastifyRequest, 'answered' | 'declined'>();

    /** Sends a fast answer from the pre-parsing hook and lets fastify stop there. */
    const sendFast = (req: FastifyRequest, reply: FastifyReply, response: FastResponse, raw: Buffer, done: (err: Error | null, payload: Readable) => void): void => {
      send(reply, response);
      settled.set(req, 'answered');
      // Sent: fastify stops here. Were an onSend hook still running, the parser gets the bytes it expects.
      done(null, reply.sent ? req.raw : Readable.from([raw]));
    };

    if (useFastPath) {
      // A plain `application/json` POST is read and answered here, before fastify's
      // content-type machinery (media-type parsing, an async resource, stream
      // plumbing per request), which REST's bodiless GETs never pay. Anything the
      // fast path declines continues with its bytes replayed to the parser below.
      scope.addHook('preParsing', (req, reply, payload, done) => {
        if (req.method !== 'POST' || payload !== req.raw || req.headers['content-type'] !== 'application/json') {
          done(null, payload);
          return;
        }
        readBodyThen(req.raw, DEFAULT_MAX_REQUEST_BODY_SIZE, (error, raw) => {
          if (error !== null || raw === undefined) {
            if (error?.status !== 413) {
              done(error ?? new Error('body read failed'));
              return;
            }
            // As fastify does for an oversized body: the client may still be sending.
            reply.header('connection', 'close');
            jsonRpcError(reply, 413, -32000, 'Request body too large');
            settled.set(req, 'answered');
            done(null, Readable.from([]));
            return;
          }
          const active = runtime.current();
          const headers = req.headers as HeaderMap;
          const answer = active !== null && guard(header(headers, 'host'), header(headers, 'origin')) === null ? fastAnswer(req, active, raw) : null;
          if (answer === null) {
            settled.set(req, 'declined');
            done(null, Readable.from(raw.length > 0 ? [raw] : []));
            return;
          }
          // Inline arrows, not a named one: see runtime/rest/body.ts on per-request closures under tsx.
          if (answer instanceof Promise) answer.then((response) => sendFast(req, reply, response, raw, done), done);
          else sendFast(req, reply, answer, raw, done);
        });
      });
    }

    const serve = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const state = settled.get(req);
      if (state === 'answered') return reply;
      const headers = req.headers as HeaderMap;
      const refusal = guard(header(headers, 'host'), header(headers, 'origin'));
      if (refusal !== null) return jsonRpcError(reply, 403, -32000, refusal);
      const active = runtime.current();
      if (active === null) return jsonRpcError(reply, 503, INTERNAL_ERROR, 'No bundle is active yet');

      const raw = Buffer.isBuffer(req.body) ? req.body : undefined;

      if (useFastPath && state === undefined && req.method === 'POST' && raw !== undefined && isJsonContentType(header(headers, 'content-type') ?? null)) {
        const answer = fastAnswer(req, active, raw);
        if (answer !== null) return send(reply, answer instanceof Promise ? await answer : answer);
      }

      const aborter = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) aborter.abort();
      });
      const ctx: RequestContext = { active, headers, ip: req.ip, requestId: String(req.id), signal: aborter.signal, log: req.log };

      const key = String(nextContext++);
      const forwarded = webHeaders(headers);
      forwarded.set(CONTEXT_HEADER, key);
      const request = new Request(`http://${header(headers, 'host') ?? 'localhost'}${req.url}`, {
        method: req.method,
        headers: forwarded,
        signal: aborter.signal,
        ...(raw !== undefined && raw.length > 0 && { body: raw }),
      });
      contexts.set(key, ctx);
      try {
        const response = await handler.fetch(request);
        return await relay(reply, response, ctx);
      } finally {
        contexts.delete(key);
      }
    };

    scope.post('/mcp', serve);
    scope.get('/mcp', serve);
    scope.delete('/mcp', serve);
  });
}

/** Copies a web Response onto the fastify reply, streaming SSE bodies as they are produced. */
async function relay(reply: FastifyReply, response: Response, ctx: RequestContext): Promise<FastifyReply> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const contentType = response.headers.get('content-type') ?? '';
  let status = response.status;
  if (contentType.startsWith('application/json')) {
    if (ctx.fault !== undefined) {
      status = ctx.fault.status;
      Object.assign(headers, ctx.fault.headers);
    } else if (ctx.responseHeaders !== undefined) {
      for (const [name, value] of Object.entries(ctx.responseHeaders)) headers[name] ??= value;
    }
  }
  if (response.body !== null && contentType.startsWith('text/event-stream')) {
    reply.hijack();
    const out = reply.raw;
    // Headers set by app hooks (request id, bundle id) would be lost with the hijack.
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && headers[name] === undefined) out.setHeader(name, value);
    }
    out.writeHead(status, headers);
    out.flushHeaders();
    const reader = response.body.getReader();
    out.once('close', () => {
      reader.cancel().catch(() => {});
    });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        out.write(value);
      }
    } catch {
      // The client went away or the stream failed: nothing left to tell it.
    } finally {
      out.end();
    }
    return reply;
  }
  const body = Buffer.from(await response.arrayBuffer());
  return reply.code(status).headers(headers).send(body);
}

