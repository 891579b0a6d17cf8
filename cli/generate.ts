/**
 * `uac generate TARGET [dir] [--env E] --out PATH [--templates DIR] [--force] [--gateway-url URL]`
 * Compiles the contract repository, then renders the target's templates over
 * the bundle. Exit 0 written, 1 the contracts have errors, 2 usage or I/O
 * error (unknown target, broken template, file exists without --force).
 */
import { compileRepo } from '../compiler/build.js';
import { DEFAULT_GATEWAY_URL, findTarget, GenerateError, generate, normalizeGatewayUrl, TARGETS } from '../compiler/generate/index.js';
import { TemplateSet } from '../compiler/generate/templates.js';
import { toStdout, writeFiles } from '../compiler/generate/write.js';
import { relative } from 'node:path';
import { hasErrors } from '../compiler/problems.js';
import { formatProblems } from '../compiler/validate/report.js';
import { parseFlags, UsageError } from './args.js';

const HELP = `Usage: uac generate TARGET [dir] [--env E] --out PATH [--templates DIR] [--force] [--gateway-url URL]

Renders configs and docs from the compiled contracts (dir defaults to .).

Targets:
${TARGETS.map((t) => `  ${t.name.padEnd(16)} ${t.summary} (${t.files.map((f) => f.path).join(', ')})`).join('\n')}

  --env E            environment to build (default: the first in uac.yaml)
  --out PATH         file or folder to write; - prints to stdout
                     (several files are printed one after another, each under "==> path <==")
  --templates DIR    folder of templates replacing the shipped ones of the same file name
  --force            overwrite existing files
  --gateway-url URL  where clients reach the gateway (default ${DEFAULT_GATEWAY_URL})`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      env: { type: 'string' },
      out: { type: 'string' },
      templates: { type: 'string' },
      force: { type: 'boolean' },
      'gateway-url': { type: 'string' },
    },
    HELP,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [targetName, dir = '.', ...extra] = positionals;
  if (!targetName) throw new UsageError(`a TARGET is required\n\n${HELP}`);
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'\n\n${HELP}`);
  if (values.out === undefined || values.out === '') throw new UsageError(`--out is required (a path, or - for stdout)\n\n${HELP}`);

  try {
    // Everything that can be refused without compiling is checked first.
    const target = findTarget(targetName);
    const gatewayUrl = normalizeGatewayUrl(values['gateway-url'] ?? DEFAULT_GATEWAY_URL);
    if (values.templates !== undefined) new TemplateSet({ overrideDir: values.templates });
    const tty = process.stderr.isTTY === true;
    const started = performance.now();
    const { bundle, problems } = await compileRepo(dir, {
      ...(values.env === undefined ? {} : { env: values.env }),
      ...(tty ? { progress: (m: string) => process.stderr.write(`\r\x1b[2K${m}`) } : {}),
    });
    if (tty) process.stderr.write('\r\x1b[2K');
    if (problems.length > 0) {
      const rel = relative(process.cwd(), dir);
      process.stderr.write(
        formatProblems(problems, 'human', {
          displayPrefix: rel,
          color: tty && !process.env.NO_COLOR,
          elapsedMs: performance.now() - started,
        }),
      );
    }
    if (!bundle || hasErrors(problems)) {
      process.stderr.write(`uac generate: ${dir} has contract errors; nothing generated\n`);
      return 1;
    }
    const files = generate(target, bundle, {
      gatewayUrl,
      ...(values.templates === undefined ? {} : { templatesDir: values.templates }),
      contractsDir: dir,
    });
    if (values.out === '-') {
      process.stdout.write(toStdout(files));
      return 0;
    }
    const { written } = writeFiles(files, values.out, { force: values.force === true });
    for (const path of written) process.stderr.write(`wrote ${path}\n`);
    return 0;
  } catch (err) {
    if (err instanceof GenerateError) {
      process.stderr.write(`uac generate: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
