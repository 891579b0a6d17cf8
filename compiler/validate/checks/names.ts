import type { ContractDocument } from '../../model.js';
import type { Problem } from '../../problems.js';
import type { Check } from '../check.js';
import { problem } from '../codes/index.js';

const TOOL_NAME = /^[A-Za-z0-9_.-]+$/;
const DEFAULT_MAX_TOOL_NAME = 64;

function where(doc: ContractDocument): string {
  const at = doc.at(['metadata', 'name']);
  return `${at.file}:${at.line}`;
}

/** metadata.name is unique per kind (across all documents that have a name). */
export const duplicateNamesCheck: Check = {
  id: 'names.duplicates',
  codes: ['UAC302'],
  run(ctx) {
    const out: Problem[] = [];
    const seen = new Map<string, ContractDocument>();
    for (const doc of ctx.all) {
      const name = (doc.metadata as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string') continue;
      const key = `${doc.kind}/${name}`;
      const first = seen.get(key);
      if (first) out.push(problem('UAC302', doc.at(['metadata', 'name']), `${doc.kind} '${name}' is already defined at ${where(first)}`));
      else seen.set(key, doc);
    }
    return out;
  },
};

/** operationIds unique within an API; explicit tool names well-formed and unique. */
export const operationNamesCheck: Check = {
  id: 'names.operations',
  codes: ['UAC303', 'UAC304', 'UAC306'],
  run(ctx) {
    const out: Problem[] = [];
    const maxLen = ctx.project?.spec.clients?.maxToolNameLength ?? DEFAULT_MAX_TOOL_NAME;
    const tools = new Map<string, string>();
    for (const api of ctx.ofKind('API')) {
      const ids = new Map<string, number>();
      (api.spec.operations ?? []).forEach((op, i) => {
        const first = ids.get(op.operationId);
        if (first !== undefined) {
          out.push(
            problem('UAC304', api.at(['spec', 'operations', i, 'operationId']), `operationId '${op.operationId}' already appears at operations[${first}] of this API`),
          );
        } else ids.set(op.operationId, i);
        const name = op.mcp?.name;
        if (name === undefined) return;
        const at = api.at(['spec', 'operations', i, 'mcp', 'name']);
        if (!TOOL_NAME.test(name)) {
          out.push(problem('UAC303', at, `tool name '${name}' may only use letters, digits, '_', '.' and '-'`));
        } else if (name.length > maxLen) {
          out.push(problem('UAC303', at, `tool name '${name}' is ${name.length} characters, over clients.maxToolNameLength (${maxLen})`));
        }
        const other = tools.get(name);
        if (other) out.push(problem('UAC306', at, `tool name '${name}' is already used by ${other}`));
        else tools.set(name, `${api.metadata.name}.${op.operationId} (${at.file}:${at.line})`);
      });
    }
    return out;
  },
};

/** Each API has its own basePath and each LLM route its own path. */
export const routePathsCheck: Check = {
  id: 'names.paths',
  codes: ['UAC305'],
  run(ctx) {
    const out: Problem[] = [];
    const seen = new Map<string, string>();
    const claim = (pathKey: string, label: string, doc: ContractDocument, at: ReturnType<ContractDocument['at']>) => {
      const first = seen.get(pathKey);
      if (first) out.push(problem('UAC305', at, `${label} is already used by ${first}`));
      else seen.set(pathKey, `${doc.kind} '${doc.metadata.name}' (${at.file}:${at.line})`);
    };
    for (const api of ctx.ofKind('API')) {
      claim(`base:${api.spec.basePath}`, `basePath ${api.spec.basePath}`, api, api.at(['spec', 'basePath']));
    }
    for (const route of ctx.ofKind('LLMRoute')) {
      claim(`llm:${route.spec.path}`, `LLM route path ${route.spec.path}`, route, route.at(['spec', 'path']));
    }
    return out;
  },
};
