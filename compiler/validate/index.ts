/**
 * `validateContracts`: every check of the registry over a loaded repository.
 * Returns the checks' problems only (the loader's are in `repo.problems`),
 * sorted by file, line, column. Never throws on bad contract content.
 */
import type { LoadedRepository } from '../load/index.js';
import type { ContractDocument, Kind, SpecByKind } from '../model.js';
import { type Problem, sortProblems } from '../problems.js';
import type { CheckContext } from './check.js';
import { CHECKS } from './checks/index.js';
import { schemaProblems } from './schema.js';

export type { Check, CheckContext } from './check.js';
export { CHECKS } from './checks/index.js';

/** What every check sees: schema-valid documents are typed, the rest only in `all`. */
export function checkContext(repo: LoadedRepository, opts: { env?: string } = {}): CheckContext {
  const all = repo.docs;
  const valid = all.filter((doc) => schemaProblems(doc).length === 0);
  const project = valid.find((d): d is ContractDocument<'Project'> => d.kind === 'Project' && d.file === 'uac.yaml');
  return {
    repo,
    all,
    valid,
    project,
    env: opts.env,
    ofKind: <K extends Kind>(kind: K) => valid.filter((d) => d.kind === kind) as Array<ContractDocument<K> & { spec: SpecByKind[K] }>,
  };
}

export function validateContracts(repo: LoadedRepository, opts: { env?: string } = {}): Problem[] {
  const ctx = checkContext(repo, opts);
  const problems: Problem[] = [];
  for (const check of CHECKS) problems.push(...check.run(ctx));
  return sortProblems(problems);
}
