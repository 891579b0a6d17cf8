/** The MCP protocol adapter of the runtime: `/mcp` over HTTP and the same tools over stdio. */
export { registerMcp } from './http.js';
export type { McpOptions } from './ports.js';
export { serveStdio } from './stdio.js';
