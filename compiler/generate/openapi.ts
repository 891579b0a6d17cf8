/**
 * `openapi`: the gateway's REST surface as an OpenAPI 3.1 document. Paths are
 * the gateway paths (each API's basePath included), parameters and bodies
 * come from the route's argument mapping and schema, security from the
 * route's policies, and the error responses are the gateway's own
 * (`application/problem+json`, RFC 9457).
 */
import type { AuthMethod, Bundle, Route } from '../../bundle/types.js';
import { type Access, accessOf } from './access.js';
import type { Target } from './target.js';

type Schema = Record<string, unknown>;

const SCHEME_OF: Record<Exclude<AuthMethod, 'none'>, string> = {
  apiKey: 'apiKey',
  jwt: 'bearerJwt',
  mtls: 'mutualTLS',
};

const DEFS_REF = '#/$defs/';

/** Component-name-safe form of a route id (`^[a-zA-Z0-9._-]+$`). */
function componentPrefix(id: string): string {
  return id.replace(/[^a-zA-Z0-9._-]/g, '_');
}

/**
 * Contract schemas are standalone JSON Schema documents: their `#/$defs/…`
 * refs point into themselves. Inside an OpenAPI document `#` is the document
 * root, so definitions move to components.schemas and the refs follow.
 */
function relocate(schema: unknown, prefix: string, components: Record<string, unknown>): Schema {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const out: Schema = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$schema' || key === '$defs') continue;
      if (key === '$ref' && typeof value === 'string' && value.startsWith(DEFS_REF)) {
        out[key] = `#/components/schemas/${prefix}.${value.slice(DEFS_REF.length)}`;
      } else {
        out[key] = rewrite(value);
      }
    }
    return out;
  };
  if (schema !== null && typeof schema === 'object' && !Array.isArray(schema)) {
    const defs = (schema as Schema)['$defs'];
    if (defs !== null && typeof defs === 'object') {
      for (const [name, def] of Object.entries(defs)) components[`${prefix}.${name}`] = rewrite(def);
    }
  }
  return (rewrite(schema) ?? {}) as Schema;
}

function propertiesOf(schema: Schema): Record<string, Schema> {
  const props = schema['properties'];
  return props !== null && typeof props === 'object' ? (props as Record<string, Schema>) : {};
}

function requiredOf(schema: Schema): string[] {
  const req = schema['required'];
  return Array.isArray(req) ? req.filter((r): r is string => typeof r === 'string') : [];
}

function operationFor(bundle: Bundle, route: Route, components: Record<string, unknown>): Schema {
  const tool = route.tool ? bundle.tools.find((t) => t.name === route.tool) : undefined;
  const prefix = componentPrefix(route.id);
  const input = relocate(route.validate.input, prefix, components);
  const props = propertiesOf(input);

  const parameters = route.params.map((p) => {
    const schema = { ...(props[p.arg] ?? {}) };
    const description = typeof schema['description'] === 'string' ? schema['description'] : undefined;
    delete schema['description'];
    return {
      name: p.name,
      in: p.in,
      required: p.in === 'path' ? true : p.required,
      ...(description ? { description } : {}),
      ...(p.style ? { style: p.style } : {}),
      ...(p.explode !== undefined ? { explode: p.explode } : {}),
      schema,
    };
  });

  let requestBody: Schema | undefined;
  if (route.body) {
    let schema: Schema;
    if (route.body.mode === 'wrapped') {
      schema = props[route.body.arg] ?? {};
    } else {
      const paramArgs = new Set(route.params.map((p) => p.arg));
      const bodyProps = Object.fromEntries(Object.entries(props).filter(([k]) => !paramArgs.has(k)));
      const required = requiredOf(input).filter((r) => !paramArgs.has(r));
      const extra = input['additionalProperties'];
      schema = {
        type: 'object',
        properties: bodyProps,
        ...(required.length ? { required } : {}),
        ...(extra !== undefined ? { additionalProperties: extra } : {}),
      };
    }
    requestBody = { required: route.body.required, content: { [route.body.contentType]: { schema } } };
  }

  const access = accessOf(bundle, route.policies);
  const security = securityOf(access);

  const success: Schema = { description: 'The upstream answer.' };
  if (route.response.contentType) {
    const out = tool?.outputSchema ? relocate(tool.outputSchema, `${prefix}.output`, components) : undefined;
    success['content'] = { [route.response.contentType]: out ? { schema: out } : {} };
  }
  const responses: Schema = { [String(route.response.status)]: success };
  responses['400'] = { $ref: '#/components/responses/InvalidRequest' };
  if (!access.anonymous) {
    responses['401'] = { $ref: '#/components/responses/Unauthorized' };
    responses['403'] = { $ref: '#/components/responses/Forbidden' };
  }
  if (route.body) {
    responses['413'] = { $ref: '#/components/responses/PayloadTooLarge' };
    responses['415'] = { $ref: '#/components/responses/UnsupportedMediaType' };
  }
  if (hasLimits(bundle, route.policies)) responses['429'] = { $ref: '#/components/responses/TooManyRequests' };
  responses['502'] = { $ref: '#/components/responses/UpstreamError' };
  responses['504'] = { $ref: '#/components/responses/UpstreamTimeout' };
  responses['default'] = { description: 'Any other answer of the upstream (e.g. its own 404), passed through as is.' };

  return {
    operationId: route.id,
    summary: [tool?.title, tool?.annotations.title].find((t) => t?.trim()) ?? `${route.method} ${route.path}`,
    ...(tool?.description ? { description: tool.description } : {}),
    tags: [route.api],
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
    security,
    ...(tool ? { 'x-mcp-tool': tool.name } : {}),
    'x-uac-policies': route.policies,
  };
}

/** Any one of the accepted methods, each with every required scope; `[]` (explicitly open) when anonymous. */
function securityOf(access: Access): Array<Record<string, string[]>> {
  if (access.anonymous) return [];
  return access.methods.filter((m) => m !== 'none').map((m) => ({ [SCHEME_OF[m as Exclude<AuthMethod, 'none'>]]: access.scopes }));
}

function hasLimits(bundle: Bundle, policyNames: readonly string[]): boolean {
  return policyNames.some((n) => {
    const p = bundle.policies[n];
    return p !== undefined && (p.rateLimit.length > 0 || p.tokens !== null || p.quota !== null);
  });
}

function securitySchemes(bundle: Bundle, used: Set<string>): Schema {
  const schemes: Schema = {};
  if (used.has('apiKey')) {
    schemes['apiKey'] = {
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
      description: 'A consumer API key (`uac consumer add`); `Authorization: Bearer <key>` is accepted too.',
    };
  }
  if (used.has('bearerJwt')) {
    const jwt = bundle.auth.jwt;
    const oauth = bundle.auth.oauth;
    const parts = ['A JWT access token'];
    if (jwt) parts.push(`issued by ${jwt.issuer} for audience ${jwt.audience.join(', ')}`);
    if (oauth) parts.push(`(authorization servers: ${oauth.authorizationServers.join(', ')})`);
    schemes['bearerJwt'] = { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `${parts.join(' ')}.` };
  }
  if (used.has('mutualTLS')) {
    schemes['mutualTLS'] = { type: 'mutualTLS', description: 'A client certificate registered for a consumer.' };
  }
  return schemes;
}

const PROBLEM_SCHEMA: Schema = {
  type: 'object',
  description: 'A gateway error (RFC 9457 problem details) with a stable machine-readable code.',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable error code, e.g. `invalid_input`, `unauthorized`, `rate_limited`.' },
  },
  required: ['status', 'code'],
};

function problemResponse(description: string): Schema {
  return { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}

export function openapiDocument(bundle: Bundle, gatewayUrl: string): Schema {
  const components: Record<string, unknown> = { Problem: PROBLEM_SCHEMA };
  const paths: Record<string, Schema> = {};
  const used = new Set<string>();
  const rest = bundle.routes.filter((r) => r.expose.rest);
  // Deterministic: routes are sorted by id; paths by path, methods in HTTP order.
  for (const route of [...rest].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const op = operationFor(bundle, route, components);
    for (const req of op['security'] as Array<Record<string, unknown>>) for (const k of Object.keys(req)) used.add(k);
    const item = paths[route.path] ?? {};
    item[route.method.toLowerCase()] = op;
    paths[route.path] = item;
  }
  for (const llm of bundle.llmRoutes) {
    const access = accessOf(bundle, llm.policies);
    const security = securityOf(access);
    for (const req of security) for (const k of Object.keys(req)) used.add(k);
    const responses: Schema = {
      '200': {
        description: 'The provider answer; a stream of server-sent events when the request asks for `stream: true`.',
        content: { 'application/json': { schema: { type: 'object' } }, 'text/event-stream': { schema: { type: 'string' } } },
      },
      '400': { $ref: '#/components/responses/InvalidRequest' },
    };
    if (!access.anonymous) {
      responses['401'] = { $ref: '#/components/responses/Unauthorized' };
      responses['403'] = { $ref: '#/components/responses/Forbidden' };
    }
    responses['413'] = { $ref: '#/components/responses/PayloadTooLarge' };
    responses['415'] = { $ref: '#/components/responses/UnsupportedMediaType' };
    if (hasLimits(bundle, llm.policies)) responses['429'] = { $ref: '#/components/responses/TooManyRequests' };
    responses['502'] = { $ref: '#/components/responses/UpstreamError' };
    responses['504'] = { $ref: '#/components/responses/UpstreamTimeout' };
    responses['default'] = { description: "Any other answer of the provider, passed through as is." };
    const item = paths[llm.path] ?? {};
    item['post'] = {
      operationId: `llm.${llm.name}`,
      summary: `OpenAI-compatible proxy (${llm.name})`,
      description: `Models: ${[...new Set(llm.providers.flatMap((p) => p.models))].sort().join(', ') || 'any'}. Tokens are metered against the route's policies.`,
      tags: ['llm'],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', required: ['model'], properties: { model: { type: 'string' } } } } },
      },
      responses,
      security,
      'x-uac-policies': llm.policies,
    };
    paths[llm.path] = item;
  }

  const tags = [...new Set(rest.map((r) => r.api))].sort().map((api) => ({ name: api, description: `Operations of the ${api} API.` }));
  if (bundle.llmRoutes.length) tags.push({ name: 'llm', description: 'OpenAI-compatible LLM routes with token metering.' });

  return {
    openapi: '3.1.0',
    info: {
      title: `${bundle.project} gateway`,
      version: bundle.id,
      description: `REST surface of the ${bundle.project} gateway (environment ${bundle.environment}), generated by uac from bundle ${bundle.id}.`,
    },
    servers: [{ url: gatewayUrl, description: 'The uac gateway' }],
    tags,
    paths,
    components: {
      schemas: components,
      responses: {
        InvalidRequest: problemResponse('The request does not match the operation (invalid_input, invalid_json).'),
        PayloadTooLarge: problemResponse("The request body is larger than the operation's policies allow (payload_too_large)."),
        UnsupportedMediaType: problemResponse('The request body is not JSON (unsupported_media_type).'),
        Unauthorized: problemResponse('No valid credential was presented (unauthorized).'),
        Forbidden: problemResponse('The caller lacks a required scope (insufficient_scope) or is not allowed.'),
        TooManyRequests: {
          ...problemResponse('A rate limit, token budget or quota is exhausted; see Retry-After and RateLimit headers.'),
          headers: {
            'Retry-After': { description: 'Seconds until the limit resets.', schema: { type: 'integer' } },
            RateLimit: { description: 'IETF RateLimit header.', schema: { type: 'string' } },
            'RateLimit-Policy': { description: 'IETF RateLimit-Policy header.', schema: { type: 'string' } },
          },
        },
        UpstreamError: problemResponse('The upstream could not be reached or answered badly (upstream_unavailable, upstream_error, upstream_reset).'),
        UpstreamTimeout: problemResponse('The upstream did not answer within its timeout (upstream_timeout).'),
      },
      securitySchemes: securitySchemes(bundle, used),
    },
  };
}

/** Paths and methods come out in a fixed order (the bundle's are sorted by id). */
const METHOD_ORDER = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'];

export const openapi: Target = {
  name: 'openapi',
  summary: "the gateway's REST surface as OpenAPI 3.1",
  files: [{ path: 'openapi.yaml', template: 'openapi.yaml.hbs', syntax: 'yaml' }],
  view({ bundle, gatewayUrl }) {
    const doc = openapiDocument(bundle, gatewayUrl);
    const paths = Object.entries(doc['paths'] as Record<string, Schema>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, item]) => ({
        path,
        operations: Object.entries(item)
          .sort(([a], [b]) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b))
          .map(([method, operation]) => ({ method, operation })),
      }));
    return { ...doc, paths };
  },
};
