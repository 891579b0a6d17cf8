/**
 * Docker cannot run on the build machines, so the Dockerfile is checked as
 * far as it can be without it: parsed into stages and instructions, every
 * context path it copies exists and survives .dockerignore, the build stage
 * copies every folder tsconfig.build.json compiles, the final stage ships
 * every entry of package.json "files", runs as a non-root user, and its
 * HEALTHCHECK command really tells a healthy server from an unhealthy one.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_PORT, healthCommand, serveArgs } from '../compiler/generate/deploy.js';
import { REPO_ROOT } from './helpers/cli.js';

interface Instruction {
  op: string;
  args: string;
  line: number;
}

/** Dockerfile syntax: comments, `\` continuations, one instruction per logical line. */
function parseDockerfile(text: string): Instruction[][] {
  const stages: Instruction[][] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.endsWith('\\')) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${start + 1}: not an instruction: ${line}`);
    const ins = { op: m[1]!.toUpperCase(), args: m[2]!.trim(), line: start + 1 };
    if (ins.op === 'FROM') stages.push([]);
    if (ins.op === 'ARG' && stages.length === 0) continue;
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile line ${start + 1}: ${ins.op} before FROM`);
    stage.push(ins);
  }
  return stages;
}

function copySources(ins: Instruction): { from: string | null; sources: string[] } {
  const words = ins.args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length) ?? null;
  return { from, sources: paths.slice(0, -1) };
}

/** .dockerignore patterns that exclude a top-level path (the only kind this repository uses besides globs on tests). */
function ignored(path: string, patterns: string[]): boolean {
  const top = path.replace(/^\.\//, '').split('/')[0]!;
  return patterns.some((p) => p === top || p === path.replace(/^\.\//, ''));
}

const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfile);
const final = stages.at(-1)!;
const dockerignore = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

function jsonArg(op: string): string[] {
  const ins = final.find((i) => i.op === op);
  if (!ins) throw new Error(`no ${op} in the final stage`);
  return JSON.parse(ins.args.replace(/^(--\S+\s+)*CMD\s+/, '')) as string[];
}

describe('Dockerfile', () => {
  it('is multi-stage and names its stages', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.slice(0, -1).every((s) => / AS \w+$/i.test(s[0]!.args))).toBe(true);
  });

  it('copies only context paths that exist and that .dockerignore keeps', () => {
    for (const stage of stages) {
      for (const ins of stage.filter((i) => i.op === 'COPY')) {
        const { from, sources } = copySources(ins);
        if (from) continue;
        for (const src of sources) {
          expect(existsSync(join(REPO_ROOT, src)), `line ${ins.line}: ${src} exists`).toBe(true);
          expect(ignored(src, dockerignore), `line ${ins.line}: ${src} is not excluded by .dockerignore`).toBe(false);
        }
      }
    }
  });

  it('compiles every folder tsconfig.build.json includes', () => {
    const tsconfig = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    const build = stages.find((s) => s.some((i) => i.op === 'RUN' && i.args.includes('npm run build')))!;
    const copied = build.filter((i) => i.op === 'COPY').flatMap((i) => copySources(i).sources);
    for (const dir of tsconfig.include) expect(copied, `build stage copies ${dir}`).toContain(dir);
  });

  it('ships every entry of package.json "files" in the final stage', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
    const copied = final.filter((i) => i.op === 'COPY').flatMap((i) => copySources(i).sources.map((s) => s.replace(/^\/app\//, '')));
    for (const entry of pkg.files) expect(copied, `final stage ships ${entry}`).toContain(entry);
  });

  it('runs as a non-root user with `uac serve` as entrypoint and command, on the port the generated configs use', () => {
    const users = final.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users.at(-1));
    expect(final.findIndex((i) => i.op === 'USER')).toBeLessThan(final.findIndex((i) => i.op === 'ENTRYPOINT'));
    expect(jsonArg('ENTRYPOINT')).toEqual(['node', '/app/dist/cli/main.js']);
    expect(jsonArg('CMD')).toEqual(serveArgs('http://127.0.0.1:8080'));
    expect(final.find((i) => i.op === 'EXPOSE')?.args).toBe(String(GATEWAY_PORT));
  });

  describe('HEALTHCHECK', () => {
    let server: Server;
    let status = 200;
    beforeAll(async () => {
      server = createServer((req, res) => {
        res.statusCode = req.url === '/healthz' ? status : 404;
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('is the same probe the compose file uses, and it tells healthy from unhealthy', async () => {
      const command = jsonArg('HEALTHCHECK');
      expect(command).toEqual(healthCommand('/healthz'));
      const port = (server.address() as AddressInfo).port;
      // Async spawn: the server answering the probe lives in this process's event loop.
      const probe = () =>
        new Promise<number | null>((resolve, reject) => {
          const [bin, ...args] = command.map((a) => a.replace(`:${GATEWAY_PORT}/`, `:${port}/`));
          const child = spawn(bin === 'node' ? process.execPath : bin!, args, { stdio: 'ignore', timeout: 20_000 });
          child.on('error', reject);
          child.on('close', resolve);
        });
      status = 200;
      expect(await probe()).toBe(0);
      status = 503;
      expect(await probe()).toBe(1);
    });
  });
});
