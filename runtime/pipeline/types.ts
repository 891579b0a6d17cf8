/**
 * The request pipeline's contract (SPEC principle 2: one pipeline, two
 * protocols). The REST and MCP adapters only translate to a `CallRequest` and
 * from a `CallOutcome`; every policy decision and the upstream call happen in
 * the pipeline's ordered stages:
 *
 *   identify caller → authorize → limits → validate input → call upstream → shape response
 *
 * Later issues add stages (JWT, mTLS, rate limits, budgets) without touching
 * the adapters.
 */
import type { AuthMethod, Route, Tool } from '../../bundle/types.js';

/** Who is calling, as established by the identify stage. */
export interface Caller {
  /** Consumer name, or null for anonymous (`auth: none`). */
  consumer: string | null;
  tenant: string | null;
  scopes: readonly string[];
  /** How the caller proved who it is. */
  method: AuthMethod;
}

export type HeaderMap = Record<string, string | string[] | undefined>;

/** One call of one operation, from either protocol. */
export interface CallRequest {
  protocol: 'rest' | 'mcp';
  requestId: string;
  route: Route;
  /** Tool arguments; for REST, the request mapped to arguments (bundle/request.ts). */
  args: Record<string, unknown>;
  /** Incoming request headers (lower-case names). */
  headers: HeaderMap;
  /** Remote address, for `by: ip` limits and X-Forwarded-For. */
  ip: string;
  /** Set when the protocol adapter already identified the caller (e.g. for tools/list filtering). */
  caller?: Caller;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

/** The upstream's answer, ready for the adapter to shape for its protocol. */
export interface CallOutcome {
  status: number;
  /** Response headers to pass on (hop-by-hop already stripped; lower-case names). */
  headers: Record<string, string>;
  contentType: string | null;
  body: Buffer;
  /** Parsed body when the upstream answered JSON (undefined otherwise or when unparsable). */
  json?: unknown;
  /** Headers the gateway adds (RateLimit, RateLimit-Policy, UAC-Bundle, …). */
  gatewayHeaders: Record<string, string>;
}

/**
 * A failure with a stable machine-readable code (SPEC principle 5). REST
 * renders it as `application/problem+json` (RFC 9457); MCP as a tool result
 * with `isError: true` or a JSON-RPC error, depending on the stage.
 */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    /** Stable code, e.g. `upstream_timeout`, `invalid_input`, `unauthorized`. */
    readonly code: string,
    /** HTTP status. */
    readonly status: number,
    message: string,
    readonly extra: {
      /** Extra response headers (WWW-Authenticate, Retry-After, RateLimit…). */
      headers?: Record<string, string>;
      /** Machine-readable details (e.g. the invalid field, the policy and reset). */
      data?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
  }
}

/** A tool the caller may see, with its route. */
export interface VisibleTool {
  tool: Tool;
  route: Route;
}
