/**
 * `uac serve --stdio`: the same tools over the SDK's stdio entry, one
 * connection on this process's stdin/stdout. Each request runs on the bundle
 * current when it arrives; the caller is whoever the pipeline identifies
 * from no headers (stdio has no credentials of its own).
 *
 * List changes: a 2025-era connection is long-lived, so a swap that changes
 * a list is pushed to it as `notifications/…/list_changed`. The SDK's stdio
 * entry takes no event bus for 2026-07-28 `subscriptions/listen`, so modern
 * stdio connections are not told, and do not get `listChanged` declared.
 */
import type { McpServer } from '@modelcontextprotocol/server';
import { serveStdio as sdkServeStdio } from '@modelcontextprotocol/server/stdio';
import { listChanges } from './changes.js';
import type { RequestContext } from './operations.js';
import type { Runtime } from './ports.js';
import { createSdkServer } from './sdk-server.js';

export interface StdioOptions {
  serverName?: string;
  serverVersion?: string;
}

/** Serves until stdin ends. */
export function serveStdio(runtime: Runtime, opts: StdioOptions = {}): Promise<void> {
  const identity = { name: opts.serverName ?? 'uac', version: opts.serverVersion ?? '0.0.0' };
  let requests = 0;
  const contextFor = (): RequestContext => {
    const active = runtime.current();
    if (active === null) throw new Error('No bundle is active yet');
    return { active, headers: {}, ip: 'stdio', requestId: `stdio-${++requests}` };
  };
  // 2025-era instances (the SDK also builds discarded probe instances, which never connect).
  const legacyServers = new Set<McpServer>();
  const stopWatching = runtime.onSwap((next, prev) => {
    const changed = listChanges(prev, next);
    for (const mcp of legacyServers) {
      if (!mcp.isConnected()) {
        legacyServers.delete(mcp);
        continue;
      }
      if (changed.tools) mcp.sendToolListChanged();
      if (changed.prompts) mcp.sendPromptListChanged();
      if (changed.resources) mcp.sendResourceListChanged();
    }
  });
  return new Promise((resolve) => {
    const handle = sdkServeStdio(
      (ctx) => {
        if (ctx.era === 'modern') return createSdkServer(identity, runtime.pipeline, contextFor, false);
        const mcp = createSdkServer(identity, runtime.pipeline, contextFor, true);
        legacyServers.add(mcp);
        return mcp;
      },
      { onerror: (error) => process.stderr.write(`uac mcp stdio: ${error.message}\n`) },
    );
    process.stdin.once('end', () => {
      stopWatching();
      handle.close().finally(resolve);
    });
  });
}
