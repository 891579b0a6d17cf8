/** Hop-by-hop headers (RFC 9110 7.6.1) plus framing headers the gateway sets itself. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'host',
]);

/**
 * Response headers to pass on: everything but hop-by-hop ones, those named in
 * `Connection`, and `Set-Cookie` (cookies would be scoped to the gateway's
 * origin and shared by every API behind it; the APIs it serves authenticate
 * by key or token).
 */
export function passResponseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const connection = raw.connection;
  const named = connection ? String(connection).toLowerCase().split(',').map((s) => s.trim()) : null;
  for (const name in raw) {
    const v = raw[name];
    if (v === undefined) continue;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named?.includes(lower) || lower === 'set-cookie') continue;
    out[lower] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Request headers worth carrying from the caller to the upstream (its own credentials never are). */
export const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-language', 'user-agent'] as const;
