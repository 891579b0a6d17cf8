import { type FSWatcher, watch } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { compileRepo } from '../compiler/build.js';
import { hasErrors, type Problem } from '../compiler/problems.js';
import { UAC_VERSION } from '../compiler/version.js';
import { type Gateway, startGateway } from '../runtime/gateway.js';
import { createLogger } from '../runtime/observe/logger.js';
import { parseFlags, UsageError } from './args.js';
import { parsePort, untilSignal } from './serve.js';

const HELP = `Usage: uac dev [dir] [--env E] [--port N] [--host H] [--secrets-dir DIR]

Builds the contract repository (default: .), serves it like 'uac serve', and
rebuilds and hot-swaps on every saved change. Problems are printed and the
last good bundle keeps serving until they are fixed.

  --env E            environment to build (default: the first in uac.yaml)
  --port N           port (default 8080)
  --host H           address (default 127.0.0.1)
  --secrets-dir DIR  folder of secret files for \${secret:NAME}`;

function printProblems(problems: readonly Problem[], prefix: string): void {
  for (const p of problems) {
    const file = prefix ? `${prefix}/${p.file}` : p.file;
    process.stderr.write(`${file}:${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}${p.hint ? ` (hint: ${p.hint})` : ''}\n`);
  }
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    { env: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'secrets-dir': { type: 'string' } },
    HELP,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}\n\n${HELP}`);
  const dir = resolve(positionals[0] ?? '.');
  const prefix = relative(process.cwd(), dir).split(sep).join('/');
  const port = parsePort(values.port, 8080);

  const build = async (): Promise<string | null> => {
    const started = performance.now();
    const result = await compileRepo(dir, values.env ? { env: values.env } : {});
    printProblems(result.problems, prefix);
    if (!result.bundle || hasErrors(result.problems)) {
      process.stderr.write(`uac dev: build failed (${result.problems.filter((p) => p.severity === 'error').length} error(s)); still serving the last good bundle\n`);
      return null;
    }
    process.stderr.write(`uac dev: built ${result.bundle.id} in ${Math.round(performance.now() - started)} ms\n`);
    return JSON.stringify(result.bundle);
  };

  // The first build must succeed or there is nothing to serve.
  const first = await build();
  if (first === null) return 1;

  const gateway: Gateway = await startGateway({
    port,
    host: values.host ?? '127.0.0.1',
    secretsDir: values['secrets-dir'],
    logger: createLogger(),
    server: { serverName: 'uac', serverVersion: UAC_VERSION },
  });
  const applied = await gateway.reloader.apply(first, null, dir);
  if (applied.kind === 'rejected') {
    await gateway.close();
    process.stderr.write(`uac dev: bundle refused (${applied.code}): ${applied.message}\n`);
    return 1;
  }
  process.stderr.write(`uac dev: serving ${dir} on ${gateway.url} (REST + ${gateway.url}/mcp); watching for changes\n`);

  // Rebuilds never overlap; a change during a build triggers one more.
  let timer: NodeJS.Timeout | null = null;
  let building = false;
  let again = false;
  const rebuild = async () => {
    if (building) {
      again = true;
      return;
    }
    building = true;
    try {
      do {
        again = false;
        const text = await build().catch((err: unknown) => {
          process.stderr.write(`uac dev: build crashed: ${err instanceof Error ? err.message : String(err)}\n`);
          return null;
        });
        if (text !== null) {
          const o = await gateway.reloader.apply(text, null, dir);
          if (o.kind === 'swapped') process.stderr.write(`uac dev: swapped to ${o.id}\n`);
          else if (o.kind === 'unchanged') process.stderr.write('uac dev: no change in the bundle\n');
        }
      } while (again);
    } finally {
      building = false;
    }
  };
  const watcher: FSWatcher = watch(dir, { recursive: true, persistent: true }, (_event, file) => {
    if (file && /(^|[\\/])(\.git|node_modules)([\\/]|$)/.test(file)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void rebuild();
    }, 150);
  });
  await untilSignal({
    async close() {
      watcher.close();
      if (timer) clearTimeout(timer);
      await gateway.close();
    },
  });
  return 0;
}
