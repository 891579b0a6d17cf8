/**
 * Policy, consumer, auth and LLM route tables of the bundle: the contract's
 * values with durations in ms, sizes in bytes, defaults filled in and
 * `${var}` resolved (`${secret}` kept as a reference).
 */
import type { AuthConfig, Consumer, LLMRoute, LimitKey, Policy, RateLimit } from '../../bundle/types.js';
import type { ContractDocument, PolicySpec, ProjectSpec } from '../model.js';
import { parseDuration, parseSize } from '../validate/units.js';
import { interpolateVars } from '../vars.js';

export const DEFAULT_LLM_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_TOOLS = 128;
export const DEFAULT_MAX_TOOL_NAME_LENGTH = 64;
export const DEFAULT_JWT_ALGORITHMS = ['ES256', 'EdDSA', 'PS256', 'RS256'];

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function rate(r: { limit: number; window: string; by?: LimitKey }): RateLimit {
  return { limit: r.limit, windowMs: parseDuration(r.window), by: r.by ?? 'consumer' };
}

function limits(spec: Pick<PolicySpec, 'rateLimit' | 'tokens' | 'quota'>) {
  return {
    rateLimit: (spec.rateLimit ?? []).map(rate),
    tokens: spec.tokens ? rate(spec.tokens) : null,
    quota: spec.quota ? { limit: spec.quota.limit, period: spec.quota.period, by: spec.quota.by ?? 'consumer' } : null,
  };
}

export function policyTable(docs: ContractDocument<'Policy'>[]): Record<string, Policy> {
  const out: Record<string, Policy> = {};
  for (const d of [...docs].sort((a, b) => byName(a.metadata, b.metadata))) {
    const s = d.spec;
    out[d.metadata.name] = {
      name: d.metadata.name,
      // No auth block: the policy does not restrict who calls.
      auth: { methods: s.auth?.methods ?? ['none'], scopes: s.auth?.scopes ?? [] },
      ...limits(s),
      maxBodyBytes: s.maxBodySize ? parseSize(s.maxBodySize) : null,
      failMode: s.failMode ?? 'closed',
    };
  }
  return out;
}

export function consumerTable(docs: ContractDocument<'Consumer'>[]): Consumer[] {
  return docs
    .map((d): Consumer => {
      const s = d.spec;
      const l = s.limits ? limits(s.limits) : null;
      return {
        name: d.metadata.name,
        tenant: s.tenant,
        scopes: [...new Set(s.scopes ?? [])].sort(),
        credentials: s.credentials.map((c) => ({ ...c })),
        limits: {
          ...(l && s.limits?.rateLimit ? { rateLimit: l.rateLimit } : {}),
          ...(l?.tokens ? { tokens: l.tokens } : {}),
          ...(l?.quota ? { quota: l.quota } : {}),
        },
      };
    })
    .sort(byName);
}

export function authConfig(project: ProjectSpec, policies: Record<string, Policy>): AuthConfig {
  const jwt = project.auth?.jwt;
  const oauth = project.auth?.oauth;
  const scopes = [...new Set(Object.values(policies).flatMap((p) => p.auth.scopes))].sort();
  return {
    jwt: jwt
      ? {
          issuer: jwt.issuer,
          jwksUri: jwt.jwksUri,
          audience: Array.isArray(jwt.audience) ? jwt.audience : [jwt.audience],
          algorithms: jwt.algorithms ?? DEFAULT_JWT_ALGORITHMS,
        }
      : null,
    oauth: oauth
      ? {
          resource: oauth.resource,
          authorizationServers: oauth.authorizationServers,
          scopesSupported: oauth.scopesSupported ?? scopes,
        }
      : null,
  };
}

export function llmRouteTable(
  docs: ContractDocument<'LLMRoute'>[],
  vars: Record<string, string>,
  defaultPolicies: string[],
): LLMRoute[] {
  return docs
    .map(
      (d): LLMRoute => ({
        name: d.metadata.name,
        path: d.spec.path,
        providers: d.spec.providers.map((p) => ({
          name: p.name,
          url: interpolateVars(p.url, vars).value.replace(/\/+$/, ''),
          apiKey: p.apiKey ? interpolateVars(p.apiKey, vars).value : null,
          models: p.models ?? [],
          timeoutMs: p.timeout ? parseDuration(p.timeout) : DEFAULT_LLM_TIMEOUT_MS,
        })),
        policies: d.spec.policies ?? defaultPolicies,
      }),
    )
    .sort(byName);
}

export function clientLimits(project: ProjectSpec): { maxTools: number; maxToolNameLength: number } {
  return {
    maxTools: project.clients?.maxTools ?? DEFAULT_MAX_TOOLS,
    maxToolNameLength: project.clients?.maxToolNameLength ?? DEFAULT_MAX_TOOL_NAME_LENGTH,
  };
}
