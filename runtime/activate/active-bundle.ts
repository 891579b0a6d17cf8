import { hash, timingSafeEqual } from 'node:crypto';
import type { Bundle, Consumer, Policy, Route, Tool } from '../../bundle/types.js';
import type { Caller } from '../pipeline/types.js';
import { buildRestRouter, type RestMatch } from './router.js';
import { resolveSecrets, type SecretLookup } from './secrets.js';
import { type ArgError, compileValidators, toArgErrors } from './validators.js';

export type { ArgError } from './validators.js';

/** Body limit when no policy on a route sets `maxBodySize` (SPEC 2: 1mb is the documented example). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Upstream headers of one route after secret resolution. */
export type ResolvedHeaders = { ok: true; headers: Record<string, string> } | { ok: false; missing: string[] };

/**
 * Everything the runtime derives from one bundle, built once when the bundle
 * is activated and then read-only: requests take the current ActiveBundle at
 * their start and use it to the end, so a swap never changes a request midway.
 */
export interface ActiveBundle {
  readonly id: string;
  readonly bundle: Bundle;
  /** MCP-exposed tools by name, with their route. */
  readonly tools: ReadonlyMap<string, { tool: Tool; route: Route }>;
  readonly routes: ReadonlyMap<string, Route>;
  /** Ajv validator compiled once per bundle; null when valid. */
  validateArgs(routeId: string, args: unknown): ArgError[] | null;
  /** Whether this caller passes the auth stage (methods + scopes) of the route's policies; no limits consumed. Used for tools/list filtering. */
  mayCall(caller: Caller, route: Route): boolean;
  /** Whether any policy on any MCP tool makes tools/list depend on the caller (→ cacheScope private). */
  readonly listDependsOnCaller: boolean;

  /** REST route for a method and path (without query), or null. */
  findRest(method: string, path: string): RestMatch | null;
  /** Methods with a REST route for this path (for 405 + Allow). */
  restMethods(path: string): string[];
  /** The route's policies, in order. */
  policiesOf(route: Route): readonly Policy[];
  /** Request body limit of a route: the smallest `maxBodyBytes` of its policies, else the default. */
  maxBodyBytes(route: Route): number;
  /** Consumer holding this API key, compared in constant time; null when none does. */
  consumerForApiKey(key: string): Consumer | null;
  /** Static upstream headers of a route with `${secret:…}` resolved. */
  upstreamHeaders(route: Route): ResolvedHeaders;
  /** Problems found while activating that do not stop the bundle (e.g. a missing secret). */
  readonly warnings: readonly string[];
}

export interface ActivateOptions {
  secrets: SecretLookup;
  /** Default request body limit (bytes). */
  defaultMaxBodyBytes?: number;
}

/** The activation outcome of a bundle that cannot serve at all. */
export class ActivationError extends Error {
  override name = 'ActivationError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Builds the ActiveBundle for an already parsed and id-checked bundle:
 * validators, router, policy and consumer indexes, resolved upstream headers.
 * Throws ActivationError when the bundle is internally inconsistent (a tool
 * naming a missing route, a route naming a missing policy).
 */
export function activateBundle(bundle: Bundle, opts: ActivateOptions): ActiveBundle {
  const warnings: string[] = [];
  const routes = new Map<string, Route>();
  for (const r of bundle.routes) routes.set(r.id, r);

  const policiesByRoute = new Map<string, Policy[]>();
  for (const r of bundle.routes) {
    const list: Policy[] = [];
    for (const name of r.policies) {
      const p = bundle.policies[name];
      if (!p) throw new ActivationError('bundle_inconsistent', `route ${r.id} names unknown policy '${name}'`);
      list.push(p);
    }
    policiesByRoute.set(r.id, list);
  }

  const tools = new Map<string, { tool: Tool; route: Route }>();
  for (const tool of bundle.tools) {
    const route = routes.get(tool.route);
    if (!route) throw new ActivationError('bundle_inconsistent', `tool ${tool.name} names unknown route '${tool.route}'`);
    if (route.expose.mcp) tools.set(tool.name, { tool, route });
  }

  let validators: ReturnType<typeof compileValidators>;
  try {
    validators = compileValidators(bundle.routes);
  } catch (err) {
    throw new ActivationError('schema_compile_failed', err instanceof Error ? err.message : String(err));
  }
  const router = buildRestRouter(bundle.routes);

  // sha256 hex → consumer. The map lookup is on a hash of the presented key,
  // so its timing says nothing usable about stored keys; the final equality is
  // timingSafeEqual all the same.
  const byKeyHash = new Map<string, { consumer: Consumer; digest: Buffer }>();
  for (const c of bundle.consumers) {
    for (const cred of c.credentials) {
      if (cred.type === 'apiKey') byKeyHash.set(cred.sha256.toLowerCase(), { consumer: c, digest: Buffer.from(cred.sha256, 'hex') });
    }
  }

  const headersByRoute = new Map<string, ResolvedHeaders>();
  for (const r of bundle.routes) {
    const headers: Record<string, string> = {};
    const missing: string[] = [];
    for (const [name, raw] of Object.entries(r.upstream.headers)) {
      const res = resolveSecrets(raw, opts.secrets);
      headers[name.toLowerCase()] = res.value;
      missing.push(...res.missing);
    }
    if (missing.length > 0) {
      const names = [...new Set(missing)].sort();
      warnings.push(`route ${r.id}: secret${names.length > 1 ? 's' : ''} ${names.join(', ')} not configured (set UAC_SECRET_<NAME> or --secrets-dir); calls will fail with secret_unavailable`);
      headersByRoute.set(r.id, { ok: false, missing: names });
    } else {
      headersByRoute.set(r.id, { ok: true, headers });
    }
  }

  const defaultMax = opts.defaultMaxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxBody = new Map<string, number>();
  for (const r of bundle.routes) {
    let max = defaultMax;
    for (const p of policiesByRoute.get(r.id) ?? []) if (p.maxBodyBytes !== null && p.maxBodyBytes < max) max = p.maxBodyBytes;
    maxBody.set(r.id, max);
  }

  let listDependsOnCaller = false;
  for (const { route } of tools.values()) {
    for (const p of policiesByRoute.get(route.id) ?? []) if (!p.auth.methods.includes('none')) listDependsOnCaller = true;
  }

  return {
    id: bundle.id,
    bundle,
    tools,
    routes,
    warnings,
    listDependsOnCaller,
    validateArgs(routeId, args) {
      const v = validators.get(routeId);
      if (!v) return [{ path: '', message: `unknown route ${routeId}` }];
      return v(args) ? null : toArgErrors(v.errors);
    },
    mayCall(caller, route) {
      return authDecision(caller, policiesByRoute.get(route.id) ?? []) === null;
    },
    findRest: (method, path) => router.find(method, path),
    restMethods: (path) => router.allowed(path),
    policiesOf: (route) => policiesByRoute.get(route.id) ?? [],
    maxBodyBytes: (route) => maxBody.get(route.id) ?? defaultMax,
    consumerForApiKey(key) {
      // One-shot hash: no Hash object per request.
      const digest = hash('sha256', key, 'buffer');
      const hit = byKeyHash.get(digest.toString('hex'));
      if (!hit || hit.digest.length !== digest.length || !timingSafeEqual(hit.digest, digest)) return null;
      return hit.consumer;
    },
    upstreamHeaders: (route) => headersByRoute.get(route.id) ?? { ok: true, headers: {} },
  };
}

/** Why a caller fails a route's auth, or null when it passes every policy. */
export type AuthFailure =
  | { kind: 'unauthenticated'; policy: string; methods: string[] }
  | { kind: 'method_not_allowed'; policy: string; methods: string[] }
  | { kind: 'insufficient_scope'; policy: string; missing: string[] };

/**
 * Every policy on a route applies (SPEC 2). A policy listing `none` admits
 * anyone; otherwise the caller must have proven itself with one of its
 * methods and hold all its scopes.
 */
export function authDecision(caller: Caller, policies: readonly Policy[]): AuthFailure | null {
  for (const p of policies) {
    if (p.auth.methods.includes('none')) continue;
    if (caller.method === 'none') return { kind: 'unauthenticated', policy: p.name, methods: [...p.auth.methods] };
    if (!p.auth.methods.includes(caller.method)) return { kind: 'method_not_allowed', policy: p.name, methods: [...p.auth.methods] };
    const missing = p.auth.scopes.filter((s) => !caller.scopes.includes(s));
    if (missing.length > 0) return { kind: 'insufficient_scope', policy: p.name, missing };
  }
  return null;
}
