/**
 * `uac build [dir] [--env E] --out DIR [--sign KEYFILE]`: compiles the
 * contract repository, writes DIR/bundle.json (+ bundle.json.sig) and prints
 * the bundle id on stdout. Problems go to stderr; exit 1 when any is an error.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { compileRepo, writeBundle } from '../compiler/build.js';
import { formatProblems } from '../compiler/validate/report.js';
import { parseFlags, UsageError } from './args.js';

const HELP = `Usage: uac build [dir] [--env E] --out DIR [--sign KEYFILE]

Compiles the contract repository in dir (default: .) into DIR/bundle.json and
prints the bundle id. --sign writes DIR/bundle.json.sig, a detached EdDSA JWS
over the id, with an Ed25519 private key in PKCS#8 PEM
(openssl genpkey -algorithm ed25519 -out key.pem).

Options:
  --env E         environment of uac.yaml (default: the first one)
  --out DIR       output folder (created if missing)
  --sign KEYFILE  sign the bundle id
`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    { env: { type: 'string' }, out: { type: 'string' }, sign: { type: 'string' } },
    HELP,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}\n\n${HELP}`);
  if (!values.out) throw new UsageError(`--out DIR is required\n\n${HELP}`);
  const dir = path.resolve(positionals[0] ?? '.');

  let signKeyPem: string | undefined;
  if (values.sign) {
    try {
      signKeyPem = await readFile(values.sign, 'utf8');
    } catch (e) {
      process.stderr.write(`uac build: cannot read signing key ${values.sign} (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return 2;
    }
  }

  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  const result = await compileRepo(dir, {
    ...(values.env ? { env: values.env } : {}),
    ...(tty ? { progress: (m: string) => process.stderr.write(`\r\x1b[2K${m}`) } : {}),
  });
  if (tty) process.stderr.write('\r\x1b[2K');
  const rel = path.relative(process.cwd(), dir);
  if (result.problems.length > 0 || !result.bundle) {
    process.stderr.write(
      formatProblems(result.problems, 'human', {
        displayPrefix: rel.split(path.sep).join('/'),
        color: tty && !process.env.NO_COLOR,
        elapsedMs: performance.now() - started,
      }),
    );
  }
  if (!result.bundle) return 1;
  const written = await writeBundle(result.bundle, path.resolve(values.out), signKeyPem ? { signKeyPem } : {});
  process.stdout.write(`${result.bundle.id}\n`);
  process.stderr.write(
    `wrote ${path.relative(process.cwd(), written.bundlePath) || written.bundlePath}` +
      `${written.signaturePath ? ` and ${path.basename(written.signaturePath)}` : ''}: ` +
      `${result.bundle.tools.length} tools, ${result.bundle.routes.length} routes\n`,
  );
  return 0;
}
