/**
 * What the MCP adapter needs from the rest of the runtime: the runtime's own
 * types, re-exported so the adapter's modules name them in one place.
 */
import type { ServerEventBus } from '@modelcontextprotocol/server';

export type { ActiveBundle, ArgError } from '../activate/active-bundle.js';
export type { Pipeline } from '../pipeline/pipeline.js';
export type { Runtime } from '../runtime.js';

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
