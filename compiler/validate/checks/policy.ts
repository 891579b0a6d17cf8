import type { ContractDocument, LimitKey, NodePath, PolicySpec } from '../../model.js';
import type { Problem } from '../../problems.js';
import type { Check } from '../check.js';
import { problem } from '../codes/index.js';
import { DURATION_UNITS, tryParseDuration, tryParseSize } from '../units.js';

const MAX_WINDOW_MS = DURATION_UNITS.d;

type Limits = Pick<PolicySpec, 'rateLimit' | 'tokens' | 'quota'>;

/** Windows must be positive and at most a day; the schema already checked their shape. */
function windowProblems(doc: ContractDocument, limits: Limits, base: NodePath): Problem[] {
  const out: Problem[] = [];
  const check = (window: string, path: NodePath) => {
    const ms = tryParseDuration(window);
    if (ms === undefined || ms <= 0) out.push(problem('UAC402', doc.at(path), `window '${window}' must be a positive duration`));
    else if (ms > MAX_WINDOW_MS) out.push(problem('UAC409', doc.at(path), `window '${window}' is longer than 1d`));
  };
  (limits.rateLimit ?? []).forEach((r, i) => {
    check(r.window, [...base, 'rateLimit', i, 'window']);
  });
  if (limits.tokens) check(limits.tokens.window, [...base, 'tokens', 'window']);
  return out;
}

function limitKeys(limits: Limits): Array<{ by: LimitKey; path: NodePath }> {
  const keys: Array<{ by: LimitKey; path: NodePath }> = [];
  (limits.rateLimit ?? []).forEach((r, i) => {
    keys.push({ by: r.by ?? 'consumer', path: ['spec', 'rateLimit', i, r.by ? 'by' : 'limit'] });
  });
  if (limits.tokens) keys.push({ by: limits.tokens.by ?? 'tenant', path: ['spec', 'tokens', limits.tokens.by ? 'by' : 'limit'] });
  if (limits.quota) keys.push({ by: limits.quota.by ?? 'tenant', path: ['spec', 'quota', limits.quota.by ? 'by' : 'limit'] });
  return keys;
}

/** Limits, windows, sizes and auth methods that make sense together. */
export const policySanityCheck: Check = {
  id: 'policy.sanity',
  codes: ['UAC402', 'UAC403', 'UAC406', 'UAC407', 'UAC408', 'UAC409'],
  run(ctx) {
    const out: Problem[] = [];
    const hasJwtSettings = ctx.project?.spec.auth?.jwt !== undefined;
    for (const p of ctx.ofKind('Policy')) {
      const spec = p.spec;
      out.push(...windowProblems(p, spec, ['spec']));
      if (spec.maxBodySize !== undefined && (tryParseSize(spec.maxBodySize) ?? 0) <= 0) {
        out.push(problem('UAC403', p.at(['spec', 'maxBodySize']), `maxBodySize '${spec.maxBodySize}' must be a positive size`));
      }
      const methods = spec.auth?.methods ?? [];
      if (methods.includes('none') && methods.length > 1) {
        out.push(problem('UAC406', p.at(['spec', 'auth', 'methods', methods.indexOf('none')]), `'none' is listed with ${methods.filter((m) => m !== 'none').join(', ')}`));
      }
      const anonymous = spec.auth === undefined || (methods.length === 1 && methods[0] === 'none');
      if (anonymous) {
        for (const { by, path } of limitKeys(spec)) {
          if (by === 'consumer' || by === 'tenant') {
            out.push(problem('UAC407', p.at(path), `limit by ${by} in a policy without authentication: every caller shares one counter`));
          }
        }
      }
      if (methods.includes('jwt') && !hasJwtSettings && ctx.project) {
        out.push(problem('UAC408', p.at(['spec', 'auth', 'methods', methods.indexOf('jwt')]), `policy '${p.metadata.name}' accepts jwt but uac.yaml has no spec.auth.jwt`));
      }
    }
    for (const c of ctx.ofKind('Consumer')) {
      if (c.spec.limits) out.push(...windowProblems(c, c.spec.limits, ['spec', 'limits']));
    }
    for (const api of ctx.ofKind('API')) {
      const timeouts: Array<[string | undefined, NodePath]> = [
        [api.spec.upstream.timeout, ['spec', 'upstream', 'timeout']],
        ...(api.spec.operations ?? []).map((op, i): [string | undefined, NodePath] => [op.timeout, ['spec', 'operations', i, 'timeout']]),
      ];
      for (const [t, path] of timeouts) {
        if (t !== undefined && (tryParseDuration(t) ?? 0) <= 0) out.push(problem('UAC402', api.at(path), `timeout '${t}' must be a positive duration`));
      }
    }
    for (const route of ctx.ofKind('LLMRoute')) {
      route.spec.providers.forEach((prov, i) => {
        if (prov.timeout !== undefined && (tryParseDuration(prov.timeout) ?? 0) <= 0) {
          out.push(problem('UAC402', route.at(['spec', 'providers', i, 'timeout']), `timeout '${prov.timeout}' must be a positive duration`));
        }
      });
    }
    return out;
  },
};
