/**
 * Who gets through, as policies decide it: every policy on a route applies,
 * a policy accepts any one of its methods (`none` accepts anyone), and all
 * scopes of all policies are required.
 */
import type { AuthMethod, Bundle, Policy, Route } from '../../bundle/types.js';
import type { Pair } from './context.js';
import type { SubjectKind } from './types.js';

export interface EffectiveAuth {
  /** No authentication needed. */
  open: boolean;
  /** Methods accepted (meaningless when open), sorted. */
  methods: AuthMethod[];
  /** Scopes required, sorted. */
  scopes: string[];
}

export function effectiveAuth(policies: Array<Policy | undefined>): EffectiveAuth {
  const scopes = new Set<string>();
  // Policies that accept anyone impose no method; the others must all agree.
  const closed = policies.filter((p): p is Policy => p !== undefined && p.auth.methods.length > 0 && !p.auth.methods.includes('none'));
  for (const p of policies) for (const s of p?.auth.scopes ?? []) scopes.add(s);
  const [first, ...others] = closed;
  const methods = (first?.auth.methods ?? []).filter((m) => others.every((p) => p.auth.methods.includes(m)));
  return { open: first === undefined, methods: [...new Set(methods)].sort(), scopes: [...scopes].sort() };
}

export interface AuthDelta {
  subject: string;
  subjectKind: SubjectKind;
  nowRequired: boolean;
  nowOpen: boolean;
  methodsRemoved: AuthMethod[];
  methodsAdded: AuthMethod[];
  scopesAdded: string[];
  scopesRemoved: string[];
}

/** Auth differences of every policy kept under its name, and of every route whose policy list changed. */
export function authDeltas(base: Bundle, head: Bundle, routePairs: Array<Pair<Route>>): AuthDelta[] {
  const out: AuthDelta[] = [];
  for (const name of Object.keys(head.policies).sort()) {
    const before = base.policies[name];
    const after = head.policies[name];
    if (before === undefined || after === undefined) continue;
    out.push(delta(name, 'policy', effectiveAuth([before]), effectiveAuth([after])));
  }
  for (const p of routePairs) {
    if (p.base.policies.join(',') === p.head.policies.join(',')) continue;
    const before = effectiveAuth(p.base.policies.map((n) => base.policies[n]));
    const after = effectiveAuth(p.head.policies.map((n) => head.policies[n]));
    const subject = p.head.tool ?? p.head.id;
    out.push(delta(subject, p.head.tool === null ? 'route' : 'tool', before, after));
  }
  return out;
}

function delta(subject: string, subjectKind: SubjectKind, b: EffectiveAuth, h: EffectiveAuth): AuthDelta {
  const minus = <T>(x: T[], y: T[]) => x.filter((v) => !y.includes(v));
  const bothClosed = !b.open && !h.open;
  return {
    subject,
    subjectKind,
    nowRequired: b.open && !h.open,
    nowOpen: !b.open && h.open,
    methodsRemoved: bothClosed ? minus(b.methods, h.methods) : [],
    methodsAdded: bothClosed ? minus(h.methods, b.methods) : [],
    scopesAdded: minus(h.scopes, b.scopes),
    scopesRemoved: minus(b.scopes, h.scopes),
  };
}
