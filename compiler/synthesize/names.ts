/**
 * MCP tool names (SPEC 4.2): explicit `mcp.name` > `x-mcp.name` > operationId
 * in snake_case > method + path. Valid characters `[A-Za-z0-9_.-]`, at most
 * `maxLength`, unique. A derived name that is too long or taken is cut and
 * given a suffix hashed from its route id, so it is stable across builds and
 * does not depend on which other operations exist.
 */
import { sha256Hex } from '../../bundle/canonical.js';
import type { Location, Problem } from '../problems.js';
import { problem } from '../validate/codes/index.js';

export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

export interface NameRequest {
  routeId: string;
  operationId: string;
  method: string;
  path: string;
  explicit?: { name: string; at: () => Location };
  xMcp?: { name: string; at: () => Location };
  at: () => Location;
}

/** `listOrders` → `list_orders`, `actions/get-repo` → `actions_get_repo`; accents folded, the rest replaced. */
export function snakeCase(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

function suffixed(base: string, routeId: string, maxLength: number): string {
  const suffix = `_${sha256Hex(routeId).slice(0, 8)}`;
  const head = base.slice(0, Math.max(1, maxLength - suffix.length)).replace(/_+$/, '');
  return `${head}${suffix}`;
}

export function isValidToolName(name: string, maxLength: number): boolean {
  return name.length > 0 && name.length <= maxLength && TOOL_NAME_PATTERN.test(name);
}

/** Assigns a unique name to every request; problems for x-mcp names and clashes of fixed names. */
export function assignToolNames(
  requests: readonly NameRequest[],
  maxLength: number,
): { names: Map<string, string>; problems: Problem[] } {
  const problems: Problem[] = [];
  const names = new Map<string, string>();
  type Entry = { req: NameRequest; name: string; fixed: 'explicit' | 'x-mcp' | null };
  const entries: Entry[] = [];
  const sorted = [...requests].sort((a, b) => (a.routeId < b.routeId ? -1 : a.routeId > b.routeId ? 1 : 0));

  for (const req of sorted) {
    if (req.explicit) {
      // Invalid explicit names are reported by validate (UAC303).
      entries.push({ req, name: req.explicit.name, fixed: 'explicit' });
      continue;
    }
    if (req.xMcp) {
      if (isValidToolName(req.xMcp.name, maxLength)) {
        entries.push({ req, name: req.xMcp.name, fixed: 'x-mcp' });
        continue;
      }
      problems.push(
        problem('UAC351', req.xMcp.at(), `x-mcp.name ${JSON.stringify(req.xMcp.name)} is not a valid tool name (max ${maxLength})`),
      );
    }
    let name = snakeCase(req.operationId) || snakeCase(`${req.method} ${req.path}`) || 'tool';
    if (name.length > maxLength) {
      const short = suffixed(name, req.routeId, maxLength);
      problems.push(problem('UAC353', req.at(), `tool name for ${req.routeId} shortened to ${short}`));
      name = short;
    }
    entries.push({ req, name, fixed: null });
  }

  const byName = new Map<string, Entry[]>();
  for (const e of entries) {
    const list = byName.get(e.name);
    if (list) list.push(e);
    else byName.set(e.name, [e]);
  }
  const taken = new Set(byName.keys());
  for (const [name, list] of byName) {
    if (list.length === 1) continue;
    const fixed = list.filter((e) => e.fixed !== null);
    for (const e of fixed.slice(1)) {
      // Two explicit names clashing is UAC306 (validate); anything involving x-mcp is ours.
      if (e.fixed === 'explicit' && fixed[0]!.fixed === 'explicit') continue;
      problems.push(problem('UAC352', (e.req.xMcp ?? e.req.explicit ?? e.req).at(), `tool name ${name} is also used by ${fixed[0]!.req.routeId}`));
    }
    // Every derived holder of a shared name gets a suffix, so no name depends on which other operations exist.
    for (const e of list) {
      if (e.fixed !== null) continue;
      const next = suffixed(name, e.req.routeId, maxLength);
      problems.push(problem('UAC353', e.req.at(), `tool name ${name} of ${e.req.routeId} is shared; using ${next}`));
      e.name = next;
      if (taken.has(next)) {
        problems.push(problem('UAC352', e.req.at(), `tool name ${next} of ${e.req.routeId} is taken`));
      }
      taken.add(next);
    }
  }
  for (const e of entries) names.set(e.req.routeId, e.name);
  return { names, problems };
}
