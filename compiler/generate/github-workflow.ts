/**
 * `github-workflow`: the workflow for a contract repository. On a pull
 * request it validates (annotations on the changed lines) and diffs against
 * the base branch, keeping one sticky PR comment up to date and failing on
 * breaking changes; on the default branch it builds the bundle and keeps it
 * as an artifact. The uac version is pinned to the one that generated it.
 */
import { UAC_VERSION } from '../version.js';
import type { Target } from './target.js';

/** A GitHub expression `${{ … }}`, built here so Handlebars never sees its braces in a template. */
function expr(inner: string): string {
  return `$\{{ ${inner} }}`;
}

const EXPR = {
  baseRef: expr('github.base_ref'),
  token: expr('secrets.GITHUB_TOKEN'),
  concurrency: `uac-contracts-${expr('github.ref')}`,
  sha: expr('github.sha'),
};

export const githubWorkflow: Target = {
  name: 'github-workflow',
  summary: 'a GitHub Actions workflow that validates, diffs and builds the contracts',
  files: [{ path: 'uac-contracts.yml', template: 'github-workflow.yml.hbs', syntax: 'yaml' }],
  view({ bundle, contractsDir }) {
    return {
      project: bundle.project,
      environment: bundle.environment,
      contractsDir,
      uac: `npx --yes uac@${UAC_VERSION}`,
      paths: contractsDir === '.' ? ['**'] : [`${contractsDir}/**`],
      expr: EXPR,
    };
  },
};
