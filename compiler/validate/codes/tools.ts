import { defineCodes } from './registry.js';

/** 350-399: tool synthesis, client limits and skills (reported by the compiler). */
export const TOOL_CODES = defineCodes(
  [350, 399],
  [
    {
      code: 'UAC350',
      severity: 'error',
      title: 'Too many tools',
      doc: 'The bundle exposes more MCP tools than `clients.maxTools` of uac.yaml; many clients refuse or truncate long tool lists.',
      hint: 'Expose fewer operations over MCP (`expose: { mcp: false }`, `openapi.include`) or raise `clients.maxTools`.',
    },
    {
      code: 'UAC351',
      severity: 'error',
      title: 'Invalid x-mcp.name',
      doc: 'An OpenAPI `x-mcp.name` may only use [A-Za-z0-9_.-] and must fit `clients.maxToolNameLength`.',
      hint: 'Use letters, digits, `_`, `.` and `-` only, e.g. `orders_cancel`.',
    },
    {
      code: 'UAC352',
      severity: 'error',
      title: 'Tool name collision',
      doc: 'Two operations ask for the same tool name (explicit `mcp.name` or `x-mcp.name`), or an explicit name equals a name derived for another operation of a different API.',
      hint: 'Give one of them another `mcp.name`.',
    },
    {
      code: 'UAC353',
      severity: 'info',
      title: 'Tool name shortened or suffixed',
      doc: 'A derived tool name was longer than `clients.maxToolNameLength` or collided with another, so it was cut and given a stable hash suffix. The name stays the same across builds.',
      hint: 'Set `mcp.name` on the operation for a readable name.',
    },
    {
      code: 'UAC354',
      severity: 'error',
      title: 'Skill names an unknown tool',
      doc: 'A Skill’s `spec.tools` lists a tool that the bundle does not expose over MCP.',
      hint: 'Use the tool name as `uac inspect --tools` shows it.',
    },
    {
      code: 'UAC355',
      severity: 'error',
      title: 'Invalid SKILL.md frontmatter',
      doc: 'SKILL.md must start with YAML frontmatter holding `name` (1-64 chars, lowercase letters, digits and single inner dashes, equal to the folder name) and `description` (1-1024 chars); `compatibility` ≤ 500 chars; `metadata` a map of strings; `allowed-tools` a string.',
      hint: 'Start SKILL.md with `---\\nname: <folder-name>\\ndescription: What it does and when to use it.\\n---`.',
    },
    {
      code: 'UAC357',
      severity: 'error',
      title: 'Route conflict',
      doc: 'Two operations of the bundle have the same method and gateway path (path parameters compared by position, since a router cannot tell `/a/{id}` from `/a/{key}`).',
      hint: 'Remove one of them, change its path, or exclude the imported one with `openapi.exclude`.',
    },
    {
      code: 'UAC358',
      severity: 'error',
      title: 'Invalid JSON Schema',
      doc: 'A schema written in a contract (parameter, requestBody or response of an operation) is not valid JSON Schema 2020-12, so the runtime could not compile its validator.',
      hint: 'Fix the keyword named in the message (e.g. `type: strng`, `required: true`, `minimum: "1"`).',
    },
    {
      code: 'UAC356',
      severity: 'error',
      title: 'Prompt name collision',
      doc: 'Two skills publish a prompt with the same name.',
      hint: 'Set `prompt.name` on one of the skills.',
    },
  ],
);
