/**
 * The SDK-served MCP surface: a factory of low-level SDK `Server` instances
 * (one per HTTP request for `createMcpHandler`, one per stdio connection)
 * whose handlers delegate to the shared operations. Everything the fast
 * path does not answer — 2025-era traffic, `server/discover`,
 * `subscriptions/listen`, every ladder rejection — is answered here by the
 * SDK itself, which is the reference for protocol behaviour.
 */
import {
  type CallToolResult,
  type ListToolsResult,
  type McpRequestContext,
  ProtocolError,
  Server,
  type ServerCapabilities,
} from '@modelcontextprotocol/server';
import type { Pipeline } from './ports.js';
import { INVALID_PARAMS } from './results.js';
import { type RequestContext, UnknownToolError, callTool, listTools } from './operations.js';

export interface ServerIdentity {
  name: string;
  version: string;
}

/** How list changes reach this kind of connection; `listChanged` is declared only where delivered. */
export type ChangeDelivery = 'listen' | 'none';

export function capabilitiesFor(delivery: ChangeDelivery): ServerCapabilities {
  return { tools: { listChanged: delivery === 'listen' } };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A fresh SDK server bound to one request context. The context is resolved
 * lazily so a stdio connection sees the bundle current at each request.
 */
export function createSdkServer(
  identity: ServerIdentity,
  pipeline: Pipeline,
  contextFor: (requestId: string) => RequestContext,
  delivery: ChangeDelivery,
): Server {
  const server = new Server(identity, { capabilities: capabilitiesFor(delivery) });

  server.setRequestHandler('tools/list', async (_request, sdkCtx) => {
    const ctx = contextFor(String(sdkCtx.mcpReq.id));
    const answer = await listTools(pipeline, ctx);
    if (answer.kind === 'fault') {
      ctx.fault = answer.fault;
      throw new ProtocolError(answer.fault.code, answer.fault.message, answer.fault.data);
    }
    // Descriptors hold the bundle's JSON Schemas verbatim; the SDK types them more narrowly.
    return answer.result as unknown as ListToolsResult;
  });

  server.setRequestHandler('tools/call', async (request, sdkCtx) => {
    const params = request.params;
    const ctx = contextFor(String(sdkCtx.mcpReq.id));
    const args = isPlainObject(params.arguments) ? params.arguments : {};
    try {
      const answer = await callTool(pipeline, ctx, params.name, args);
      if (answer.kind === 'fault') {
        ctx.fault = answer.fault;
        throw new ProtocolError(answer.fault.code, answer.fault.message, answer.fault.data);
      }
      return answer.result as CallToolResult;
    } catch (error) {
      if (error instanceof UnknownToolError) {
        throw new ProtocolError(INVALID_PARAMS, error.message, { tool: error.toolName });
      }
      throw error;
    }
  });

  return server;
}

/** The per-request context an SDK factory call belongs to, recovered from the web Request. */
export function factoryFor(
  identity: ServerIdentity,
  pipeline: Pipeline,
  contextOf: (ctx: McpRequestContext) => RequestContext,
): (ctx: McpRequestContext) => Server {
  return (mcpCtx) => {
    const ctx = contextOf(mcpCtx);
    return createSdkServer(identity, pipeline, () => ctx, mcpCtx.era === 'modern' ? 'listen' : 'none');
  };
}
