import type { Stage } from '../pipeline.js';
import { GatewayError } from '../types.js';

/** `application/json` or any `application/…+json`, parameters allowed. */
const JSON_TYPE = /^\s*application\/(?:[\w.!#$&^-]+\+)?json\s*(?:;|$)/i;

function isJsonType(ct: string | null): boolean {
  return ct !== null && JSON_TYPE.test(ct);
}

/**
 * Shape stage: turns what the upstream said into something a caller can act
 * on. 5xx → 502 `upstream_error` (the upstream's body is not passed on: it may
 * describe internals); a success that should be JSON but is not → 502
 * `upstream_bad_response`; JSON is parsed once here for both protocols.
 */
export const shapeStage: Stage = {
  name: 'shape',
  run(ctx) {
    const out = ctx.outcome;
    if (!out) return;
    if (out.status >= 500) {
      throw new GatewayError('upstream_error', 502, `the upstream failed with HTTP ${out.status}`, { data: { upstreamStatus: out.status } });
    }
    const hasBody = out.body.length > 0 && out.status !== 204 && out.status !== 304;
    if (hasBody && isJsonType(out.contentType)) {
      try {
        out.json = JSON.parse(out.body.toString('utf8'));
      } catch {
        throw new GatewayError('upstream_bad_response', 502, 'the upstream sent a body that is not valid JSON', { data: { upstreamStatus: out.status } });
      }
    } else if (hasBody && out.status < 300 && isJsonType(ctx.req.route.response.contentType)) {
      throw new GatewayError('upstream_bad_response', 502, `the upstream sent ${out.contentType ?? 'an untyped body'} where JSON was declared`, {
        data: { upstreamStatus: out.status },
      });
    }
  },
};
