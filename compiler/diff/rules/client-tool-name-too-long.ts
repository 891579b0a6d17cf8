import type { Rule } from '../types.js';

export const clientToolNameTooLong: Rule = {
  id: 'client-tool-name-too-long',
  level: 'breaking',
  category: 'cost',
  doc: 'A head tool name is longer than `clients.maxToolNameLength` in uac.yaml: some MCP clients reject it.',
  check(_base, head) {
    const max = head.clients.maxToolNameLength;
    return head.tools
      .filter((t) => t.name.length > max)
      .map((t) => ({
        subject: t.name,
        subjectKind: 'tool',
        message: `name has ${t.name.length} characters, clients.maxToolNameLength is ${max}`,
      }));
  },
};
