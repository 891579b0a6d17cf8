import type { Rule } from '../types.js';

export const clientMaxToolsExceeded: Rule = {
  id: 'client-max-tools-exceeded',
  level: 'breaking',
  category: 'cost',
  doc: 'The head bundle has more tools than `clients.maxTools` in uac.yaml: some MCP clients truncate or refuse the list.',
  check(_base, head) {
    const { maxTools } = head.clients;
    if (head.tools.length <= maxTools) return [];
    return [{ subject: 'tools/list', subjectKind: 'project', message: `${head.tools.length} tools exceed clients.maxTools ${maxTools}` }];
  },
};
