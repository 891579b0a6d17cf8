/**
 * `uac serve --stdio`: the same tools over the SDK's stdio entry, one
 * connection on this process's stdin/stdout. Each request runs on the bundle
 * current when it arrives; the caller is whoever the pipeline identifies
 * from no headers (stdio has no credentials of its own).
 */
import { serveStdio as sdkServeStdio } from '@modelcontextprotocol/server/stdio';
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
  return new Promise((resolve) => {
    // Swaps are not pushed over stdio (no listen bus there), so listChanged is not declared.
    const handle = sdkServeStdio(() => createSdkServer(identity, runtime.pipeline, contextFor, 'none'), {
      onerror: (error) => process.stderr.write(`uac mcp stdio: ${error.message}\n`),
    });
    process.stdin.once('end', () => {
      handle.close().finally(resolve);
    });
  });
}
