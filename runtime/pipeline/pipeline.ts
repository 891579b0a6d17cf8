import type { ActiveBundle } from '../activate/active-bundle.js';
import type { Caller, CallOutcome, CallRequest, HeaderMap } from './types.js';

/** The state one call carries through the stages. */
export interface CallContext {
  readonly active: ActiveBundle;
  readonly req: CallRequest;
  /** Set by the identify stage (or taken from `req.caller`). */
  caller: Caller;
  /** Headers the gateway adds to the answer, whatever the outcome (RateLimit, …). */
  readonly gatewayHeaders: Record<string, string>;
  /** Set by the upstream stage. */
  outcome: CallOutcome | null;
}

/**
 * One step of the pipeline. A stage either returns (the call goes on) or
 * throws a GatewayError (the call stops with that error). Sync stages return
 * undefined so the hot path pays no promise for them.
 */
export interface Stage {
  readonly name: string;
  run(ctx: CallContext): void | Promise<void>;
}

export interface Pipeline {
  /** Identify stage alone (API key via X-API-Key or Authorization: Bearer; `none`); throws GatewayError 401 with WWW-Authenticate when credentials are present but wrong. Returns an anonymous Caller when none are given. */
  identify(active: ActiveBundle, headers: HeaderMap, ip: string): Caller;
  /** All stages for one call; throws GatewayError (codes: unauthorized, forbidden, insufficient_scope, invalid_input (data.errors: ArgError[]), payload_too_large, upstream_timeout (504), upstream_unavailable (502), upstream_error, …). */
  run(active: ActiveBundle, req: CallRequest): Promise<CallOutcome>;
  /** The stage names, in order (for logs and tests). */
  readonly stages: readonly string[];
}

export type Identify = (active: ActiveBundle, headers: HeaderMap, ip: string) => Caller;

export const ANONYMOUS: Caller = Object.freeze({ consumer: null, tenant: null, scopes: Object.freeze([]) as readonly string[], method: 'none' });

/**
 * Runs the stages in order for every call, REST or MCP alike (SPEC principle
 * 2). `identify` is exposed on its own because MCP needs the caller before
 * any call (tools/list filtering); the identify stage reuses a caller the
 * adapter already established instead of checking credentials twice.
 */
export function createPipeline(identify: Identify, stages: readonly Stage[]): Pipeline {
  return {
    identify,
    stages: stages.map((s) => s.name),
    async run(active, req) {
      const ctx: CallContext = { active, req, caller: req.caller ?? ANONYMOUS, gatewayHeaders: {}, outcome: null };
      for (const stage of stages) {
        const pending = stage.run(ctx);
        if (pending) await pending;
      }
      if (!ctx.outcome) throw new Error('pipeline ended without an outcome (no upstream stage?)');
      for (const k in ctx.gatewayHeaders) ctx.outcome.gatewayHeaders[k] = ctx.gatewayHeaders[k] as string;
      return ctx.outcome;
    },
  };
}
