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
 * Auth: when the project has OAuth, MCP tools accept JWTs and the configs
 * point at the OAuth resource (`--gateway-url` matching `auth.oauth.resource`),
 * they carry no credential: the clients discover the authorization server
 * from the gateway's protected-resource metadata (RFC 9728) and sign the user
 * in. Otherwise, when tools accept API keys, an API-key header with a
 * placeholder (never a real key); OAuth again when API keys are not accepted.
 */
import type { Target } from './target.js';
import { mcpAuthMethods } from './access.js';

export const API_KEY_HEADER = 'X-API-Key';
export const API_KEY_ENV = 'UAC_API_KEY';

/** VS Code wants server names matching ^[a-zA-Z][a-zA-Z0-9_-]*$; project names may start with a digit. */
function serverName(project: string): string {
  return /^[a-z]/.test(project) ? project : `uac-${project}`;
}

function sameResource(resource: string, mcpUrl: string): boolean {
  try {
    const a = new URL(resource);
    const b = new URL(mcpUrl);
    return a.origin === b.origin && a.pathname.replace(/\/+$/, '') === b.pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
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
    { path: 'uac-mcp-clients.md', template: 'mcp-clients.md.hbs', syntax: 'markdown' },
  ],
  view({ bundle, gatewayUrl }) {
    const mcpUrl = `${gatewayUrl}/mcp`;
    const { anonymous, methods } = mcpAuthMethods(bundle);
    const oauth = bundle.auth.oauth !== null && methods.includes('jwt');
    // OAuth metadata names one resource (RFC 9728/8707): tokens are minted for that URL, so
    // discovery is the way in when the configs point at it; elsewhere (a local gateway) an API key is.
    const atResource = oauth && sameResource(bundle.auth.oauth!.resource, mcpUrl);
    const auth = atResource ? 'oauth' : methods.includes('apiKey') ? 'apiKey' : oauth ? 'oauth' : 'none';
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
