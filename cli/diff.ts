/**
 * `uac diff [dir] --base REF [--head REF] [--env E] [--format markdown|json|github]
 *           [--fail-on breaking|warning|none] [--comment [--pr N]]`
 *
 * Exit: 0 nothing at or above --fail-on, 1 findings at or above it (or a side
 * that does not compile), 2 usage, Git or GitHub API errors.
 */
import type { CompileFn } from '../compiler/diff/revisions.js';
import { oneOf, parseFlags, UsageError } from './args.js';

const HELP = `Usage: uac diff [dir] --base REF [options]

Compiles the contracts at two Git revisions and classifies every change for
agents (MCP tools), REST clients, policies and consumers.

Options:
  --base REF          revision to compare against (e.g. origin/main)
  --head REF          revision to compare (default: the work tree, uncommitted files included)
  --env E             environment to compile (default: the first in uac.yaml)
  --format F          markdown (default) | json | github
  --fail-on L         breaking (default) | warning | none: exit 1 at or above this level
  --comment           also create or update the sticky PR comment (GITHUB_TOKEN,
                      GITHUB_REPOSITORY, GITHUB_API_URL, PR from GITHUB_EVENT_PATH)
  --pr N              PR number for --comment (default: from the event payload)

Accept a breaking change on purpose with a trailer in a commit of the PR:
  Uac-Allow-Breaking: <rule-id> <subject>     (subject '*' = every subject of the rule)
Rules: docs/diff.md.
`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      base: { type: 'string' },
      head: { type: 'string' },
      env: { type: 'string' },
      format: { type: 'string' },
      'fail-on': { type: 'string' },
      comment: { type: 'boolean' },
      pr: { type: 'string' },
    },
    HELP,
  );
  if (parsed === null) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}\n\n${HELP}`);
  if (values.base === undefined) throw new UsageError(`--base REF is required\n\n${HELP}`);
  const format = oneOf('format', values.format, ['markdown', 'json', 'github'] as const, 'markdown');
  const failOn = oneOf('fail-on', values['fail-on'], ['breaking', 'warning', 'none'] as const, 'breaking');
  let pr: number | undefined;
  if (values.pr !== undefined) {
    if (!/^[1-9][0-9]{0,9}$/.test(values.pr)) throw new UsageError(`--pr must be a PR number (got '${values.pr}')`);
    if (!values.comment) throw new UsageError('--pr only makes sense with --comment');
    pr = Number(values.pr);
  }

  const { compareRevisions } = await import('../compiler/diff/revisions.js');
  const { GitError } = await import('../compiler/git/revision.js');
  let comparison: Awaited<ReturnType<typeof compareRevisions>>;
  try {
    comparison = await compareRevisions({
      dir: positionals[0] ?? '.',
      base: values.base,
      ...(values.head === undefined ? {} : { head: values.head }),
      ...(values.env === undefined ? {} : { env: values.env }),
      failOn,
      compile: await loadCompiler(),
      // Progress only where someone watches; CI logs and pipes stay clean.
      ...(process.stderr.isTTY ? { progress: (m: string) => process.stderr.write(`uac diff: ${m}…\n`) } : {}),
    });
  } catch (err) {
    if (err instanceof GitError) {
      process.stderr.write(`uac diff: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}`);
      return 2;
    }
    throw err;
  }
  const { report, ignoredTrailers } = comparison;
  for (const t of ignoredTrailers) {
    // Commit text is untrusted: no control characters reach the terminal.
    const value = t.value.replace(/\p{Cc}/gu, '?');
    process.stderr.write(`uac diff: ignoring trailer 'Uac-Allow-Breaking: ${value}' in ${t.commit.slice(0, 12)}: ${t.reason}\n`);
  }

  const { renderMarkdown, DIFF_MARKER } = await import('../compiler/diff/render/markdown.js');
  if (format === 'json') process.stdout.write((await import('../compiler/diff/render/json.js')).renderJson(report));
  else if (format === 'github') process.stdout.write((await import('../compiler/diff/render/github.js')).renderGithub(report));
  else process.stdout.write(renderMarkdown(report));

  if (values.comment) {
    const { GithubError, targetFromEnv, upsertStickyComment } = await import('../compiler/github/comment.js');
    try {
      const target = await targetFromEnv(process.env, pr);
      const result = await upsertStickyComment(target, renderMarkdown(report), DIFF_MARKER);
      process.stderr.write(`uac diff: PR comment ${result.action}${result.url ? ` (${result.url})` : ` (id ${result.id})`}\n`);
    } catch (err) {
      if (err instanceof GithubError) {
        process.stderr.write(`uac diff: could not update the PR comment: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
  }
  return report.failed ? 1 : 0;
}

async function loadCompiler(): Promise<CompileFn> {
  const { compileRepo } = await import('../compiler/build.js');
  return (dir, opts) => compileRepo(dir, opts);
}
