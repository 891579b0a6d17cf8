import { authDecision } from '../../activate/active-bundle.js';
import type { Stage } from '../pipeline.js';
import { GatewayError } from '../types.js';

/** Authorize stage: every policy of the route admits the caller (methods, then scopes). */
export const authorizeStage: Stage = {
  name: 'authorize',
  run(ctx) {
    const failure = authDecision(ctx.caller, ctx.active.policiesOf(ctx.req.route));
    if (!failure) return;
    if (failure.kind === 'insufficient_scope') {
      throw new GatewayError('insufficient_scope', 403, `missing scope${failure.missing.length > 1 ? 's' : ''}: ${failure.missing.join(' ')}`, {
        headers: { 'www-authenticate': `Bearer realm="uac", error="insufficient_scope", scope="${failure.missing.join(' ')}"` },
        data: { policy: failure.policy, missingScopes: failure.missing },
      });
    }
    const accepted = failure.methods.join(', ');
    throw new GatewayError(
      'unauthorized',
      401,
      failure.kind === 'unauthenticated' ? `authentication required (accepted: ${accepted})` : `this operation does not accept ${ctx.caller.method} credentials (accepted: ${accepted})`,
      { headers: { 'www-authenticate': 'Bearer realm="uac"' }, data: { policy: failure.policy, methods: failure.methods } },
    );
  },
};
