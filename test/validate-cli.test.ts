import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRepository } from '../compiler/load/index.js';
import type { Problem } from '../compiler/problems.js';
import { validateContracts } from '../compiler/validate/index.js';
import { escapeData, escapeProperty, formatProblems, type JsonReport } from '../compiler/validate/report.js';
import { REPO_ROOT, runCli } from './helpers/cli.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'uac-validate-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const CONTRACTS = path.join(REPO_ROOT, 'contracts');

/** A copy of the sample contracts with one file replaced. */
function sampleWith(rel: string, edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(work, 'sample-'));
  fs.cpSync(CONTRACTS, dir, { recursive: true });
  const file = path.join(dir, rel);
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
  return dir;
}

describe('the sample contracts', () => {
  it('load every kind and validate clean in every environment', async () => {
    const repo = await loadRepository(CONTRACTS);
    expect(repo.problems).toEqual([]);
    expect(new Set(repo.docs.map((d) => d.kind))).toEqual(new Set(['Project', 'API', 'Policy', 'Consumer', 'Skill', 'LLMRoute']));
    for (const env of [undefined, 'dev', 'prod']) expect(validateContracts(repo, { env })).toEqual([]);
  });

  it('`uac validate contracts` exits 0 with a summary', async () => {
    const res = await runCli(['validate', 'contracts']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^✔ no errors \(\d+ ms\)\n$/);
  });
});

describe('uac validate output', () => {
  it('human: file:line:col  severity  code  message, a hint and a summary; no colour with NO_COLOR', async () => {
    const dir = sampleWith('policies/public.yaml', (t) => t.replace('limit: 60', 'limit: 0'));
    const res = await runCli(['validate', dir]);
    expect(res.code).toBe(1);
    const rel = path.relative(REPO_ROOT, dir).split(path.sep).join('/');
    expect(res.stdout).toContain(`${rel}/policies/public.yaml:11:16  error  UAC401  spec.rateLimit[0].limit = 0: must be >= 1\n    hint: `);
    expect(res.stdout).toMatch(/\n✖ 1 error, 0 warnings \(\d+ ms\)\n$/);
    expect(res.stdout).not.toContain('\x1b[');
  });

  it('json: the documented shape, repository-relative files, warnings do not fail', async () => {
    const dir = sampleWith('consumers/globex-dashboard.yaml', (t) => t.replace('scopes: [orders:read]', 'scopes: [orders:read, orders:reed]'));
    const res = await runCli(['validate', dir, '--format', 'json']);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as JsonReport;
    expect(report).toEqual({
      version: 1,
      ok: true,
      problems: [
        {
          code: 'UAC105',
          severity: 'warning',
          message: "scope 'orders:reed' of consumer 'globex-dashboard' is required by no policy",
          hint: expect.any(String),
          file: 'consumers/globex-dashboard.yaml',
          line: 10,
          column: 25,
        },
      ],
      summary: { errors: 0, warnings: 1 },
    });
  });

  it('github: workflow annotations with escaped data and properties', async () => {
    const dir = sampleWith('apis/catalog.yaml', (t) => t.replace('timeout: 2s', 'timeout: 2 s'));
    const res = await runCli(['validate', dir, '--format', 'github']);
    expect(res.code).toBe(1);
    const rel = path.relative(REPO_ROOT, dir).split(path.sep).join('/');
    expect(res.stdout).toBe(
      `::error file=${rel}/apis/catalog.yaml,line=13,col=14,title=UAC402::` +
        'Invalid duration: spec.upstream.timeout = "2 s": must match pattern "^[0-9]+(ms|s|m|h|d)$"%0Ahint: Write the duration like `5s`, `1m` or `1h`.\n',
    );
  });

  it('escapes %, CR and LF in data, and also : and , in properties', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    const p: Problem = { code: 'UAC503', severity: 'error', message: 'x\ny', hint: 'h', file: 'a,b:c.yaml', line: 2, column: 3 };
    expect(formatProblems([p], 'github', { displayPrefix: '', color: false, elapsedMs: 0 })).toBe(
      '::error file=a%2Cb%3Ac.yaml,line=2,col=3,title=UAC503::Credential literal: x%0Ay%0Ahint: h\n',
    );
  });

  it('colour only when asked for (a TTY without NO_COLOR)', () => {
    const p: Problem = { code: 'UAC105', severity: 'warning', message: 'm', hint: 'h', file: 'f.yaml', line: 1, column: 1 };
    expect(formatProblems([p], 'human', { displayPrefix: 'c', color: true, elapsedMs: 5 })).toContain('\x1b[33mwarning\x1b[0m');
    expect(formatProblems([p], 'human', { displayPrefix: 'c', color: false, elapsedMs: 5 })).toBe('c/f.yaml:1:1  warning  UAC105  m\n    hint: h\n\n✔ no errors, 1 warning (5 ms)\n');
  });

  it('--env naming an unknown environment is a located error', async () => {
    const res = await runCli(['validate', 'contracts', '--env', 'staging', '--format', 'json']);
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout) as JsonReport;
    expect(report.problems).toMatchObject([{ code: 'UAC502', file: 'uac.yaml', line: 9, column: 5 }]);
  });
});

describe('uac validate exit codes', () => {
  it('2 for a missing folder, an unknown flag, a bad format or two folders', async () => {
    const missing = await runCli(['validate', path.join(work, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such folder');
    expect(missing.stdout).toBe('');
    expect((await runCli(['validate', 'contracts', '--colour'])).code).toBe(2);
    expect((await runCli(['validate', 'contracts', '--format', 'xml'])).code).toBe(2);
    expect((await runCli(['validate', 'contracts', 'contracts'])).code).toBe(2);
  });

  it('1 for a folder without uac.yaml, 0 for --help', async () => {
    const empty = fs.mkdtempSync(path.join(work, 'empty-'));
    const res = await runCli(['validate', empty]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('uac.yaml:1:1  error  UAC002');
    const help = await runCli(['validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format');
  });
});

describe('uac validate runs the structural OpenAPI lint that uac build skips', () => {
  it('reports UAC212 located in the OpenAPI files', async () => {
    const fixture = path.join(REPO_ROOT, 'test/fixtures/openapi/uac212');
    const res = await runCli(['validate', fixture, '--format', 'json']);
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout) as JsonReport;
    const lint = report.problems.filter((p) => p.code === 'UAC212');
    expect(lint.length).toBeGreaterThan(0);
    for (const p of lint) {
      expect(p.file.startsWith('oa/')).toBe(true);
      expect(p.line).toBeGreaterThan(0);
      expect(p.column).toBeGreaterThan(0);
    }
  });
});
