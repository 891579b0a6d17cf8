/**
 * The MCP operations on one bundle, shared by the SDK-served path and the
 * fast path so both answer identically: identify the caller, list what it
 * may call, and run a call through the one pipeline (the adapter never
 * reaches the upstream itself).
 */
import type { CallRequest, Caller, HeaderMap } from '../pipeline/types.js';
import type { ActiveBundle, Pipeline } from './ports.js';
import { type CallAnswer, type ErrorLog, type McpFault, answerFromError, resultFromOutcome } from './results.js';
import { type ListToolsResult, surfaceOf } from './surface.js';

/** One MCP request's view of the world, pinned when the request arrived. */
export interface RequestContext {
  readonly active: ActiveBundle;
  readonly headers: HeaderMap;
  readonly ip: string;
  readonly requestId: string;
  readonly signal?: AbortSignal;
  /** Logs failures that are not GatewayErrors (absent on stdio, whose stdout is the protocol). */
  readonly log?: ErrorLog;
  /** Set when an operation answered with a fault, so the HTTP layer can apply its status and headers. */
  fault?: McpFault;
  /** Gateway headers of a successful call (RateLimit, …), for the HTTP layer to add. */
  responseHeaders?: Record<string, string>;
}

export type ListAnswer = { kind: 'result'; result: ListToolsResult } | { kind: 'fault'; fault: McpFault };

export function listTools(pipeline: Pipeline, ctx: RequestContext): ListAnswer {
  let caller: Caller;
  try {
    caller = pipeline.identify(ctx.active, ctx.headers, ctx.ip);
  } catch (error) {
    const answer = answerFromError(error);
    if (answer.kind === 'fault') return answer;
    throw error;
  }
  return { kind: 'result', result: surfaceOf(ctx.active).listTools(caller) };
}

/** Unknown tool: a protocol error (the caller named something that does not exist), never a pipeline call. */
export class UnknownToolError extends Error {
  constructor(readonly toolName: string) {
    super(`Unknown tool: ${toolName}`);
  }
}

export async function callTool(
  pipeline: Pipeline,
  ctx: RequestContext,
  name: string,
  args: Record<string, unknown>,
): Promise<CallAnswer> {
  const served = surfaceOf(ctx.active).tools.get(name);
  if (served === undefined) throw new UnknownToolError(name);
  try {
    const caller = pipeline.identify(ctx.active, ctx.headers, ctx.ip);
    const request: CallRequest = { protocol: 'mcp', requestId: ctx.requestId, route: served.route, args, headers: ctx.headers, ip: ctx.ip, caller };
    if (ctx.signal !== undefined) request.signal = ctx.signal;
    const outcome = await pipeline.run(ctx.active, request);
    return { kind: 'result', result: resultFromOutcome(served.tool, outcome), headers: outcome.gatewayHeaders };
  } catch (error) {
    return answerFromError(error, ctx);
  }
}
