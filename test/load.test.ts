import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRepository, RepositoryNotFoundError } from '../compiler/load/index.js';
import type { Problem } from '../compiler/problems.js';
import { runCli } from './helpers/cli.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'uac-load-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const PROJECT = 'apiVersion: uac/v1\nkind: Project\nmetadata:\n  name: t\nspec:\n  environments:\n    dev: {}\n';
let n = 0;

/** A fresh repository in a temp folder from `{ relPath: content }`. */
function repo(files: Record<string, string | Buffer>): string {
  const dir = path.join(work, `r${n++}`);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function only(problems: Problem[], code: string) {
  const hits = problems.filter((p) => p.code === code);
  expect(hits, JSON.stringify(problems)).toHaveLength(1);
  const { file, line, column } = hits[0]!;
  return { file, line, column };
}

describe('bad input: each a located error with a code', () => {
  it('broken YAML', async () => {
    const dir = repo({ 'uac.yaml': PROJECT, 'api.yaml': 'apiVersion: uac/v1\nkind: API\nmetadata:\n  name: "oops\n' });
    const r = await loadRepository(dir);
    expect(only(r.problems, 'UAC001')).toEqual({ file: 'api.yaml', line: 5, column: 1 });
    expect(r.docs.map((d) => d.file)).toEqual(['uac.yaml']);
  });

  it('duplicate keys are a YAML error', async () => {
    const dir = repo({ 'uac.yaml': PROJECT, 'p.yaml': 'apiVersion: uac/v1\nkind: Policy\nmetadata: { name: p }\nkind: Policy\n' });
    const r = await loadRepository(dir);
    expect(only(r.problems, 'UAC001')).toEqual({ file: 'p.yaml', line: 4, column: 1 });
  });

  it('wrong apiVersion', async () => {
    const dir = repo({ 'uac.yaml': PROJECT, 'x/p.yaml': 'apiVersion: uac/v2\nkind: Policy\nmetadata: { name: p }\n' });
    expect(only((await loadRepository(dir)).problems, 'UAC003')).toEqual({ file: 'x/p.yaml', line: 1, column: 13 });
  });

  it('unknown kind, and a missing kind', async () => {
    const dir = repo({ 'uac.yaml': PROJECT, 'k.yaml': 'apiVersion: uac/v1\nkind: Route\n---\napiVersion: uac/v1\nmetadata: { name: x }\n' });
    const r = await loadRepository(dir);
    const hits = r.problems.filter((p) => p.code === 'UAC004').map(({ file, line, column }) => ({ file, line, column }));
    expect(hits).toEqual([
      { file: 'k.yaml', line: 2, column: 7 },
      { file: 'k.yaml', line: 4, column: 1 },
    ]);
  });

  it('missing uac.yaml', async () => {
    const dir = repo({ 'api.yaml': 'apiVersion: uac/v1\nkind: API\n' });
    const r = await loadRepository(dir);
    expect(only(r.problems, 'UAC002')).toEqual({ file: 'uac.yaml', line: 1, column: 1 });
    expect(r.docs).toEqual([]);
  });

  it('two Projects', async () => {
    const dir = repo({ 'uac.yaml': `${PROJECT}---\n${PROJECT.replace('name: t', 'name: u')}` });
    expect(only((await loadRepository(dir)).problems, 'UAC020')).toEqual({ file: 'uac.yaml', line: 10, column: 7 });
  });

  it('a file that is not UTF-8 points at the first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('apiVersion: uac/v1\nkind: Policy\nmetadata:\n  name: x\n  description: "na'), Buffer.from([0xef, 0xbb]), Buffer.from('ve"\n')]);
    const dir = repo({ 'uac.yaml': PROJECT, 'latin.yaml': bytes });
    expect(only((await loadRepository(dir)).problems, 'UAC005')).toEqual({ file: 'latin.yaml', line: 5, column: 19 });
  });

  it('a 50 MB contract file is refused without being parsed', async () => {
    const dir = repo({ 'uac.yaml': PROJECT });
    const fd = fs.openSync(path.join(dir, 'huge.yaml'), 'w');
    fs.writeSync(fd, 'apiVersion: uac/v1\nkind: Policy\nmetadata: { name: huge }\n# ');
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    const r = await loadRepository(dir);
    expect(only(r.problems, 'UAC006')).toEqual({ file: 'huge.yaml', line: 1, column: 1 });
    expect(r.docs.map((d) => d.file)).toEqual(['uac.yaml']);
  });

  it('a large YAML file that is not a contract (e.g. an OpenAPI document) is skipped', async () => {
    const dir = repo({ 'uac.yaml': PROJECT, 'big-openapi.yaml': `openapi: 3.1.0\ninfo: { title: t, version: '1' }\n# ${'y'.repeat(5 * 1024 * 1024)}\n` });
    expect((await loadRepository(dir)).problems).toEqual([]);
  });

  it('YAML nested too deep for the parser', async () => {
    const deep = `apiVersion: uac/v1\nkind: Policy\nmetadata: { name: deep }\nspec:\n  x: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    const r = await loadRepository(repo({ 'uac.yaml': PROJECT, 'deep.yaml': deep }));
    const hit = r.problems.find((p) => p.code === 'UAC001');
    expect(hit).toMatchObject({ file: 'deep.yaml', line: 5 });
    expect(r.docs.map((d) => d.file)).toEqual(['uac.yaml']);
  });

  it('an alias bomb (billion laughs) is refused', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
    const bomb = `apiVersion: uac/v1\nkind: Policy\nmetadata: { name: bomb }\nspec:\n  ${levels.join('\n  ')}\n`;
    const r = await loadRepository(repo({ 'uac.yaml': PROJECT, 'bomb.yaml': bomb }));
    expect(only(r.problems, 'UAC001')).toEqual({ file: 'bomb.yaml', line: 1, column: 1 });
    expect(r.problems[0]!.message).toMatch(/alias/i);
  });

  it('a symlink loop', async () => {
    const dir = repo({ 'uac.yaml': PROJECT });
    fs.symlinkSync('b.yaml', path.join(dir, 'a.yaml'));
    fs.symlinkSync('a.yaml', path.join(dir, 'b.yaml'));
    const r = await loadRepository(dir);
    const hits = r.problems.filter((p) => p.code === 'UAC007').map(({ file, line, column }) => ({ file, line, column }));
    expect(hits).toEqual([
      { file: 'a.yaml', line: 1, column: 1 },
      { file: 'b.yaml', line: 1, column: 1 },
    ]);
  });

  it('a reference to a file outside the repository (../../etc/passwd)', async () => {
    const dir = repo({ 'uac.yaml': PROJECT });
    const r = await loadRepository(dir);
    const from = { file: 'apis/orders.yaml', line: 9, column: 11 };
    const res = r.readFile('../../etc/passwd', from);
    expect(res.text).toBeUndefined();
    expect(res.problem).toMatchObject({ code: 'UAC103', ...from });
  });

  it('a contract file that is a symlink out of the repository is not read', async () => {
    const outside = repo({ 'p.yaml': 'apiVersion: uac/v1\nkind: Policy\nmetadata: { name: outside }\n' });
    const dir = repo({ 'uac.yaml': PROJECT });
    fs.symlinkSync(path.join(outside, 'p.yaml'), path.join(dir, 'linked.yaml'));
    const r = await loadRepository(dir);
    expect(only(r.problems, 'UAC103')).toEqual({ file: 'linked.yaml', line: 1, column: 1 });
    expect(r.docs.map((d) => d.metadata.name)).toEqual(['t']);
    expect(r.problems[0]!.message).not.toContain(outside);
  });

  it('a folder that does not exist is an I/O error, not a problem', async () => {
    await expect(loadRepository(path.join(work, 'nope'))).rejects.toBeInstanceOf(RepositoryNotFoundError);
  });

  it('a collection used as a key is an unknown field, without warnings on stderr', async () => {
    const dir = repo({ 'uac.yaml': PROJECT, 'p.yaml': 'apiVersion: uac/v1\nkind: Policy\nmetadata: { name: p }\nspec:\n  ? [a, b]\n  : 1\n' });
    const res = await runCli(['validate', dir, '--format', 'json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(1);
    expect((JSON.parse(res.stdout) as { problems: Problem[] }).problems).toMatchObject([{ code: 'UAC011', file: 'p.yaml', line: 5, column: 3 }]);
  });

  it('the CLI reports them without a stack trace', async () => {
    const dir = repo({ 'uac.yaml': PROJECT, 'bad.yaml': 'apiVersion: uac/v1\nkind: [\n' });
    fs.symlinkSync('loop.yaml', path.join(dir, 'loop.yaml'));
    const res = await runCli(['validate', dir, '--format', 'json']);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('');
    const report = JSON.parse(res.stdout) as { problems: Problem[] };
    expect(report.problems.map((p) => p.code).sort()).toEqual(['UAC001', 'UAC007']);
    expect(res.stdout).not.toMatch(/\n\s+at /);
  });
});

describe('readFile, statPath and listDir', () => {
  const from = { file: 'apis/orders.yaml', line: 3, column: 5 };

  it('resolves relative to the referencing file and reads text or bytes', async () => {
    const dir = repo({ 'uac.yaml': PROJECT, 'openapi/o.yaml': 'openapi: 3.1.0\n', 'apis/local.json': '{}' });
    const r = await loadRepository(dir);
    expect(r.readFile('../openapi/o.yaml', from)).toEqual({ text: 'openapi: 3.1.0\n' });
    expect(r.readFile('local.json', from, { encoding: 'buffer' }).bytes).toEqual(Buffer.from('{}'));
    expect(r.statPath('../openapi', from)).toEqual({ type: 'dir', rel: 'openapi' });
    expect(r.readFile('missing.yaml', from).problem).toMatchObject({ code: 'UAC102', ...from });
  });

  it('refuses absolute paths, URLs, symlinks out of the repository, oversize and non-UTF-8 files', async () => {
    const outside = repo({ 'secret.txt': 'top secret' });
    const dir = repo({ 'uac.yaml': PROJECT, 'apis/big.txt': 'z'.repeat(2000), 'apis/bin.txt': Buffer.from([0xff, 0xfe, 0x00]) });
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'apis', 'link.txt'));
    const r = await loadRepository(dir);
    expect(r.readFile('/etc/passwd', from).problem?.code).toBe('UAC103');
    expect(r.readFile('file:///etc/passwd', from).problem?.code).toBe('UAC103');
    expect(r.readFile('C:\\Windows\\win.ini', from).problem?.code).toBe('UAC103');
    const escaped = r.readFile('link.txt', from);
    expect(escaped.problem?.code).toBe('UAC103');
    expect(escaped.problem?.message).not.toContain(outside);
    expect(r.readFile('big.txt', from, { maxBytes: 1000 }).problem?.code).toBe('UAC006');
    expect(r.readFile('bin.txt', from).problem).toMatchObject({ code: 'UAC005', ...from });
    expect(r.readFile('bin.txt', from, { encoding: 'buffer' }).bytes?.length).toBe(3);
  });

  it('lists a skill folder recursively and sorted, and stops on loops and escapes', async () => {
    const dir = repo({ 'uac.yaml': PROJECT, 'skills/s/SKILL.md': '---\nname: s\n---\n', 'skills/s/reference/b.md': 'b', 'skills/s/a.md': 'a' });
    const r = await loadRepository(dir);
    const skillFrom = { file: 'skills/s.yaml', line: 6, column: 9 };
    expect(r.listDir('s', skillFrom)).toEqual({ files: ['SKILL.md', 'a.md', 'reference/b.md'] });
    fs.symlinkSync('..', path.join(dir, 'skills/s/reference/up'));
    expect(r.listDir('s', skillFrom).problem).toMatchObject({ code: 'UAC007', ...skillFrom });
    fs.unlinkSync(path.join(dir, 'skills/s/reference/up'));
    fs.symlinkSync(os.tmpdir(), path.join(dir, 'skills/s/tmp'));
    expect(r.listDir('s', skillFrom).problem?.code).toBe('UAC103');
    expect(r.listDir('s/SKILL.md', skillFrom).problem?.code).toBe('UAC107');
  });
});

describe('documents and positions', () => {
  it('keeps uac/v1 documents of multi-document files, sorted by file then index, ignoring other YAML', async () => {
    const dir = repo({
      'uac.yaml': PROJECT,
      'b.yaml': 'apiVersion: uac/v1\nkind: Policy\nmetadata: { name: one }\n---\napiVersion: uac/v1\nkind: Policy\nmetadata: { name: two }\n',
      'a.yml': 'apiVersion: uac/v1\nkind: Policy\nmetadata: { name: zero }\n',
      'k8s.yaml': 'apiVersion: v1\nkind: ConfigMap\n',
      'node_modules/x/p.yaml': 'apiVersion: uac/v1\nkind: Policy\nmetadata: { name: hidden }\n',
      '.github/p.yaml': 'apiVersion: uac/v1\nkind: Policy\nmetadata: { name: hidden }\n',
    });
    const r = await loadRepository(dir);
    expect(r.problems).toEqual([]);
    expect(r.root).toBe(dir);
    expect(r.docs.map((d) => `${d.file}#${d.index}:${d.metadata.name}`)).toEqual(['a.yml#0:zero', 'b.yaml#0:one', 'b.yaml#1:two', 'uac.yaml#0:t']);
  });

  it('at(path) locates nodes and falls back to the nearest ancestor', async () => {
    const api = 'apiVersion: uac/v1\nkind: API\nmetadata:\n  name: orders\nspec:\n  operations:\n    - operationId: a\n    - operationId: b\n      mcp: { name: b_tool }\n';
    const dir = repo({ 'uac.yaml': PROJECT, 'api.yaml': api });
    const doc = (await loadRepository(dir)).docs.find((d) => d.kind === 'API')!;
    expect(doc.at(['spec', 'operations', 1, 'mcp', 'name'])).toEqual({ file: 'api.yaml', line: 9, column: 20 });
    expect(doc.at(['spec', 'operations', 0, 'mcp', 'name'])).toEqual({ file: 'api.yaml', line: 7, column: 7 });
    expect(doc.at(['spec', 'nothing', 3])).toEqual({ file: 'api.yaml', line: 6, column: 3 });
    expect(doc.at([])).toEqual({ file: 'api.yaml', line: 1, column: 1 });
  });
});
