import type { ContractDocument, NodePath } from '../../model.js';
import type { Problem } from '../../problems.js';
import type { Check } from '../check.js';
import { problem } from '../codes/index.js';

/** Every `policies: [...]` list of a schema-valid document, with its path. */
function policyLists(doc: ContractDocument): Array<{ names: string[]; path: NodePath }> {
  const lists: Array<{ names: string[]; path: NodePath }> = [];
  const add = (names: string[] | undefined, path: NodePath) => {
    if (names) lists.push({ names, path });
  };
  switch (doc.kind) {
    case 'Project':
      add((doc as ContractDocument<'Project'>).spec.defaults?.policies, ['spec', 'defaults', 'policies']);
      break;
    case 'API': {
      const spec = (doc as ContractDocument<'API'>).spec;
      add(spec.policies, ['spec', 'policies']);
      (spec.operations ?? []).forEach((op, i) => {
        add(op.policies, ['spec', 'operations', i, 'policies']);
      });
      break;
    }
    case 'Skill':
      add((doc as ContractDocument<'Skill'>).spec.policies, ['spec', 'policies']);
      break;
    case 'LLMRoute':
      add((doc as ContractDocument<'LLMRoute'>).spec.policies, ['spec', 'policies']);
      break;
    default:
      break;
  }
  return lists;
}

/** Policies named anywhere exist (a Policy with a broken spec still counts as existing). */
export const policyReferencesCheck: Check = {
  id: 'references.policies',
  codes: ['UAC101'],
  run(ctx) {
    const defined = new Set(
      ctx.all.filter((d) => d.kind === 'Policy').map((d) => (d.metadata as { name?: unknown } | undefined)?.name),
    );
    const out: Problem[] = [];
    for (const doc of ctx.valid) {
      for (const { names, path } of policyLists(doc)) {
        names.forEach((name, i) => {
          if (!defined.has(name)) {
            const known = [...defined].filter((n): n is string => typeof n === 'string').sort();
            out.push(
              problem('UAC101', doc.at([...path, i]), `policy '${name}' is not defined`, {
                hint: known.length ? `Defined policies: ${known.join(', ')}.` : 'Add a `kind: Policy` document with that name.',
              }),
            );
          }
        });
      }
    }
    return out;
  },
};

/** OpenAPI files exist and are files; skill folders exist and hold SKILL.md. */
export const fileReferencesCheck: Check = {
  id: 'references.files',
  codes: ['UAC007', 'UAC102', 'UAC103', 'UAC104', 'UAC107'],
  run(ctx) {
    const out: Problem[] = [];
    for (const api of ctx.ofKind('API')) {
      const ref = api.spec.openapi?.path;
      if (ref === undefined) continue;
      const at = api.at(['spec', 'openapi', 'path']);
      const st = ctx.repo.statPath(ref, at);
      if (st.problem) out.push(st.problem);
      else if (st.type !== 'file') out.push(problem('UAC107', at, `${st.rel} is not a file`));
    }
    for (const skill of ctx.ofKind('Skill')) {
      const at = skill.at(['spec', 'path']);
      const st = ctx.repo.statPath(skill.spec.path, at);
      if (st.problem) {
        out.push(st.problem);
        continue;
      }
      if (st.type !== 'dir') {
        out.push(problem('UAC107', at, `${st.rel} is not a folder; spec.path names the skill's folder (the one holding SKILL.md)`));
        continue;
      }
      const md = ctx.repo.statPath(`${skill.spec.path.replace(/\/+$/, '')}/SKILL.md`, at);
      if (md.type !== 'file') out.push(problem('UAC104', at, `${st.rel}/SKILL.md is missing`));
    }
    return out;
  },
};

/** Consumers' scopes and policies' scopes line up (typos in either show as warnings). */
export const scopeReferencesCheck: Check = {
  id: 'references.scopes',
  codes: ['UAC105', 'UAC106'],
  run(ctx) {
    const out: Problem[] = [];
    const policies = ctx.ofKind('Policy');
    const consumers = ctx.ofKind('Consumer');
    const required = new Set(policies.flatMap((p) => p.spec.auth?.scopes ?? []));
    const held = new Set(consumers.flatMap((c) => c.spec.scopes ?? []));
    const oauthScopes = ctx.project?.spec.auth?.oauth?.scopesSupported ?? [];
    for (const c of consumers) {
      (c.spec.scopes ?? []).forEach((scope, i) => {
        if (!required.has(scope)) {
          out.push(problem('UAC105', c.at(['spec', 'scopes', i]), `scope '${scope}' of consumer '${c.metadata.name}' is required by no policy`));
        }
      });
    }
    // Only meaningful when the repository has consumers at all.
    if (consumers.length === 0) return out;
    for (const p of policies) {
      (p.spec.auth?.scopes ?? []).forEach((scope, i) => {
        if (!held.has(scope) && !oauthScopes.includes(scope)) {
          out.push(problem('UAC106', p.at(['spec', 'auth', 'scopes', i]), `scope '${scope}' of policy '${p.metadata.name}' is held by no consumer`));
        }
      });
    }
    return out;
  },
};

/** Each API key hash, JWT subject and certificate fingerprint identifies one consumer. */
export const credentialReferencesCheck: Check = {
  id: 'references.credentials',
  codes: ['UAC108'],
  run(ctx) {
    const out: Problem[] = [];
    const owner = new Map<string, string>();
    for (const c of ctx.ofKind('Consumer')) {
      c.spec.credentials.forEach((cred, i) => {
        const id =
          cred.type === 'apiKey' ? `apiKey:${cred.sha256}` : cred.type === 'jwt' ? `jwt:${cred.subject}` : `mtls:${cred.fingerprint.toLowerCase()}`;
        const first = owner.get(id);
        if (first === undefined) owner.set(id, c.metadata.name);
        else if (first !== c.metadata.name) {
          out.push(problem('UAC108', c.at(['spec', 'credentials', i]), `this ${cred.type} credential also identifies consumer '${first}'`));
        }
      });
    }
    return out;
  },
};

/** An API serves something: an OpenAPI import or hand-written operations. */
export const apiOperationsCheck: Check = {
  id: 'references.operations',
  codes: ['UAC109'],
  run(ctx) {
    return ctx
      .ofKind('API')
      .filter((api) => api.spec.openapi === undefined && (api.spec.operations ?? []).length === 0)
      .map((api) => problem('UAC109', api.at(['spec']), `API '${api.metadata.name}' has no openapi import and no operations`));
  },
};
