import { TOKEN_ESTIMATOR, toolsListTokens } from '../cost.js';
import type { Rule } from '../types.js';

export const toolsListCostChanged: Rule = {
  id: 'tools-list-cost-changed',
  level: 'info',
  category: 'cost',
  doc: `The estimated token cost of the full tools/list payload changed (${TOKEN_ESTIMATOR}).`,
  check(base, head) {
    const before = toolsListTokens(base);
    const after = toolsListTokens(head);
    if (before === after) return [];
    const delta = after - before;
    const pct = before === 0 ? '' : ` (${delta > 0 ? '+' : ''}${((delta / before) * 100).toFixed(1)}%)`;
    return [{ subject: 'tools/list', subjectKind: 'project', message: `~${before} → ~${after} tokens${pct}` }];
  },
};
