/**
 * `github-workflow`: the pull-request workflow for a contract repository,
 * built on the repository's composite action (action.yml): validate with
 * annotations and a sticky diff comment on every pull request, and build on
 * the default branch.
 */
import type { Target } from './target.js';

export const githubWorkflow: Target = {
  name: 'github-workflow',
  summary: 'a GitHub Actions workflow that validates, diffs and builds the contracts',
  files: [{ path: 'uac-contracts.yml', template: 'github-workflow.yml.hbs', syntax: 'yaml' }],
  view({ bundle, contractsDir }) {
    return {
      project: bundle.project,
      environment: bundle.environment,
      contractsDir,
      paths: contractsDir === '.' ? ['**/*.yaml', '**/*.yml', '**/*.json', '**/*.md'] : [`${contractsDir}/**`],
    };
  },
};
