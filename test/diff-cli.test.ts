/**
 * `uac diff` as users run it: the real CLI on temporary Git repositories,
 * its exit codes, formats, trailers, and every bad-input path.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { compileRepo } from '../compiler/build.js';
import type { DiffReport } from '../compiler/diff/report.js';
import { compareRevisions } from '../compiler/diff/revisions.js';
import { all, createRepo, rep, type TestRepo, write } from './fixtures/diff/git-repo.js';
import { runCli } from './helpers/cli.js';

const O = 'apis/orders.yaml';
const repos: TestRepo[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all([...repos.splice(0).map((r) => r.dispose()), ...dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))]);
});

async function repo(): Promise<TestRepo> {
  const r = await createRepo();
  repos.push(r);
  return r;
}

/** In process, for cases about the comparison rather than the command line. */
async function compare(r: TestRepo, base: string, head?: string): Promise<DiffReport> {
  const opts = { dir: r.contracts, base, failOn: 'breaking' as const, compile: compileRepo };
  return (await compareRevisions(head === undefined ? opts : { ...opts, head })).report;
}

async function diffJson(r: TestRepo, args: string[]): Promise<{ code: number | null; report: DiffReport; stderr: string }> {
  const res = await runCli(['diff', r.contracts, '--format', 'json', ...args]);
  let report: DiffReport;
  try {
    report = JSON.parse(res.stdout) as DiffReport;
  } catch {
    throw new Error(`not JSON (exit ${res.code}): ${res.stdout}\n${res.stderr}`);
  }
  return { code: res.code, report, stderr: res.stderr };
}

// Each case spawns the CLI (tsx) a few times; shared 2-core machines are slow.
describe('uac diff CLI', { timeout: 120_000 }, () => {
  it('finds no change when contracts are reformatted, reordered and split into other files', async () => {
    const r = await repo();
    const policies = await readFile(path.join(r.contracts, 'policies/standard.yaml'), 'utf8');
    const [standard = '', strict = '', llm = ''] = policies.split('---\n');
    await r.edit({
      'policies/standard.yaml': () => null,
      'policies/a-standard.yml': () => `# the default policy\n${standard}`,
      'more/policies.yaml': () => `${llm}---\n${strict}`,
      'consumers/support-bot.yaml': rep('metadata: { name: support-bot }', 'metadata:\n  name: support-bot'),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: contract text with a var reference
      [O]: rep('upstream: { url: "${var:ORDERS_URL}", timeout: 5s }', 'upstream:\n    timeout: 5s\n    url: "${var:ORDERS_URL}"'),
    });
    await r.commit('reorganize contracts');
    const report = await compare(r, 'HEAD~1', 'HEAD');
    expect(report.status).toBe('compared');
    expect(report.findings).toEqual([]);
    expect(report.cost?.before).toBe(report.cost?.after);
    expect(report.failed).toBe(false);
  });

  it('compares the work tree, uncommitted files included, when --head is absent', async () => {
    const r = await repo();
    await r.edit({
      'consumers/new-bot.yaml': write(
        'apiVersion: uac/v1\nkind: Consumer\nmetadata: { name: new-bot }\nspec:\n  tenant: acme\n  scopes: ["orders:read"]\n  credentials:\n    - { type: jwt, subject: new-bot }\n',
      ),
    });
    const report = await compare(r, 'HEAD');
    expect(report.head.ref).toBeNull();
    expect(report.head.commit).toBeNull();
    expect(report.findings.map((f) => [f.rule, f.subject])).toEqual([['consumer-added', 'new-bot']]);
    expect(report.failed).toBe(false);
  });

  it('compiles both sides for --env, and reports an unknown environment as a contract problem', async () => {
    const r = await repo();
    const ok = await compareRevisions({ dir: r.contracts, base: 'HEAD', env: 'dev', failOn: 'breaking', compile: compileRepo });
    expect(ok.report.status).toBe('compared');
    const bad = await compareRevisions({ dir: r.contracts, base: 'HEAD', env: 'nope', failOn: 'breaking', compile: compileRepo });
    expect(bad.report.status).toBe('head-failed');
    expect(bad.report.failed).toBe(true);
    expect(bad.report.head.problems).toContainEqual(expect.objectContaining({ code: 'UAC502', file: 'contracts/uac.yaml' }));
  });

  it('exits 1 on a breaking change, and on a warning only with --fail-on warning', async () => {
    const r = await repo();
    await r.edit({ [O]: rep('mcp: { name: orders_search }', 'expose: { rest: true, mcp: false }') });
    await r.commit('hide search from agents');
    const breaking = await diffJson(r, ['--base', 'HEAD~1']);
    expect(breaking.code).toBe(1);
    expect(breaking.report.failed).toBe(true);
    expect(breaking.report.summary.breaking).toBe(1);

    const w = await repo();
    await w.edit({ [O]: rep('Fetch one order by id.', 'Fetch one order.') });
    await w.commit('reword');
    expect((await diffJson(w, ['--base', 'HEAD~1'])).code).toBe(0);
    expect((await diffJson(w, ['--base', 'HEAD~1', '--fail-on', 'warning'])).code).toBe(1);
  });

  it('accepts a breaking change named in an Uac-Allow-Breaking trailer, and warns about malformed ones', async () => {
    const r = await repo();
    await r.edit({ [O]: rep('mcp: { name: orders_search }', 'expose: { rest: true, mcp: false }') });
    const sha = await r.commit(
      'Retire the search tool\n\nAgents use list views now.\n\nUac-Allow-Breaking: tool-removed orders_search\nUac-Allow-Breaking: no-such-rule x\nUac-Allow-Breaking: nonsense',
    );
    const { code, report, stderr } = await diffJson(r, ['--base', 'HEAD~1']);
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'tool-removed', subject: 'orders_search', acceptedBy: sha }));
    expect(report.summary).toMatchObject({ breaking: 0, accepted: 1 });
    expect(code).toBe(0);
    expect(stderr).toContain("no rule 'no-such-rule'");
    expect(stderr).toContain("'Uac-Allow-Breaking: nonsense'");
    const md = await runCli(['diff', r.contracts, '--base', 'HEAD~1']);
    expect(md.stdout).toContain('Accepted');
    expect(md.stdout).toContain(sha.slice(0, 12));
  });

  it('prints GitHub annotations with --format github', async () => {
    const r = await repo();
    await r.edit({
      [O]: all(rep('name: orders_search', 'name: orders_find'), rep('Fetch one order by id.', 'Fetch one order, 100% fresh.')),
    });
    await r.commit('rename');
    const res = await runCli(['diff', r.contracts, '--base', 'HEAD~1', '--format', 'github']);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(
      /^::error title=uac diff breaking%3A tool-renamed::tool orders_find: tool orders_search renamed to orders_find/m,
    );
    expect(res.stdout).toMatch(/^::warning title=uac diff warning%3A tool-description-changed::.*100%25 fresh/m);
    expect(res.stdout).toMatch(/^uac diff fails \(fail on breaking\): 1 breaking, 1 warning/m);
  });

  it('treats a base without uac.yaml as empty: everything is added', async () => {
    const r = await repo();
    await r.git('rm', '-rq', 'contracts');
    await r.commit('no contracts yet');
    await r.git('checkout', '-q', 'base', '--', 'contracts');
    await r.commit('first contracts');
    const report = await compare(r, 'HEAD~1');
    expect(report.base.empty).toBe(true);
    expect(report.status).toBe('compared');
    expect(report.findings.filter((f) => f.rule === 'tool-added').map((f) => f.subject)).toEqual([
      'orders_cancel',
      'orders_get',
      'orders_search',
    ]);
    expect(report.summary.breaking).toBe(0);
    expect(report.failed).toBe(false);
  });

  it('reports a base that does not compile, still shows the head problems, and exits 1 (0 with --fail-on none)', async () => {
    const r = await repo();
    await r.edit({ [O]: rep('policies: [standard, strict]', 'policies: [standard, missing-policy]') });
    await r.commit('break the base');
    await r.edit({
      [O]: rep('policies: [standard, missing-policy]', 'policies: [standard, strict]'),
      'consumers/reporting.yaml': rep('tenant: globex', 'tenant: Not_A_Name!'),
    });
    await r.commit('fix it, break something else');
    const both = await diffJson(r, ['--base', 'HEAD~1']);
    expect(both.code).toBe(1);
    expect(both.report.status).toBe('head-failed');
    expect(both.report.base.bundleId).toBeNull();
    expect(both.report.base.problems.some((p) => p.severity === 'error' && p.file === 'contracts/apis/orders.yaml')).toBe(true);
    expect(both.report.head.problems.some((p) => p.severity === 'error' && p.file === 'contracts/consumers/reporting.yaml')).toBe(true);

    await r.edit({ 'consumers/reporting.yaml': rep('tenant: Not_A_Name!', 'tenant: globex') });
    await r.commit('fix head');
    const baseOnly = await diffJson(r, ['--base', 'HEAD~2']);
    expect(baseOnly.code).toBe(1);
    expect(baseOnly.report.status).toBe('base-failed');
    expect(baseOnly.report.findings).toEqual([]);
    const md = await runCli(['diff', r.contracts, '--base', 'HEAD~2']);
    expect(md.code).toBe(1);
    expect(md.stdout).toContain('the base revision does not compile');
    expect(md.stdout).toMatch(/Problems in the base revision[\s\S]*`contracts\/apis\/orders\.yaml` \| \d+:\d+ \| UAC1\d\d \|/);
    // The PR that repairs a broken base can pass; a broken head still cannot.
    const repair = await diffJson(r, ['--base', 'HEAD~2', '--fail-on', 'none']);
    expect(repair.code).toBe(0);
    expect(repair.report).toMatchObject({ status: 'base-failed', failed: false, findings: [] });
    const brokenHead = await diffJson(r, ['--base', 'HEAD~1', '--head', 'HEAD~1', '--fail-on', 'none']);
    expect(brokenHead.code).toBe(1);
    expect(brokenHead.report.status).toBe('head-failed');
  });

  it('reports a head that does not compile with its problems, located in the repository', async () => {
    const r = await repo();
    await r.edit({ [O]: rep('policies: [standard, strict]', 'policies: [standard, nope]') });
    const res = await runCli(['diff', r.contracts, '--base', 'HEAD', '--format', 'github']);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^::error file=contracts\/apis\/orders\.yaml,line=\d+,col=\d+,title=UAC1\d\d::/m);
  });

  it('explains an unknown base, a bad ref and a folder outside Git with exit 2', async () => {
    const r = await repo();
    const unknown = await runCli(['diff', r.contracts, '--base', 'origin/does-not-exist']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown revision 'origin/does-not-exist'");
    const option = await runCli(['diff', r.contracts, '--base=--output=/tmp/x']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('is not a revision name');
    const outside = await mkdtemp(path.join(tmpdir(), 'uac-nogit-'));
    dirs.push(outside);
    const noGit = await runCli(['diff', outside, '--base', 'HEAD']);
    expect(noGit.code).toBe(2);
    expect(noGit.stderr).toContain('is not inside a Git work tree');
  });

  it('gives a fetch hint when the base is missing from a shallow clone', async () => {
    const r = await repo();
    await r.edit({ [O]: rep('timeout: 5s', 'timeout: 6s') });
    await r.commit('second');
    const clone = await mkdtemp(path.join(tmpdir(), 'uac-shallow-'));
    dirs.push(clone);
    await promisify(execFile)('git', ['clone', '-q', '--depth', '1', `file://${r.root}`, clone]);
    const res = await runCli(['diff', path.join(clone, 'contracts'), '--base', 'HEAD~1']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('not in this shallow clone');
    expect(res.stderr).toMatch(/git fetch --depth=\d+ origin|fetch-depth: 0/);
  });

  it('refuses bad flags with exit 2', async () => {
    const r = await repo();
    for (const args of [
      [],
      ['--base', 'HEAD', '--format', 'yaml'],
      ['--base', 'HEAD', '--fail-on', 'info'],
      ['--base', 'HEAD', '--pr', '7'],
      ['--base', 'HEAD', '--bogus'],
    ]) {
      const res = await runCli(['diff', r.contracts, ...args]);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr.length).toBeGreaterThan(0);
    }
    const help = await runCli(['diff', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Uac-Allow-Breaking');
  });
});
