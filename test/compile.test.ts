import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { computeBundleId } from '../bundle/canonical.js';
import { parseBundle } from '../bundle/load.js';
import { compileRepo, serializeBundle, writeBundle } from '../compiler/build.js';
import { REPO_ROOT, runCli } from './helpers/cli.js';

const CONTRACTS = path.join(REPO_ROOT, 'contracts');
const GOLDEN = path.join(REPO_ROOT, 'test/golden/bundle/contracts.dev.json');

/** A copy of the sample contracts outside any Git work tree (so `source.revision` is null). */
function copyContracts(prefix: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), prefix)), 'contracts');
  cpSync(CONTRACTS, dir, { recursive: true });
  return dir;
}

describe('compiling the sample contracts', () => {
  it('builds without errors a bundle that passes the bundle schema and its id', async () => {
    const { bundle, problems } = await compileRepo(copyContracts('uac-golden-'), { env: 'dev' });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(bundle).not.toBeNull();
    const text = serializeBundle(bundle!);
    expect(parseBundle(text)).toEqual(bundle);
    expect(computeBundleId(bundle as unknown as Record<string, unknown>)).toBe(bundle!.id);
    expect(bundle!.source).toEqual({ revision: null, dirty: false });
    expect(text).not.toContain(tmpdir());
  });

  it('matches the golden bundle (UPDATE_GOLDEN=1 rewrites it)', async () => {
    const { bundle } = await compileRepo(copyContracts('uac-golden-'), { env: 'dev' });
    const pretty = `${JSON.stringify(JSON.parse(serializeBundle(bundle!)), null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(path.dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, pretty);
    }
    expect(pretty).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('is byte-identical across folders and runs', async () => {
    const a = await compileRepo(copyContracts('uac-a-'), { env: 'dev' });
    const b = await compileRepo(copyContracts('uac-b-other-'), { env: 'dev' });
    const c = await compileRepo(copyContracts('uac-a-'), { env: 'dev' });
    expect(serializeBundle(b.bundle!)).toBe(serializeBundle(a.bundle!));
    expect(serializeBundle(c.bundle!)).toBe(serializeBundle(a.bundle!));
  });

  it('resolves vars per environment and keeps secret references', async () => {
    const dir = copyContracts('uac-env-');
    const dev = (await compileRepo(dir, { env: 'dev' })).bundle!;
    const prod = (await compileRepo(dir, { env: 'prod' })).bundle!;
    expect(dev.environment).toBe('dev');
    expect(prod.environment).toBe('prod');
    expect(dev.id).not.toBe(prod.id);
    const text = serializeBundle(prod);
    expect(text).not.toContain('${var:');
    expect(text).toContain('${secret:');
    for (const r of prod.routes) expect(r.upstream.url).toMatch(/^https:\/\//);
  });

  it('emits tool schemas that compile in Ajv 2020 (strict keywords) and match their routes', async () => {
    const { bundle } = await compileRepo(copyContracts('uac-ajv-'), { env: 'dev' });
    const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, validateFormats: false });
    for (const tool of bundle!.tools) {
      expect(tool.inputSchema['type']).toBe('object');
      ajv.compile(tool.inputSchema);
      if (tool.outputSchema) {
        expect(tool.outputSchema['type']).toBe('object');
        ajv.compile(tool.outputSchema);
      }
      const route = bundle!.routes.find((r) => r.id === tool.route)!;
      expect(route.tool).toBe(tool.name);
      expect(route.validate.input).toEqual(tool.inputSchema);
    }
  });
});

describe('source revision', () => {
  /** A committed Git repository holding a copy of the sample contracts in `contracts/`. */
  function committedRepo(): { root: string; dir: string; head: string } {
    const root = mkdtempSync(path.join(tmpdir(), 'uac-git-'));
    const dir = path.join(root, 'contracts');
    cpSync(CONTRACTS, dir, { recursive: true });
    writeFileSync(path.join(root, 'other.txt'), 'a\n');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'init');
    return { root, dir, head: git('rev-parse', 'HEAD') };
  }

  it('is dirty only when a file the compile read changed (contract, OpenAPI, skill file, new or deleted contract)', async () => {
    const { root, dir, head } = committedRepo();
    const clean = (await compileRepo(dir, { env: 'dev' })).bundle!;
    expect(clean.source).toEqual({ revision: head, dirty: false });
    // Files the compile does not read leave it clean: outside the folder, a README, an editor swap file.
    writeFileSync(path.join(root, 'other.txt'), 'b\n');
    writeFileSync(path.join(dir, 'README.md'), 'changed\n');
    writeFileSync(path.join(dir, 'apis', '.orders.yaml.swp'), 'swap');
    const unrelated = (await compileRepo(dir, { env: 'dev' })).bundle!;
    expect(unrelated.source).toEqual({ revision: head, dirty: false });
    expect(unrelated.id).toBe(clean.id);

    const dirtyAfter = async (change: () => void, undo: () => void) => {
      change();
      const b = (await compileRepo(dir, { env: 'dev' })).bundle!;
      undo();
      return b;
    };
    const edit = (rel: string) => {
      const file = path.join(dir, rel);
      const before = readFileSync(file);
      return [() => writeFileSync(file, `${before.toString('utf8')}\n`), () => writeFileSync(file, before)] as const;
    };
    for (const rel of ['apis/orders.yaml', 'openapi/schemas/order.yaml', 'skills/order-triage/reference/statuses.md']) {
      const b = await dirtyAfter(...edit(rel));
      expect(b.source, rel).toEqual({ revision: head, dirty: true });
      expect(b.id, rel).not.toBe(clean.id);
    }
    const extra = path.join(dir, 'policies', 'extra.yaml');
    const added = await dirtyAfter(() => writeFileSync(extra, '# not a contract yet\n'), () => rmSync(extra));
    expect(added.source.dirty).toBe(true);
    const consumer = path.join(dir, 'consumers', 'globex-dashboard.yaml');
    const text = readFileSync(consumer);
    const deleted = await dirtyAfter(() => rmSync(consumer), () => writeFileSync(consumer, text));
    expect(deleted.source.dirty).toBe(true);

    expect((await compileRepo(dir, { env: 'dev' })).bundle!.id).toBe(clean.id);
  });

  it('uac build twice into an output folder inside the clean repository: the same id both times', async () => {
    const { dir, head } = committedRepo();
    const out = path.join(dir, 'out');
    const first = await runCli(['build', dir, '--env', 'dev', '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli(['build', dir, '--env', 'dev', '--out', out]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const written = JSON.parse(readFileSync(path.join(out, 'bundle.json'), 'utf8')) as { id: string; source: unknown };
    expect(written.id).toBe(first.stdout.trim());
    expect(written.source).toEqual({ revision: head, dirty: false });
  });
});

describe('uac build / uac inspect (CLI)', () => {
  const keys = generateKeyPairSync('ed25519');
  const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('builds, signs, inspects and verifies; refuses tampering with stable codes', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'uac-cli-'));
    const keyFile = path.join(work, 'key.pem');
    const pubFile = path.join(work, 'pub.pem');
    writeFileSync(keyFile, privatePem);
    writeFileSync(pubFile, publicPem);
    const out = path.join(work, 'out');
    const built = await runCli(['build', copyContracts('uac-cli-src-'), '--env', 'dev', '--out', out, '--sign', keyFile]);
    expect(built.code, built.stderr).toBe(0);
    const id = built.stdout.trim();
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const bundleFile = path.join(out, 'bundle.json');
    expect(parseBundle(readFileSync(bundleFile, 'utf8')).id).toBe(id);
    expect(readFileSync(`${bundleFile}.sig`, 'utf8')).toMatch(/^[\w-]+\.\.[\w-]+\n$/);

    const inspected = await runCli(['inspect', bundleFile, '--verify-key', pubFile, '--format', 'json']);
    expect(inspected.code, inspected.stderr).toBe(0);
    const doc = JSON.parse(inspected.stdout);
    expect(doc).toMatchObject({ version: 1, id, verified: { id: true, signature: true } });
    expect(doc.tools.length).toBe(doc.counts.tools);

    const human = await runCli(['inspect', bundleFile, '--routes']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(id);
    expect(human.stdout).toContain('Routes:');
    expect(human.stdout).not.toContain('Tools:');

    // Another key: the signature does not verify.
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    writeFileSync(pubFile, other);
    const badSig = await runCli(['inspect', bundleFile, '--verify-key', pubFile]);
    expect(badSig.code).toBe(1);
    expect(badSig.stderr).toContain('bundle_signature');

    // Content changed without a new id.
    const tampered = path.join(work, 'tampered.json');
    writeFileSync(tampered, readFileSync(bundleFile, 'utf8').replace('"environment":"dev"', '"environment":"prod"'));
    const mismatch = await runCli(['inspect', tampered]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain('bundle_id_mismatch');
  });

  it('exits 2 on usage and I/O errors, 1 on contract errors', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'uac-cli-err-'));
    expect((await runCli(['build', copyContracts('uac-cli-src-')])).code).toBe(2);
    expect((await runCli(['build', path.join(work, 'missing'), '--out', work])).code).toBe(2);
    expect((await runCli(['build', copyContracts('uac-cli-src-'), '--out', work, '--sign', path.join(work, 'nokey')])).code).toBe(2);
    expect((await runCli(['inspect'])).code).toBe(2);
    expect((await runCli(['inspect', path.join(work, 'none.json')])).code).toBe(2);

    const broken = copyContracts('uac-cli-broken-');
    const api = path.join(broken, 'apis/orders.yaml');
    writeFileSync(api, readFileSync(api, 'utf8').replace('operationId: getOrder', 'operationId: noSuchOperation'));
    const r = await runCli(['build', broken, '--out', path.join(work, 'o')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('UAC208');
    expect(existsSync(path.join(work, 'o', 'bundle.json'))).toBe(false);
  });

  it('writeBundle without a key writes no signature', async () => {
    const { bundle } = await compileRepo(copyContracts('uac-write-'), { env: 'dev' });
    const out = mkdtempSync(path.join(tmpdir(), 'uac-write-out-'));
    const w = await writeBundle(bundle!, out);
    expect(w.signaturePath).toBeNull();
    expect(readFileSync(w.bundlePath, 'utf8')).toBe(serializeBundle(bundle!));
  });
});
