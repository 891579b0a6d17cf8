/**
 * The SDK-served MCP surface: a factory of SDK servers (one per HTTP request
 * for `createMcpHandler`, one per stdio connection) whose handlers delegate
 * to the shared operations. Everything the fast path does not answer —
 * 2025-era traffic, `server/discover`, `subscriptions/listen`, prompts,
 * skills, every ladder rejection — is answered here by the SDK itself, which
 * is the reference for protocol behaviour.
 */
import {
  type CallToolResult,
  type GetPromptResult,
  type ListPromptsResult,
  type ListToolsResult,
  McpServer,
  type McpRequestContext,
  ProtocolError,
  type ServerCapabilities,
} from '@modelcontextprotocol/server';
import { type SkillSource, SkillsExtension } from '@modelcontextprotocol/server/ext/skills';
import type { Caller } from '../pipeline/types.js';
import { renderPrompt } from './catalog.js';
import { type RequestContext, UnknownToolError, callTool, listTools } from './operations.js';
import type { Pipeline } from './ports.js';
import { INVALID_PARAMS, answerFromError } from './results.js';
import { LIST_TTL_MS, surfaceOf } from './surface.js';

export interface ServerIdentity {
  name: string;
  version: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Identify the caller; a credential fault is recorded for the HTTP layer and raised as a JSON-RPC error. */
async function callerOf(pipeline: Pipeline, ctx: RequestContext): Promise<Caller> {
  try {
    return pipeline.identify(ctx.active, ctx.headers, ctx.ip);
  } catch (error) {
    const answer = answerFromError(error);
    if (answer.kind !== 'fault') throw error;
    ctx.fault = answer.fault;
    throw new ProtocolError(answer.fault.code, answer.fault.message, answer.fault.data);
  }
}

function skillSource(pipeline: Pipeline, ctx: () => RequestContext): SkillSource {
  const catalog = () => surfaceOf(ctx().active).catalog;
  return {
    async list() {
      return { skills: catalog().listSkills(await callerOf(pipeline, ctx())) };
    },
    async get(uri) {
      return catalog().skill(await callerOf(pipeline, ctx()), uri);
    },
    async read(uri) {
      const file = catalog().read(await callerOf(pipeline, ctx()), uri);
      if (file === undefined) return undefined;
      return file.bytes !== undefined ? { bytes: file.bytes, mimeType: file.mimeType } : { text: file.text ?? '', mimeType: file.mimeType };
    },
    async readDirectory(uri) {
      const resources = catalog().readDirectory(await callerOf(pipeline, ctx()), uri);
      return resources === undefined ? undefined : { resources };
    },
    async listResources() {
      return catalog().skillResources(await callerOf(pipeline, ctx()));
    },
  };
}

/**
 * A fresh SDK server for one request context (HTTP) or one connection
 * (stdio: the context is resolved per request, so each request runs on the
 * bundle current when it arrives). What it declares follows the bundle the
 * server is built on.
 */
export function createSdkServer(
  identity: ServerIdentity,
  pipeline: Pipeline,
  contextFor: () => RequestContext,
  /** Whether list changes reach this connection (listen streams, or pushes on stdio); declared only where they do. */
  listChanged: boolean,
): McpServer {
  const surface = surfaceOf(contextFor().active);
  const catalog = surface.catalog;
  const capabilities: ServerCapabilities = { tools: { listChanged } };
  if (catalog.hasPrompts) capabilities.prompts = { listChanged };
  if (catalog.hasSkills) capabilities.resources = { listChanged };
  const mcp = new McpServer(identity, { capabilities });
  const server = mcp.server;

  server.setRequestHandler('tools/list', async () => {
    const ctx = contextFor();
    const answer = listTools(pipeline, ctx);
    if (answer.kind === 'fault') {
      ctx.fault = answer.fault;
      throw new ProtocolError(answer.fault.code, answer.fault.message, answer.fault.data);
    }
    // Descriptors hold the bundle's JSON Schemas verbatim; the SDK types them more narrowly.
    return answer.result as unknown as ListToolsResult;
  });

  server.setRequestHandler('tools/call', async (request) => {
    const params = request.params;
    const ctx = contextFor();
    const args = isPlainObject(params.arguments) ? params.arguments : {};
    try {
      const answer = await callTool(pipeline, ctx, params.name, args);
      if (answer.kind === 'fault') {
        ctx.fault = answer.fault;
        throw new ProtocolError(answer.fault.code, answer.fault.message, answer.fault.data);
      }
      ctx.responseHeaders = answer.headers;
      return answer.result as CallToolResult;
    } catch (error) {
      if (error instanceof UnknownToolError) {
        throw new ProtocolError(INVALID_PARAMS, error.message, { tool: error.toolName });
      }
      throw error;
    }
  });

  if (catalog.hasPrompts) {
    const cacheScope = catalog.dependsOnCaller ? 'private' : 'public';
    server.setRequestHandler('prompts/list', async () => {
      const ctx = contextFor();
      const prompts = surfaceOf(ctx.active).catalog.listPrompts(await callerOf(pipeline, ctx));
      const listed = prompts.map((p) => ({
        name: p.name,
        ...(p.title !== undefined && { title: p.title }),
        description: p.description,
        arguments: p.arguments.map((a) => ({ name: a.name, ...(a.description !== undefined && { description: a.description }), required: a.required })),
      }));
      return { prompts: listed, ttlMs: LIST_TTL_MS, cacheScope } as ListPromptsResult;
    });
    server.setRequestHandler('prompts/get', async (request) => {
      const ctx = contextFor();
      const { name, arguments: given = {} } = request.params;
      const prompt = surfaceOf(ctx.active).catalog.prompt(await callerOf(pipeline, ctx), name);
      if (prompt === undefined) throw new ProtocolError(INVALID_PARAMS, `Unknown prompt: ${name}`, { prompt: name });
      const missing = prompt.arguments.filter((a) => a.required && given[a.name] === undefined).map((a) => a.name);
      if (missing.length > 0) {
        throw new ProtocolError(INVALID_PARAMS, `Missing required argument${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, { missing });
      }
      const result: GetPromptResult = {
        description: prompt.description,
        messages: [{ role: 'user', content: { type: 'text', text: renderPrompt(prompt.template, given) } }],
      };
      return result;
    });
  }

  if (catalog.hasSkills) {
    const skills = new SkillsExtension({
      source: skillSource(pipeline, contextFor),
      cacheHint: { ttlMs: LIST_TTL_MS, cacheScope: catalog.dependsOnCaller ? 'private' : 'public' },
    });
    skills.attach(mcp);
  }
  return mcp;
}

/** The SDK factory for `createMcpHandler`: each request's server is bound to that request's context. */
export function factoryFor(
  identity: ServerIdentity,
  pipeline: Pipeline,
  contextOf: (ctx: McpRequestContext) => RequestContext,
): (ctx: McpRequestContext) => McpServer {
  return (mcpCtx) => {
    const ctx = contextOf(mcpCtx);
    // Stateless 2025-era HTTP serving pushes nothing; 2026-07-28 clients get listen streams.
    return createSdkServer(identity, pipeline, () => ctx, mcpCtx.era === 'modern');
  };
}
