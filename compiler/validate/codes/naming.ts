import { defineCodes } from './registry.js';

/** 300-349: names (tool synthesis and client limits are 350-399). */
export const NAMING_CODES = defineCodes(
  [300, 349],
  [
    {
      code: 'UAC301',
      severity: 'error',
      title: 'Invalid name',
      doc: 'metadata.name (and environment names) must match ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$: lowercase letters, digits and inner dashes, at most 63 characters.',
      hint: 'Use lowercase letters, digits and dashes, e.g. `orders-v2`.',
    },
    {
      code: 'UAC302',
      severity: 'error',
      title: 'Duplicate name',
      doc: 'Two documents of the same kind have the same metadata.name.',
      hint: 'Rename one of them (names are unique per kind).',
    },
    {
      code: 'UAC303',
      severity: 'error',
      title: 'Invalid MCP tool name',
      doc: 'An explicit `mcp.name` may only use [A-Za-z0-9_.-] and must fit `clients.maxToolNameLength` of uac.yaml (default 64).',
      hint: 'Use letters, digits, `_`, `.` and `-` only, and keep it short, e.g. `orders_cancel`.',
    },
    {
      code: 'UAC304',
      severity: 'error',
      title: 'Duplicate operationId',
      doc: 'Within one API each entry of `operations[]` has its own operationId.',
      hint: 'Merge the two entries or rename one.',
    },
    {
      code: 'UAC305',
      severity: 'error',
      title: 'Route path conflict',
      doc: 'Two APIs share a basePath, or two LLM routes share a path, so the gateway could not tell them apart.',
      hint: 'Give each API its own basePath and each LLM route its own path.',
    },
    {
      code: 'UAC306',
      severity: 'error',
      title: 'Duplicate MCP tool name',
      doc: 'Two operations explicitly ask for the same `mcp.name`.',
      hint: 'Give each operation its own tool name.',
    },
  ],
);
