#!/usr/bin/env node
/**
 * `uac` entry point: picks the command and hands it the remaining arguments.
 * Each command lives in its own module (loaded lazily so `uac validate` never
 * pays for the runtime's imports) and returns its exit code:
 * 0 ok, 1 contract/diff problems, 2 usage or I/O error (SPEC section 3).
 */
import { UsageError } from './args.js';

interface CommandModule {
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  validate: { summary: 'check a contract repository', load: () => import('./validate.js') },
  build: { summary: 'compile contracts into a bundle', load: () => import('./build.js') },
  inspect: { summary: 'summarize a bundle and verify its id', load: () => import('./inspect.js') },
  diff: { summary: 'classify changes between two Git revisions', load: () => import('./diff.js') },
  generate: { summary: 'render configs and docs from contracts', load: () => import('./generate.js') },
  serve: { summary: 'serve a bundle over REST and MCP', load: () => import('./serve.js') },
  dev: { summary: 'build, serve and hot-swap on every change', load: () => import('./dev.js') },
  start: { summary: 'build the sample contracts and serve them with a sample upstream', load: () => import('./start.js') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: uac <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'uac <command> --help' for a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    const { UAC_VERSION } = await import('../compiler/version.js');
    process.stdout.write(`${UAC_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`uac: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`uac ${name}: ${err.message}\n`);
      return 2;
    }
    // Unexpected: show a one-line message; the stack only when asked for.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`uac ${name}: ${message}\n`);
    if (process.env.UAC_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`uac: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
