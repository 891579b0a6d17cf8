/**
 * `uac validate [dir] [--env E] [--format human|json|github]`: load the
 * contract repository, run every check, print the problems. Exit 0 when
 * there is no error (warnings allowed), 1 with errors, 2 on usage or I/O
 * errors (e.g. the folder does not exist).
 */
import * as path from 'node:path';
import { type LoadedRepository, loadRepository, RepositoryNotFoundError } from '../compiler/load/index.js';
import { hasErrors, type Problem, sortProblems } from '../compiler/problems.js';
import { validateContracts } from '../compiler/validate/index.js';
import { formatProblems, type OutputFormat, OUTPUT_FORMATS } from '../compiler/validate/report.js';
import { oneOf, parseFlags, UsageError } from './args.js';

const HELP = `Usage: uac validate [dir] [--env E] [--format human|json|github]

Checks a contract repository (default: the current folder): schemas,
references, names, vars, secrets and policy sanity; when those pass, it also
compiles the contracts (OpenAPI import, tool synthesis, client limits).

Options:
  --env E          also check that environment E exists (vars are checked in every environment)
  --format F       human (default), json (stable shape, see docs/contracts.md) or github (workflow annotations)

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.`;

/** What compiling adds (OpenAPI import, tool synthesis, client limits) for contracts that validated: everything `uac build` would report. */
async function compileProblems(repo: LoadedRepository, env: string | undefined): Promise<Problem[]> {
  const { compileContracts } = await import('../compiler/build.js');
  const progress = process.stderr.isTTY ? (m: string) => process.stderr.write(`\r\x1b[2K${m}`) : undefined;
  // openapiLint: structural OpenAPI checks (UAC212) cost seconds on large documents, so only validate runs them.
  const { problems } = await compileContracts(repo, { openapiLint: true, ...(env !== undefined ? { env } : {}), ...(progress ? { progress } : {}) });
  if (progress) process.stderr.write('\r\x1b[2K');
  return problems;
}

export async function run(argv: string[]): Promise<number> {
  const started = performance.now();
  const parsed = parseFlags(argv, { env: { type: 'string' }, format: { type: 'string' } }, HELP);
  if (!parsed) return 0;
  const format: OutputFormat = oneOf('format', parsed.values.format, OUTPUT_FORMATS, 'human');
  if (parsed.positionals.length > 1) throw new UsageError(`expected at most one folder, got ${parsed.positionals.length}\n\n${HELP}`);
  const dir = parsed.positionals[0] ?? '.';
  const env = parsed.values.env;
  let problems: Problem[];
  let root: string;
  try {
    const repo = await loadRepository(dir);
    root = repo.root;
    problems = [...repo.problems, ...validateContracts(repo, { env })];
    // Contracts are sound: compile them too, so OpenAPI and tool-synthesis problems show.
    if (!hasErrors(problems)) problems.push(...(await compileProblems(repo, env)));
  } catch (err) {
    if (err instanceof RepositoryNotFoundError) {
      process.stderr.write(`uac validate: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  problems = sortProblems(problems);
  const color = format === 'human' && process.stdout.isTTY === true && !process.env.NO_COLOR;
  process.stdout.write(
    formatProblems(problems, format, {
      // Paths as the user can open them from here; JSON keeps repository-relative ones.
      displayPrefix: path.relative(process.cwd(), root).split(path.sep).join('/'),
      color,
      elapsedMs: performance.now() - started,
    }),
  );
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}
