/**
 * `github-workflow`: the workflow for a contract repository, built on the
 * composite action at the root of the uac repository (action.yml): on a pull
 * request it validates with annotations, diffs against the base branch,
 * keeps one sticky PR comment up to date and fails on breaking changes; on
 * the default branch it builds the bundle (signed when the UAC_SIGNING_KEY
 * secret is set) and uploads it as an artifact.
 */
import type { Target } from './target.js';

/** The action's reference, as docs/examples/contracts-workflow.yml gives it; pin the ref you trust. */
export const ACTION_REF = 'acme/uac@v1';

/** A GitHub expression `${{ … }}`, built here so Handlebars never sees its braces in a template. */
function expr(inner: string): string {
  return `$\{{ ${inner} }}`;
}

export const githubWorkflow: Target = {
  name: 'github-workflow',
  summary: 'a GitHub Actions workflow that validates, diffs and builds the contracts',
  files: [{ path: 'uac-contracts.yml', template: 'github-workflow.yml.hbs', syntax: 'yaml' }],
  view({ bundle, contractsDir }) {
    return {
      project: bundle.project,
      environment: bundle.environment,
      contractsDir,
      action: ACTION_REF,
      paths: contractsDir === '.' ? ['**'] : [`${contractsDir}/**`],
      expr: {
        concurrency: `uac-${expr('github.ref')}`,
        signingKey: expr('secrets.UAC_SIGNING_KEY'),
        bundleId: expr('steps.uac.outputs.bundle-id'),
      },
    };
  },
};
