/**
 * The built package, as `npm install` leaves it: `npm run build` compiles with
 * tsc, then replaces compiler/openapi/redocly.js by a single-file bundle of
 * @redocly/openapi-core (scripts/bundle-redocly.mjs). Every other test runs
 * the source through tsx, so this one builds into a scratch folder beside
 * dist/ and checks that the built CLI reports and compiles exactly what the
 * source does: OpenAPI lint, multi-file `$ref` bundling and its errors.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRepo } from '../compiler/build.js';
import { withParams, writeRepo } from './fixtures/openapi/repo.js';
import { REPO_ROOT, runCli } from './helpers/cli.js';

const run = promisify(execFile);
// A direct child of the repository, like dist/: the build finds schemas/ and templates relative to itself.
const OUT = path.join(REPO_ROOT, `.dist-test-${process.pid}`);
const scratch: string[] = [OUT];

beforeAll(async () => {
  await run(path.join(REPO_ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', OUT], { cwd: REPO_ROOT });
  await run(process.execPath, ['scripts/bundle-redocly.mjs', OUT], { cwd: REPO_ROOT });
}, 120_000);

afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

function builtCli(args: string[]): Promise<{ code: number; stdout: string }> {
  return run(process.execPath, [path.join(OUT, 'cli/main.js'), ...args], { cwd: REPO_ROOT }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' }),
  );
}

describe('the built package', () => {
  it('holds @redocly/openapi-core as one file that imports only Node built-ins', async () => {
    const text = fs.readFileSync(path.join(OUT, 'compiler/openapi/redocly.js'), 'utf8');
    const imports = [...text.matchAll(/^import .* from ["']([^"']+)["']/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((s) => !isBuiltin(s ?? ''))).toEqual([]);
    const lib = (await import(path.join(OUT, 'compiler/openapi/redocly.js'))) as Record<string, unknown>;
    expect(Object.keys(lib).sort()).toEqual(['BaseResolver', 'Source', 'bundle', 'createConfig', 'lintDocument']);
  });

  it('validates the sample contracts clean', async () => {
    const r = await builtCli(['validate', 'contracts']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/no errors/);
  });

  it('reports the same OpenAPI lint problems as the source (UAC212 in two files)', async () => {
    const fixture = 'test/fixtures/openapi/uac212';
    const built = await builtCli(['validate', fixture, '--format', 'json']);
    const source = await runCli(['validate', fixture, '--format', 'json']);
    expect(built.code).toBe(1);
    expect(JSON.parse(built.stdout)).toEqual(JSON.parse(source.stdout));
    expect(JSON.parse(built.stdout).problems.map((p: { code: string }) => p.code)).toEqual(['UAC212', 'UAC212', 'UAC212']);
  });

  it('reports the same unresolvable $ref as the source (UAC204 in the referencing file)', async () => {
    // params.json has no `Limit`: the $ref's pointer resolves to nothing.
    const dir = writeRepo(withParams('{ "Other": { "name": "limit", "in": "query", "schema": { "type": "integer" } } }\n', {}, 'params.json'), 'uac-dist-');
    scratch.push(dir);
    const built = await builtCli(['validate', dir, '--format', 'json']);
    const source = await runCli(['validate', dir, '--format', 'json']);
    expect(JSON.parse(built.stdout)).toEqual(JSON.parse(source.stdout));
    expect(JSON.parse(built.stdout).problems).toMatchObject([{ code: 'UAC204', file: 'oa/main.yaml', line: 8 }]);
  });

  it('builds the sample (a multi-file OpenAPI document) into the bundle the source compiles', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'uac-dist-out-'));
    scratch.push(out);
    const r = await builtCli(['build', 'contracts', '--out', out]);
    expect(r.code, r.stdout).toBe(0);
    const built = JSON.parse(fs.readFileSync(path.join(out, 'bundle.json'), 'utf8')) as { id: string };
    const { bundle } = await compileRepo(path.join(REPO_ROOT, 'contracts'));
    expect(built.id).toBe(bundle?.id);
  });
});
