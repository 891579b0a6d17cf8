/**
 * `docs`: a Markdown catalogue of everything the gateway serves — tools,
 * prompts, skills, REST and LLM routes, policies, consumers — and who may
 * call what, written for someone who has never seen the contracts.
 */
import type { AuthMethod, Policy, Route, Tool } from '../../bundle/types.js';
import { type Access, accessOf } from './access.js';
import { bytes, duration, rate } from './format.js';
import type { Target } from './target.js';

type Schema = Record<string, unknown>;

const METHOD_LABEL: Record<AuthMethod, string> = {
  none: 'no credential',
  apiKey: 'API key',
  jwt: 'JWT',
  mtls: 'client certificate',
};

function typeOf(schema: Schema | undefined): string {
  if (!schema) return 'any';
  const t = schema['type'];
  if (Array.isArray(t)) return t.join(' | ');
  if (t === 'array') {
    const items = schema['items'];
    return items && typeof items === 'object' ? `${typeOf(items as Schema)}[]` : 'array';
  }
  if (typeof t === 'string') return t;
  if (Array.isArray(schema['enum'])) return 'enum';
  if (typeof schema['$ref'] === 'string') return String(schema['$ref']).split('/').pop() ?? 'object';
  for (const k of ['oneOf', 'anyOf', 'allOf']) if (Array.isArray(schema[k])) return k;
  return 'any';
}

function fields(schema: Schema | undefined): Array<{ name: string; type: string; required: boolean; description: string }> {
  if (!schema) return [];
  const props = schema['properties'];
  if (props === null || typeof props !== 'object') return [];
  const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]) : [];
  return Object.entries(props as Record<string, Schema>).map(([name, s]) => {
    const enumValues = Array.isArray(s['enum']) ? ` (one of ${(s['enum'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')})` : '';
    return {
      name,
      type: typeOf(s),
      required: required.includes(name),
      description: `${typeof s['description'] === 'string' ? s['description'] : ''}${enumValues}`.trim(),
    };
  });
}

function whoLabel(access: Access): string {
  if (access.anonymous) return 'anyone (no credential needed)';
  if (access.consumers.length === 0) return 'no declared consumer';
  return access.consumers.join(', ');
}

function authLabel(access: Access): string {
  if (access.anonymous) return 'none';
  const methods = access.methods.map((m) => METHOD_LABEL[m]).join(' or ') || 'no method satisfies every policy';
  return access.scopes.length ? `${methods}; scopes ${access.scopes.join(', ')}` : methods;
}

function hints(tool: Tool): string[] {
  const a = tool.annotations;
  const out: string[] = [];
  if (a.readOnlyHint) out.push('read-only');
  if (a.destructiveHint) out.push('destructive');
  if (a.idempotentHint) out.push('idempotent');
  if (a.openWorldHint) out.push('open-world');
  return out;
}

function policyView(p: Policy) {
  const lines: string[] = [];
  const methods = p.auth.methods.map((m) => METHOD_LABEL[m]).join(' or ');
  lines.push(`Auth: ${methods}${p.auth.scopes.length ? `, with scopes ${p.auth.scopes.join(', ')}` : ''}`);
  for (const r of p.rateLimit) lines.push(`Rate limit: ${rate(r)}`);
  if (p.tokens) lines.push(`Token budget: ${rate(p.tokens, 'LLM tokens')}`);
  if (p.quota) lines.push(`Quota: ${p.quota.limit} requests per calendar ${p.quota.period} (UTC) by ${p.quota.by}`);
  lines.push(`Largest request body: ${p.maxBodyBytes === null ? 'runtime default' : bytes(p.maxBodyBytes)}`);
  lines.push(
    `When the limit store is unreachable: ${p.failMode === 'open' ? 'fail open (requests pass)' : 'fail closed (requests are refused)'}`,
  );
  return { name: p.name, lines };
}

function routeLine(route: Route | undefined): string {
  return route ? `${route.method} ${route.path}` : '';
}

export const catalog: Target = {
  name: 'docs',
  summary: 'a Markdown catalogue of tools, prompts, routes, policies and who may call what',
  files: [{ path: 'catalog.md', template: 'catalog.md.hbs', syntax: 'markdown' }],
  view({ bundle, gatewayUrl }) {
    const routesById = new Map(bundle.routes.map((r) => [r.id, r]));
    const tools = bundle.tools.map((tool) => {
      const route = routesById.get(tool.route);
      const access = accessOf(bundle, route?.policies ?? []);
      return {
        name: tool.name,
        title: tool.title ?? tool.annotations.title ?? '',
        description: tool.description,
        route: routeLine(route),
        rest: route?.expose.rest ?? false,
        hints: hints(tool).join(', '),
        policies: route?.policies ?? [],
        auth: authLabel(access),
        who: whoLabel(access),
        inputs: fields(tool.inputSchema),
        outputs: fields(tool.outputSchema),
        hasOutput: tool.outputSchema !== undefined,
      };
    });
    const routes = bundle.routes.map((route) => {
      const access = accessOf(bundle, route.policies);
      return {
        id: route.id,
        method: route.method,
        path: route.path,
        rest: route.expose.rest,
        tool: route.tool ?? '',
        timeout: duration(route.upstream.timeoutMs),
        policies: route.policies,
        auth: authLabel(access),
        who: whoLabel(access),
      };
    });
    const llmRoutes = bundle.llmRoutes.map((l) => {
      const access = accessOf(bundle, l.policies);
      return {
        name: l.name,
        path: l.path,
        providers: l.providers.map((p) => `${p.name} (${p.models.join(', ') || 'any model'})`),
        policies: l.policies,
        auth: authLabel(access),
        who: whoLabel(access),
      };
    });
    const prompts = bundle.prompts.map((p) => {
      const access = accessOf(bundle, p.policies);
      return {
        name: p.name,
        title: p.title ?? '',
        description: p.description,
        skill: p.skill,
        arguments: p.arguments.map((a) => ({ name: a.name, required: a.required, description: a.description ?? '' })),
        who: whoLabel(access),
      };
    });
    const skills = bundle.skills.map((s) => ({
      name: s.name,
      uri: s.uri,
      description: s.description,
      tools: s.tools,
      files: s.files.map((f) => ({ path: f.path, size: f.size })),
      who: whoLabel(accessOf(bundle, s.policies)),
    }));
    const policies = Object.keys(bundle.policies)
      .sort()
      .map((n) => policyView(bundle.policies[n]!));
    const consumers = bundle.consumers.map((c) => {
      const allowed = (policies: readonly string[]) => accessOf(bundle, policies).consumers.includes(c.name);
      return {
        name: c.name,
        tenant: c.tenant,
        scopes: c.scopes,
        credentials: [...new Set(c.credentials.map((cr) => METHOD_LABEL[cr.type]))],
        overrides: Object.keys(c.limits).sort(),
        tools: bundle.tools.filter((t) => allowed(routesById.get(t.route)?.policies ?? [])).map((t) => t.name),
        rest: bundle.routes.filter((r) => r.expose.rest && allowed(r.policies)).map((r) => `${r.method} ${r.path}`),
        llm: bundle.llmRoutes.filter((l) => allowed(l.policies)).map((l) => `POST ${l.path}`),
      };
    });
    // The friendliest first call: a GET with no path parameters, anonymous if there is one.
    const gets = bundle.routes.filter((r) => r.expose.rest && r.method === 'GET' && !r.path.includes('{'));
    const restExample =
      gets.find((r) => accessOf(bundle, r.policies).anonymous) ?? gets[0] ?? bundle.routes.find((r) => r.expose.rest);
    const needsKey = restExample ? accessOf(bundle, restExample.policies).methods.includes('apiKey') : false;
    return {
      project: bundle.project,
      environment: bundle.environment,
      bundleId: bundle.id,
      gatewayUrl,
      mcpUrl: `${gatewayUrl}/mcp`,
      counts: {
        tools: tools.length,
        routes: routes.length,
        llmRoutes: llmRoutes.length,
        prompts: prompts.length,
        skills: skills.length,
        policies: policies.length,
        consumers: consumers.length,
      },
      restExample: restExample ? { method: restExample.method, url: `${gatewayUrl}${restExample.path}`, needsKey } : null,
      oauth: bundle.auth.oauth,
      jwt: bundle.auth.jwt,
      tools,
      routes,
      llmRoutes,
      prompts,
      skills,
      policies,
      consumers,
    };
  },
};
