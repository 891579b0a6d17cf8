/**
 * What the MCP adapter needs from the rest of the runtime, stated
 * structurally so the adapter depends on the shape, not on the module that
 * provides it (runtime/activate, runtime/pipeline, runtime/runtime.ts).
 */
import type { ServerEventBus } from '@modelcontextprotocol/server';
import type { Bundle, Route, Tool } from '../../bundle/types.js';
import type { CallOutcome, CallRequest, Caller, HeaderMap } from '../pipeline/types.js';

export interface ArgError {
  path: string;
  message: string;
}

/** A bundle made ready to serve: validators compiled, tables indexed. */
export interface ActiveBundle {
  readonly id: string;
  readonly bundle: Bundle;
  /** MCP-exposed tools by name. */
  readonly tools: ReadonlyMap<string, { tool: Tool; route: Route }>;
  readonly routes: ReadonlyMap<string, Route>;
  validateArgs(routeId: string, args: unknown): ArgError[] | null;
  mayCall(caller: Caller, route: Route): boolean;
  /** True when `tools/list` differs between callers (→ `cacheScope: private`). */
  readonly listDependsOnCaller: boolean;
}

export interface Pipeline {
  /** Throws GatewayError (401) for bad credentials. */
  identify(active: ActiveBundle, headers: HeaderMap, ip: string): Caller | Promise<Caller>;
  /** Throws GatewayError (auth, limits, invalid_input with data.errors, upstream faults). */
  run(active: ActiveBundle, req: CallRequest): Promise<CallOutcome>;
}

export interface Runtime {
  current(): ActiveBundle | null;
  onSwap(listener: (next: ActiveBundle, prev: ActiveBundle | null) => void): () => void;
  readonly pipeline: Pipeline;
}

export interface McpOptions {
  /** Hostnames (no scheme/port) an `Origin` header may name; `<scheme>://*` allows a scheme. */
  allowedOrigins: string[];
  /** Hostnames (no port) the `Host` header may name. */
  allowedHosts: string[];
  serverName: string;
  serverVersion: string;
  /** Answer plain tools/list and tools/call without the SDK (default true; false serves all through the SDK). */
  fastPath?: boolean;
  /**
   * Where list-change events go to reach `subscriptions/listen` streams (default: in-process).
   * Each replica detects its own swaps, so a shared bus is only for deployments where one
   * process announces changes for all.
   */
  bus?: ServerEventBus;
}
