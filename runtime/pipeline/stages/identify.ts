import type { ActiveBundle } from '../../activate/active-bundle.js';
import { ANONYMOUS, type Stage } from '../pipeline.js';
import { type Caller, GatewayError, type HeaderMap } from '../types.js';

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The presented API key: `X-API-Key`, else `Authorization: Bearer <key>`.
 * Any other Authorization scheme (Basic, …) is a credential we cannot check:
 * 401, never a silent downgrade to anonymous.
 */
function presentedKey(headers: HeaderMap): string | null {
  const x = single(headers['x-api-key']);
  if (x !== undefined && x !== '') return x;
  const auth = single(headers.authorization);
  if (!auth) return null;
  if (/^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  throw new GatewayError('unauthorized', 401, 'only Bearer credentials (or X-API-Key) are accepted', {
    headers: { 'www-authenticate': 'Bearer realm="uac", error="invalid_request"' },
  });
}

/**
 * Identify stage alone: who is calling. No credentials → anonymous (each
 * route's policies then decide whether that is enough). Credentials that do
 * not match a consumer → 401, never a silent downgrade to anonymous.
 */
export function identifyCaller(active: ActiveBundle, headers: HeaderMap, _ip: string): Caller {
  const key = presentedKey(headers);
  if (key === null) return ANONYMOUS;
  const consumer = active.consumerForApiKey(key);
  if (!consumer) {
    throw new GatewayError('unauthorized', 401, 'the presented API key is not valid', {
      headers: { 'www-authenticate': 'Bearer realm="uac", error="invalid_token"' },
    });
  }
  return { consumer: consumer.name, tenant: consumer.tenant, scopes: consumer.scopes, method: 'apiKey' };
}

export const identifyStage: Stage = {
  name: 'identify',
  run(ctx) {
    if (!ctx.req.caller) ctx.caller = identifyCaller(ctx.active, ctx.req.headers, ctx.req.ip);
  },
};
