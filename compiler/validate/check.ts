/**
 * A validation check: one small unit with the codes it may emit. The
 * registry in `checks/index.ts` runs them in order; a test asserts every
 * check emits only its declared codes and every code has a fixture.
 */
import type { LoadedRepository } from '../load/index.js';
import type { ContractDocument, Kind, SpecByKind } from '../model.js';
import type { Problem } from '../problems.js';

export interface CheckContext {
  repo: LoadedRepository;
  /** Every contract document the loader kept (schema-valid or not). */
  all: ContractDocument[];
  /** Documents that passed their kind's JSON Schema: their types can be trusted. */
  valid: ContractDocument[];
  /** The Project from uac.yaml, when it is schema-valid. */
  project: ContractDocument<'Project'> | undefined;
  /** `--env`, when given. */
  env: string | undefined;
  /** Schema-valid documents of one kind. */
  ofKind<K extends Kind>(kind: K): Array<ContractDocument<K> & { spec: SpecByKind[K] }>;
}

export interface Check {
  /** Short id, e.g. `references.policies`. */
  id: string;
  /** Codes this check may emit. */
  codes: readonly string[];
  run(ctx: CheckContext): Problem[];
}
