import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestMappingError, restToArgs } from '../../bundle/request.js';
import type { Runtime } from '../runtime.js';
import { GatewayError } from '../pipeline/types.js';
import { readBody } from './body.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Sends a failure as application/problem+json (RFC 9457). */
export function sendProblem(reply: FastifyReply, err: unknown, requestId: string): FastifyReply {
  const { problem, headers } = toProblem(err, requestId);
  if (err instanceof GatewayError && err.code.startsWith('upstream_')) {
    // Operators need to see upstream faults; the cause (e.g. ECONNREFUSED) stays in the log, never in the response.
    const cause = err.extra.cause instanceof Error ? err.extra.cause.message : undefined;
    reply.log.warn({ reqId: requestId, code: err.code, cause }, err.message);
  } else if (problem.status >= 500) {
    reply.log.error({ err, reqId: requestId }, 'request failed');
  }
  reply.code(problem.status).headers(headers).header('content-type', PROBLEM_CONTENT_TYPE);
  if (problem.status === 413) reply.header('connection', 'close');
  return reply.send(Buffer.from(JSON.stringify(problem)));
}

const ABORTER = Symbol('uac.rest.aborter');
type TrackedResponse = ServerResponse & { [ABORTER]?: AbortController };

/** 'close' listener shared by every request (no closure per call): a response closed before it finished means the client went away. */
function abortIfUnfinished(this: TrackedResponse): void {
  if (!this.writableFinished) this[ABORTER]?.abort();
}

/** A signal that fires when the client disconnects before the answer is sent, so the upstream call is cancelled too. */
function clientSignal(res: TrackedResponse): AbortSignal {
  const aborter = new AbortController();
  res[ABORTER] = aborter;
  if (res.destroyed) aborter.abort();
  else res.once('close', abortIfUnfinished);
  return aborter.signal;
}

/**
 * The REST adapter: one catch-all that looks the route up in the active
 * bundle's own router, maps the request to arguments (bundle/request.ts) and
 * hands it to the pipeline. It never calls the upstream itself.
 */
export function restHandler(runtime: Runtime) {
  return async function handleRest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    // One bundle for the whole request, even if a swap happens meanwhile.
    const active = runtime.current();
    if (!active) return sendProblem(reply, new GatewayError('no_bundle', 503, 'no bundle is active yet'), request.id);
    reply.header('uac-bundle', active.id);
    try {
      const url = request.raw.url ?? '/';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      const match = active.findRest(request.method, path);
      if (!match) {
        const allowed = active.restMethods(path);
        if (allowed.length > 0) {
          throw new GatewayError('method_not_allowed', 405, `${request.method} is not allowed here (allowed: ${allowed.join(', ')})`, {
            headers: { allow: allowed.join(', ') },
          });
        }
        throw new GatewayError('not_found', 404, `no route for ${request.method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path}`);
      }
      const { route } = match;

      let body: unknown;
      if (route.body) {
        const raw = await readBody(request.raw, active.maxBodyBytes(route));
        if (raw.length > 0) {
          const ct = request.headers['content-type'];
          if (!ct || !JSON_TYPE.test(ct)) throw new GatewayError('unsupported_media_type', 415, `request body must be JSON (${route.body.contentType})`);
          try {
            body = JSON.parse(raw.toString('utf8'));
          } catch {
            throw new GatewayError('invalid_json', 400, 'request body is not valid JSON');
          }
        }
      } else {
        const declared = request.headers['content-length'];
        const limit = active.maxBodyBytes(route);
        if (declared !== undefined && Number(declared) > limit) throw new GatewayError('payload_too_large', 413, `request body is larger than ${limit} bytes`, { data: { limit } });
      }

      let args: Record<string, unknown>;
      try {
        args = restToArgs(route, {
          params: match.params as Record<string, string>,
          query: request.query as Record<string, string | string[] | undefined>,
          headers: request.headers,
          body,
        });
      } catch (err) {
        if (err instanceof RequestMappingError) {
          throw new GatewayError('invalid_input', 400, `invalid input: ${err.message}`, {
            data: { errors: [{ path: err.arg === null ? '' : `/${err.arg}`, message: err.message }] },
          });
        }
        throw err;
      }

      const outcome = await runtime.pipeline.run(active, {
        protocol: 'rest',
        requestId: request.id,
        route,
        args,
        headers: request.headers,
        ip: request.ip,
        signal: clientSignal(reply.raw),
      });
      reply.code(outcome.status).headers(outcome.headers).headers(outcome.gatewayHeaders);
      return reply.send(outcome.body);
    } catch (err) {
      return sendProblem(reply, err, request.id);
    }
  };
}
