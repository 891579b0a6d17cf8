import { buildUpstreamRequest, RequestMappingError } from '../../../bundle/request.js';
import { FORWARDED_REQUEST_HEADERS, passResponseHeaders } from '../../upstream/headers.js';
import type { UpstreamClient } from '../../upstream/client.js';
import type { Stage } from '../pipeline.js';
import { GatewayError } from '../types.js';

/**
 * True when a built path could climb out of the upstream base path: a `.` or
 * `..` segment, literal or percent-encoded. bundle/request.ts already refuses
 * such values; this is the last check before anything leaves the gateway.
 */
export function escapesBase(path: string): boolean {
  const q = path.indexOf('?');
  const p = q < 0 ? path : path.slice(0, q);
  return p.charCodeAt(0) !== 47 /* / */ || p.startsWith('//') || p.includes('\\') || DOT_SEGMENT.test(p);
}

/** A whole segment made of one or two dots, literal or percent-encoded. */
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Upstream stage: arguments → HTTP request (bundle/request.ts) → the route's upstream, through the shared client. */
export function upstreamStage(client: UpstreamClient): Stage {
  return {
    name: 'upstream',
    async run(ctx) {
      const { route, args, headers: inHeaders, ip, requestId, signal } = ctx.req;
      let built: ReturnType<typeof buildUpstreamRequest>;
      try {
        built = buildUpstreamRequest(route, args);
      } catch (err) {
        if (err instanceof RequestMappingError) {
          throw new GatewayError('invalid_input', 400, `invalid input: ${err.message}`, {
            data: { errors: [{ path: err.arg === null ? '' : `/${err.arg}`, message: err.message }], reason: err.code },
          });
        }
        throw err;
      }
      if (escapesBase(built.path)) throw new GatewayError('invalid_input', 400, 'invalid input: the request path would leave the upstream base path');
      const limit = ctx.active.maxBodyBytes(route);
      if (built.body !== null && Buffer.byteLength(built.body) > limit) {
        throw new GatewayError('payload_too_large', 413, `request body is larger than ${limit} bytes`, { data: { limit } });
      }
      const fixed = ctx.active.upstreamHeaders(route);
      if (!fixed.ok) {
        throw new GatewayError('secret_unavailable', 500, `the gateway is missing a secret this operation needs (${fixed.missing.join(', ')})`, {
          data: { secrets: fixed.missing },
        });
      }

      const headers: Record<string, string> = {};
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const v = single(inHeaders[name]);
        if (v !== undefined) headers[name] = v;
      }
      Object.assign(headers, built.headers, fixed.headers);
      const xff = single(inHeaders['x-forwarded-for']);
      headers['x-forwarded-for'] = xff ? `${xff}, ${ip}` : ip;
      headers['x-forwarded-proto'] = single(inHeaders['x-forwarded-proto']) ?? 'http';
      const host = single(inHeaders['x-forwarded-host']) ?? single(inHeaders.host);
      if (host) headers['x-forwarded-host'] = host;
      headers['x-request-id'] = requestId;
      if (built.contentType) headers['content-type'] = built.contentType;

      const res = await client.send({
        baseUrl: route.upstream.url,
        method: built.method,
        path: built.path,
        headers,
        body: built.body,
        timeoutMs: route.upstream.timeoutMs,
        signal,
      });
      const passed = passResponseHeaders(res.headers);
      ctx.outcome = {
        status: res.status,
        headers: passed,
        contentType: passed['content-type'] ?? null,
        body: res.body,
        gatewayHeaders: {},
      };
    },
  };
}
