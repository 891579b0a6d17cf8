import type { Readable } from 'node:stream';
import { Pool } from 'undici';
import { GatewayError } from '../pipeline/types.js';

export interface UpstreamCall {
  /** Route's upstream base URL (`http://host:port/base`), no trailing slash. */
  baseUrl: string;
  method: string;
  /** Path below the base, starting with `/`, query included, already encoded. */
  path: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface UpstreamClient {
  send(call: UpstreamCall): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

export interface UpstreamClientOptions {
  /** Keep-alive connections per upstream origin. */
  connections?: number;
  /** Largest upstream response body accepted (bytes). */
  maxResponseBytes?: number;
}

interface Target {
  pool: Pool;
  /** Path prefix of the base URL ("" or "/v1"). */
  basePath: string;
}

/** Every undici error code that means the upstream could not be reached or spoke no HTTP. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'HPE_INVALID_CONSTANT',
]);
/** Abort reason of the per-call deadline, told apart from a client going away. */
const DEADLINE = new Error('upstream deadline');
const TIMEOUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  if (e && typeof e.code === 'string') return e.code;
  if (e?.cause && typeof e.cause.code === 'string') return e.cause.code;
  return '';
}

/**
 * undici keep-alive pools, one per upstream origin, created on first use and
 * shared by every bundle (a swap keeps the warm connections). Errors become
 * GatewayErrors with stable codes; the upstream's address is never in them.
 */
export function createUpstreamClient(opts: UpstreamClientOptions = {}): UpstreamClient {
  const targets = new Map<string, Target>();
  const pools = new Map<string, Pool>();
  const connections = opts.connections ?? 128;
  const maxResponseBytes = opts.maxResponseBytes ?? 16 * 1024 * 1024;

  function target(baseUrl: string): Target {
    let t = targets.get(baseUrl);
    if (!t) {
      let url: URL;
      try {
        url = new URL(baseUrl);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not an http(s) URL');
      } catch (err) {
        throw new GatewayError('upstream_unavailable', 502, "the route's upstream URL is not a valid http(s) URL", { cause: err });
      }
      let pool = pools.get(url.origin);
      if (!pool) {
        pool = new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 10_000 });
        pools.set(url.origin, pool);
      }
      t = { pool, basePath: url.pathname.replace(/\/+$/, '') };
      targets.set(baseUrl, t);
    }
    return t;
  }

  return {
    async send(call) {
      // One deadline for the whole call (headers and body): undici's
      // bodyTimeout is an idle timeout, so a trickling upstream would
      // otherwise hold the call far past the route's timeout.
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(DEADLINE), call.timeoutMs);
      const clientSignal = call.signal;
      const onClientAbort = () => ac.abort(clientSignal?.reason);
      if (clientSignal) {
        if (clientSignal.aborted) onClientAbort();
        else clientSignal.addEventListener('abort', onClientAbort, { once: true });
      }
      try {
        let res: Awaited<ReturnType<Pool['request']>>;
        try {
          const t = target(call.baseUrl);
          res = await t.pool.request({
            method: call.method as 'GET',
            path: t.basePath + call.path,
            headers: call.headers,
            body: call.body,
            headersTimeout: call.timeoutMs,
            bodyTimeout: call.timeoutMs,
            signal: ac.signal,
          });
        } catch (err) {
          throw mapError(err, 'before', ac.signal);
        }
        const body = await collect(res.body, maxResponseBytes, ac.signal);
        return { status: res.statusCode, headers: res.headers, body };
      } finally {
        clearTimeout(timer);
        clientSignal?.removeEventListener('abort', onClientAbort);
      }
    },
    async close() {
      const all = [...pools.values()];
      targets.clear();
      pools.clear();
      await Promise.all(all.map((p) => p.close().catch(() => undefined)));
    },
  };
}

/** Reads a whole response body; events rather than an async iterator (fewer promises per call on the hot path). */
function collect(stream: Readable, limit: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        reject(new GatewayError('upstream_response_too_large', 502, `upstream response is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    stream.once('error', (err) => reject(mapError(err, 'during', signal)));
  });
}

function mapError(err: unknown, phase: 'before' | 'during', signal: AbortSignal): GatewayError {
  if (err instanceof GatewayError) return err;
  const code = errorCode(err);
  if (TIMEOUT.has(code) || (signal.aborted && signal.reason === DEADLINE)) return new GatewayError('upstream_timeout', 504, 'the upstream did not answer in time', { cause: err });
  if (signal.aborted || (err as { name?: string } | null)?.name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new GatewayError('client_closed', 499, 'the client went away before the upstream answered', { cause: err });
  }
  if (phase === 'during') {
    return new GatewayError('upstream_reset', 502, 'the upstream connection broke in the middle of the response', { cause: err });
  }
  if (UNREACHABLE.has(code)) return new GatewayError('upstream_unavailable', 502, 'the upstream could not be reached', { cause: err });
  return new GatewayError('upstream_unavailable', 502, 'the upstream request failed', { cause: err });
}
