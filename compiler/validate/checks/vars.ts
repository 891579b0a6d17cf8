import type { NodePath } from '../../model.js';
import type { Problem } from '../../problems.js';
import { findSecretRefs, findVarRefs, MALFORMED_REF_PATTERN } from '../../vars.js';
import type { Check } from '../check.js';
import { problem } from '../codes/index.js';
import { mayBeCredential } from './credentials.js';
import { inJsonSchema, walkStrings } from '../walk.js';

/** Where the runtime resolves `${secret:…}`: API upstream header values and LLM provider keys. */
function secretAllowed(kind: string, path: NodePath): boolean {
  if (kind === 'API') return path.length === 4 && path[0] === 'spec' && path[1] === 'upstream' && path[2] === 'headers';
  if (kind === 'LLMRoute') return path.length === 4 && path[0] === 'spec' && path[1] === 'providers' && path[3] === 'apiKey';
  return false;
}

/** `${var:…}` defined in every environment, `--env` known, references well-formed and in places that resolve them. */
export const varsCheck: Check = {
  id: 'vars',
  codes: ['UAC501', 'UAC502', 'UAC504', 'UAC505'],
  run(ctx) {
    const out: Problem[] = [];
    const project = ctx.project;
    const envs = project ? Object.entries(project.spec.environments) : [];
    if (project && ctx.env !== undefined && !envs.some(([name]) => name === ctx.env)) {
      out.push(
        problem('UAC502', project.at(['spec', 'environments']), `environment '${ctx.env}' is not defined in uac.yaml`, {
          hint: `Use one of: ${envs.map(([n]) => n).join(', ')}.`,
        }),
      );
    }
    for (const doc of ctx.all) {
      const { spec, metadata } = doc as { spec?: unknown; metadata?: unknown };
      walkStrings({ metadata, spec }, (value, path) => {
        if (!value.includes('${')) return;
        const at = doc.at(path);
        if (!inJsonSchema(path) && MALFORMED_REF_PATTERN.test(value)) {
          const shown = mayBeCredential(value, path) ? '<redacted>' : value.length > 80 ? `${value.slice(0, 77)}...` : value;
          out.push(problem('UAC504', at, `malformed reference in ${JSON.stringify(shown)}`));
        }
        MALFORMED_REF_PATTERN.lastIndex = 0;
        if (project && !(doc.kind === 'Project' && path[1] === 'environments')) {
          for (const name of findVarRefs(value)) {
            const lacking = envs.filter(([, env]) => !env.vars || !Object.hasOwn(env.vars, name)).map(([n]) => n);
            if (lacking.length > 0) {
              out.push(
                problem('UAC501', at, `\${var:${name}} is not defined in environment${lacking.length > 1 ? 's' : ''} ${lacking.join(', ')}`, {
                  hint: `Add ${name} to spec.environments.<env>.vars in uac.yaml for ${lacking.join(', ')}.`,
                }),
              );
            }
          }
        }
        if (findSecretRefs(value).length > 0 && !secretAllowed(doc.kind, path)) {
          out.push(problem('UAC505', at, `\${secret:…} at ${path.join('.')} would not be resolved by the runtime`));
        }
      });
    }
    return out;
  },
};
