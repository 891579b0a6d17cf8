/**
 * `mcp-clients`: connection configs for Claude Desktop, VS Code and Cursor,
 * each in the file format its documentation gives:
 * - Claude Desktop (`claude_desktop_config.json`) only launches local stdio
 *   servers from that file, so it reaches the gateway through `mcp-remote`
 *   (`npx -y mcp-remote URL --header NAME:${ENV}`, the key in `env`);
 * - VS Code (`.vscode/mcp.json`): `servers` with `type: http`, the key asked
 *   for once through an `inputs` entry (`${input:…}`, stored encrypted);
 * - Cursor (`.cursor/mcp.json`): `mcpServers` with `url` and `headers`,
 *   the key taken from the environment (`${env:…}`).
 * API keys are placeholders only. When no MCP operation accepts an API key
 * but the project has OAuth, the configs carry no credential: the clients
 * discover the authorization server from the gateway's protected-resource
 * metadata (RFC 9728) and sign the user in.
 */
import type { Target } from './target.js';
import { mcpAuthMethods } from './access.js';

export const API_KEY_HEADER = 'X-API-Key';
export const API_KEY_ENV = 'UAC_API_KEY';

/** VS Code wants server names matching ^[a-zA-Z][a-zA-Z0-9_-]*$; project names may start with a digit. */
function serverName(project: string): string {
  return /^[a-z]/.test(project) ? project : `uac-${project}`;
}

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export const mcpClients: Target = {
  name: 'mcp-clients',
  summary: 'Claude Desktop, VS Code and Cursor connection configs',
  files: [
    { path: 'claude_desktop_config.json', template: 'claude-desktop.json.hbs', syntax: 'json' },
    { path: '.vscode/mcp.json', template: 'vscode-mcp.json.hbs', syntax: 'json' },
    { path: '.cursor/mcp.json', template: 'cursor-mcp.json.hbs', syntax: 'json' },
  ],
  view({ bundle, gatewayUrl }) {
    const mcpUrl = `${gatewayUrl}/mcp`;
    const { anonymous, methods } = mcpAuthMethods(bundle);
    const auth = methods.includes('apiKey')
      ? 'apiKey'
      : bundle.auth.oauth && methods.includes('jwt')
        ? 'oauth'
        : 'none';
    const name = serverName(bundle.project);
    const claudeArgs = ['-y', 'mcp-remote', mcpUrl];
    // mcp-remote refuses plain http except on loopback unless told otherwise.
    if (new URL(mcpUrl).protocol === 'http:' && !isLoopback(new URL(mcpUrl))) claudeArgs.push('--allow-http');
    if (auth === 'apiKey') claudeArgs.push('--header', `${API_KEY_HEADER}:\${${API_KEY_ENV}}`);
    return {
      project: bundle.project,
      environment: bundle.environment,
      serverName: name,
      mcpUrl,
      auth,
      anonymous,
      apiKey: { header: API_KEY_HEADER, env: API_KEY_ENV, inputId: `${name}-api-key`, placeholder: '<your uac API key>' },
      oauth: bundle.auth.oauth,
      claude: { command: 'npx', args: claudeArgs },
    };
  },
};
