/**
 * Who may call an operation, derived from its policies exactly as the
 * runtime applies them: every policy applies; a policy whose methods include
 * `none` asks for no credential; the others each accept any of their methods
 * and require all of their scopes. Consumers are matched on their declared
 * credential types and scopes (a JWT's own scopes are only known at call time).
 */
import type { AuthMethod, Bundle, Consumer } from '../../bundle/types.js';

export interface Access {
  /** No credential is needed. */
  anonymous: boolean;
  /** Methods that satisfy every policy that asks for a credential (sorted; empty when anonymous). */
  methods: AuthMethod[];
  /** All scopes required (sorted). */
  scopes: string[];
  /** Consumers that may call it (sorted); every consumer when anonymous. */
  consumers: string[];
}

const METHOD_ORDER: AuthMethod[] = ['apiKey', 'jwt', 'mtls', 'none'];

export function accessOf(bundle: Bundle, policyNames: readonly string[]): Access {
  const policies = policyNames.map((n) => bundle.policies[n]).filter((p) => p !== undefined);
  const requiring = policies.filter((p) => !p.auth.methods.includes('none'));
  if (requiring.length === 0) {
    return { anonymous: true, methods: [], scopes: [], consumers: bundle.consumers.map((c) => c.name).sort() };
  }
  const methods = METHOD_ORDER.filter((m) => requiring.every((p) => p.auth.methods.includes(m)));
  const scopes = [...new Set(requiring.flatMap((p) => p.auth.scopes))].sort();
  const consumers = bundle.consumers
    .filter((c) => mayCall(c, methods, scopes))
    .map((c) => c.name)
    .sort();
  return { anonymous: false, methods, scopes, consumers };
}

function mayCall(consumer: Consumer, methods: readonly AuthMethod[], scopes: readonly string[]): boolean {
  const hasCredential = consumer.credentials.some((c) => methods.includes(c.type));
  return hasCredential && scopes.every((s) => consumer.scopes.includes(s));
}

/** Methods any MCP-exposed operation accepts, in a stable order. */
export function mcpAuthMethods(bundle: Bundle): { anonymous: boolean; methods: AuthMethod[] } {
  let anonymous = false;
  const methods = new Set<AuthMethod>();
  for (const route of bundle.routes) {
    if (!route.expose.mcp) continue;
    const access = accessOf(bundle, route.policies);
    if (access.anonymous) anonymous = true;
    for (const m of access.methods) methods.add(m);
  }
  return { anonymous, methods: METHOD_ORDER.filter((m) => methods.has(m)) };
}
