import type { Rule } from '../types.js';

/** Share of `clients.maxTools` from which growth is flagged (validate already refuses more than the limit). */
const NEAR = 0.9;

export const clientToolsNearLimit: Rule = {
  id: 'client-tools-near-limit',
  level: 'warning',
  category: 'cost',
  doc: 'The head adds tools and uses 90% or more of `clients.maxTools` from uac.yaml (more than the limit fails validation).',
  check(base, head) {
    const { maxTools } = head.clients;
    const count = head.tools.length;
    if (count <= base.tools.length || count < Math.ceil(maxTools * NEAR)) return [];
    return [
      {
        subject: 'tools/list',
        subjectKind: 'project',
        message: `${count} of ${maxTools} tools (clients.maxTools): ${Math.max(0, maxTools - count)} left`,
      },
    ];
  },
};
