/**
 * bench/compile: `uac build` of GitHub's REST API description (the npm package
 * @octokit/openapi, ~1,200 operations, 13 MB JSON) against `redocly bundle`
 * of the same file (@redocly/cli) and openapi-mcp-generator (SPEC 8, issue 4).
 *
 * Each tool runs as its own process under /usr/bin/time (wall time and peak
 * RSS), interleaved for --rounds rounds; the medians are compared as ratios.
 * uac runs from a fresh build (compiled JS, like the peers), not tsx.
 * Also measured, outside the verdicts: the same build with the schemas moved
 * to a second file (so @redocly/openapi-core bundles it) and `compileRepo`
 * with the structural OpenAPI lint of `uac validate` (UAC212).
 * Then every tool of the bundle is checked: a valid MCP name, an object input
 * schema, and input/output schemas that compile in Ajv 2020 the way the
 * runtime compiles them. Prints a table and writes its section of bench/RESULTS.md.
 *
 * The peers live in bench/package.json and are installed here on first run
 * (`npm ci --prefix bench`), never by the root package.
 *
 * `npx tsx bench/compile/run.ts [--rounds N]`
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Bundle } from '../../bundle/types.js';

const addFormats = addFormatsModule.default;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BENCH = join(ROOT, 'bench');
const RESULTS = join(BENCH, 'RESULTS.md');
const SPEC = join(BENCH, 'node_modules/@octokit/openapi/generated/api.github.com.json');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } }, strict: true });
const rounds = Math.max(1, Number(values.rounds));

function sh(cmd: string, args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function ensurePeers(): void {
  if (existsSync(SPEC) && existsSync(join(BENCH, 'node_modules/@redocly/cli/bin/cli.js'))) return;
  console.error('installing benchmark peers into bench/node_modules …');
  const lock = existsSync(join(BENCH, 'package-lock.json'));
  const r = sh('npm', [lock ? 'ci' : 'install', '--prefix', BENCH, '--no-audit', '--no-fund']);
  if (r.status !== 0) throw new Error(`npm ${lock ? 'ci' : 'install'} --prefix bench failed:\n${r.stderr}`);
}

/** Builds uac into `work` as `npm run build` does (tsc, then the single-file Redocly) and lays out what dist/ expects next to it. */
function buildUac(work: string): string {
  const out = join(work, 'dist');
  const r = sh(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out]);
  const main = join(out, 'cli/main.js');
  if (!existsSync(main)) throw new Error(`tsc produced no ${main}:\n${r.stdout}${r.stderr}`);
  const vendored = sh(process.execPath, [join(ROOT, 'scripts/bundle-redocly.mjs'), out]);
  if (vendored.status !== 0) throw new Error(`scripts/bundle-redocly.mjs failed:\n${vendored.stderr}`);
  cpSync(join(ROOT, 'schemas'), join(work, 'schemas'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(work, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
  return main;
}

function contractRepo(work: string): string {
  const repo = join(work, 'github-contracts');
  mkdirSync(join(repo, 'openapi'), { recursive: true });
  cpSync(SPEC, join(repo, 'openapi/github.json'));
  writeFileSync(
    join(repo, 'uac.yaml'),
    `apiVersion: uac/v1
kind: Project
metadata: { name: github-bench }
spec:
  environments:
    bench: { vars: { GITHUB_URL: "https://api.github.com" } }
  clients: { maxTools: 5000, maxToolNameLength: 64 }
`,
  );
  writeFileSync(
    join(repo, 'github.yaml'),
    `apiVersion: uac/v1
kind: API
metadata: { name: github }
spec:
  upstream: { url: "\${var:GITHUB_URL}" }
  basePath: /github
  openapi: { path: openapi/github.json }
`,
  );
  return repo;
}

/**
 * The same description split in two files: `components.schemas` moved to
 * `schemas.json`, every reference rewritten to point across files.
 */
function splitRepo(work: string): string {
  const repo = join(work, 'github-split');
  cpSync(join(work, 'github-contracts'), repo, { recursive: true });
  const doc = JSON.parse(readFileSync(SPEC, 'utf8')) as { components: { schemas?: unknown } };
  const schemas = JSON.stringify(doc.components.schemas)
    .replaceAll('"#/components/schemas/', '"#/')
    .replaceAll('"#/components/', '"github.json#/components/');
  doc.components.schemas = undefined;
  writeFileSync(join(repo, 'openapi/schemas.json'), schemas);
  writeFileSync(join(repo, 'openapi/github.json'), JSON.stringify(doc).replaceAll('"#/components/schemas/', '"schemas.json#/'));
  return repo;
}

/** A script running `compileRepo` with the OpenAPI lint from the build; writes how many UAC212 it found. */
function lintScript(work: string, repo: string): string {
  const script = join(work, 'lint.mjs');
  writeFileSync(
    script,
    `const { compileRepo } = await import(${JSON.stringify(join(work, 'dist/compiler/build.js'))});
const r = await compileRepo(${JSON.stringify(repo)}, { openapiLint: true });
const { writeFileSync } = await import('node:fs');
writeFileSync(${JSON.stringify(join(work, 'lint.out'))}, String(r.problems.filter((p) => p.code === 'UAC212').length));
`,
  );
  return script;
}

interface Sample {
  wallS: number;
  rssMb: number;
}

/** Runs `node args…` under /usr/bin/time; throws when the command fails. */
function measure(label: string, args: string[], cwd: string): Sample {
  const timeFile = join(cwd, `${label.replace(/\W+/g, '_')}.time`);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, process.execPath, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // No peer should spend time on telemetry or update checks (there is no network here anyway).
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_UPDATE_NOTIFIER: '1', CI: 'true' },
  });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${(r.stderr ?? '').slice(-2000)}`);
  const [wall, rssKb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { wallS: wall!, rssMb: rssKb! / 1024 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function countOperations(): number {
  const doc = JSON.parse(readFileSync(SPEC, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  let n = 0;
  for (const item of Object.values(doc.paths)) for (const m of METHODS) if (item[m]) n++;
  return n;
}

/** Tools that a 2020-12 MCP client and the runtime accept. */
function checkTools(bundle: Bundle): { valid: number; invalid: string[] } {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true, logger: false });
  addFormats(ajv);
  const strict = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, validateFormats: false });
  const invalid: string[] = [];
  for (const t of bundle.tools) {
    try {
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(t.name)) throw new Error('bad name');
      if (t.inputSchema['type'] !== 'object') throw new Error('input not an object schema');
      if (t.outputSchema && t.outputSchema['type'] !== 'object') throw new Error('output not an object schema');
      for (const a of [ajv, strict]) {
        a.compile(t.inputSchema);
        if (t.outputSchema) a.compile(t.outputSchema);
      }
    } catch (e) {
      invalid.push(`${t.name}: ${(e as Error).message}`);
    }
  }
  return { valid: bundle.tools.length - invalid.length, invalid };
}

/** How many tools and routes of `b` differ from those of `a`. */
function differences(a: Bundle, b: Bundle): { tools: number; routes: number } {
  const count = <T>(xs: T[], ys: T[]) =>
    Math.max(xs.length, ys.length) - xs.filter((x, i) => JSON.stringify(x) === JSON.stringify(ys[i])).length;
  return { tools: count(a.tools, b.tools), routes: count(a.routes, b.routes) };
}

interface Target {
  label: string;
  args: (round: number) => string[];
}

/** Runs every target once per round, interleaved (so drifting load hits all alike); returns the medians by label. */
function runRounds(targets: Target[], n: number, cwd: string): (label: string) => Sample {
  const samples = new Map<string, Sample[]>(targets.map((t) => [t.label, []]));
  for (let i = 0; i < n; i++) {
    for (const t of targets) {
      const s = measure(t.label, t.args(i), cwd);
      samples.get(t.label)!.push(s);
      console.error(`round ${i + 1}/${n} ${t.label}: ${s.wallS.toFixed(2)} s, ${s.rssMb.toFixed(0)} MB`);
    }
  }
  return (label) => {
    const xs = samples.get(label)!;
    return { wallS: median(xs.map((s) => s.wallS)), rssMb: median(xs.map((s) => s.rssMb)) };
  };
}

/**
 * `uac validate` of the sample contracts (issue 3: "well under a second")
 * against Redocly's CLI linting only the sample's OpenAPI document with the
 * rules uac runs (compiler/openapi/bundle.ts LINT_RULES), and against an
 * empty Node process (the floor every CLI pays). One unmeasured run first
 * fills the validator cache, as the first validate after `npm install` does.
 */
function sampleValidate(work: string, uacMain: string, redoclyCli: string): { uac: Sample; redocly: Sample; node: Sample; n: number } {
  const config = join(work, 'redocly-sample.yaml');
  writeFileSync(
    config,
    'extends: []\nrules:\n  struct: error\n  no-enum-type-mismatch: error\n  path-declaration-must-exist: error\n  spec-components-invalid-map-name: error\n',
  );
  const validate = [uacMain, 'validate', join(ROOT, 'contracts')];
  measure('uac validate warm-up', validate, work);
  const n = Math.max(5, rounds * 3);
  const med = runRounds(
    [
      { label: 'uac validate', args: () => validate },
      { label: 'redocly lint', args: () => [redoclyCli, 'lint', join(ROOT, 'contracts/openapi/orders.yaml'), '--config', config] },
      { label: 'node', args: () => ['-e', ''] },
    ],
    n,
    work,
  );
  return { uac: med('uac validate'), redocly: med('redocly lint'), node: med('node'), n };
}

function fmtRatio(x: number): string {
  return `${x.toFixed(2)}×`;
}

async function main(): Promise<void> {
  ensurePeers();
  const work = mkdtempSync(join(tmpdir(), 'uac-bench-compile-'));
  try {
    const uacMain = buildUac(work);
    const repo = contractRepo(work);
    const split = splitRepo(work);
    const lint = lintScript(work, repo);
    const spec = join(repo, 'openapi/github.json');
    const load = loadavg()[0]!.toFixed(1);
    const redoclyCli = join(BENCH, 'node_modules/@redocly/cli/bin/cli.js');
    const generatorCli = join(BENCH, 'node_modules/openapi-mcp-generator/bin/openapi-mcp-generator.js');
    const targets: Target[] = [
      { label: 'uac build', args: (i) => [uacMain, 'build', repo, '--out', join(work, `uac-${i}`)] },
      { label: 'redocly bundle', args: (i) => [redoclyCli, 'bundle', spec, '-o', join(work, `redocly-${i}.json`)] },
      {
        label: 'openapi-mcp-generator',
        args: (i) => [generatorCli, '-i', spec, '-o', join(work, `omg-${i}`), '--base-url', 'https://api.github.com'],
      },
      { label: 'uac build, split in 2 files', args: (i) => [uacMain, 'build', split, '--out', join(work, `split-${i}`)] },
      { label: 'compileRepo + OpenAPI lint', args: () => [lint] },
    ];
    const med = runRounds(targets, rounds, work);
    const uac = med('uac build');
    const redocly = med('redocly bundle');
    const omg = med('openapi-mcp-generator');
    const splitBuild = med('uac build, split in 2 files');
    const linted = med('compileRepo + OpenAPI lint');
    const lintErrors = Number(readFileSync(join(work, 'lint.out'), 'utf8').trim());
    const sample = sampleValidate(work, uacMain, redoclyCli);

    const bundle = JSON.parse(readFileSync(join(work, 'uac-0/bundle.json'), 'utf8')) as Bundle;
    const operations = countOperations();
    const tools = checkTools(bundle);
    const splitDiff = differences(bundle, JSON.parse(readFileSync(join(work, 'split-0/bundle.json'), 'utf8')) as Bundle);

    const timeVsRedocly = uac.wallS / redocly.wallS;
    const rssVsRedocly = uac.rssMb / redocly.rssMb;
    const timeVsOmg = uac.wallS / omg.wallS;
    const rows = [
      ['uac build', uac, ''],
      ['redocly bundle (@redocly/cli 2.77.0)', redocly, `uac: ${fmtRatio(timeVsRedocly)} time, ${fmtRatio(rssVsRedocly)} RSS`],
      ['openapi-mcp-generator 4.0.1', omg, `uac: ${fmtRatio(timeVsOmg)} time, ${fmtRatio(uac.rssMb / omg.rssMb)} RSS`],
      ['uac build, schemas split into a 2nd file (Redocly bundle pass)', splitBuild, `${fmtRatio(splitBuild.wallS / redocly.wallS)} redocly bundle time`],
      ['compileRepo with OpenAPI lint (what `uac validate` adds)', linted, `+${(linted.wallS - uac.wallS).toFixed(2)} s over uac build`],
    ] as const;
    const table = [
      '| tool | wall s (median) | peak RSS MB (median) | uac vs this |',
      '|---|---:|---:|---|',
      ...rows.map(([l, s, note]) => `| ${l} | ${s.wallS.toFixed(2)} | ${s.rssMb.toFixed(0)} | ${note} |`),
    ].join('\n');
    const verdict = (ok: boolean) => (ok ? '**met**' : '**not met**');
    const lines = [
      '<!-- compile:start -->',
      '## compile: GitHub REST description → bundle (`npx tsx bench/compile/run.ts`)',
      '',
      `Input: @octokit/openapi 23.0.2 \`api.github.com.json\` (${(readFileSync(SPEC).length / 1e6).toFixed(1)} MB, ${operations} operations). ` +
        `Each tool a separate process under /usr/bin/time, ${rounds} interleaved rounds, medians; uac from a fresh build (tsc + single-file Redocly). ` +
        `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'cpu'}; 1-min load average at start: ${load}.`,
      '',
      table,
      '',
      `- Every operation a valid tool: ${tools.valid} of ${operations} operations → ${bundle.tools.length} tools, ${tools.valid} valid ` +
        `(MCP name ≤ 64, object input schema, input/output schemas compile in Ajv 2020 strict and as the runtime compiles them)` +
        `${tools.invalid.length ? `; invalid: ${tools.invalid.slice(0, 5).join('; ')}` : ''}.`,
      `- Bundle: ${(readFileSync(join(work, 'uac-0/bundle.json')).length / 1e6).toFixed(1)} MB. The split build differs in ${splitDiff.tools} tools and ${splitDiff.routes} routes` +
        ' (Redocly also resolves a `$ref` found inside schema `examples` data, which the single-file import copies as data).',
      `- OpenAPI structural lint (UAC212, Redocly \`struct\` and spec rules): ${lintErrors} errors in the description; run by \`uac validate\` only, since it would break the build targets.`,
      `- Time ≤ 1.5× redocly bundle: ${verdict(timeVsRedocly <= 1.5)} (${fmtRatio(timeVsRedocly)})`,
      `- Peak RSS ≤ redocly bundle: ${verdict(rssVsRedocly <= 1)} (${fmtRatio(rssVsRedocly)})`,
      `- Faster than openapi-mcp-generator: ${verdict(timeVsOmg < 1)} (${fmtRatio(timeVsOmg)})`,
      '',
      `### \`uac validate contracts\` (the sample repository: 10 contract files, one OpenAPI document in 2 files), ${sample.n} interleaved rounds, medians`,
      '',
      '| process | wall s (median) | peak RSS MB (median) | uac validate vs this |',
      '|---|---:|---:|---|',
      `| uac validate contracts | ${sample.uac.wallS.toFixed(2)} | ${sample.uac.rssMb.toFixed(0)} |  |`,
      `| redocly lint of the sample's OpenAPI document only, uac's 4 rules | ${sample.redocly.wallS.toFixed(2)} | ${sample.redocly.rssMb.toFixed(0)} | ${fmtRatio(sample.uac.wallS / sample.redocly.wallS)} time |`,
      `| node -e '' (process start) | ${sample.node.wallS.toFixed(2)} | ${sample.node.rssMb.toFixed(0)} | +${(sample.uac.wallS - sample.node.wallS).toFixed(2)} s |`,
      '',
      `- Validating the whole sample under 0.5 s (issue 3: well under a second): ${verdict(sample.uac.wallS < 0.5)} (${sample.uac.wallS.toFixed(2)} s for the whole process)`,
      '<!-- compile:end -->',
    ];
    const section = lines.join('\n');
    console.log(section.replace(/<!--.*-->\n?/g, ''));
    const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
    const re = /<!-- compile:start -->[\s\S]*?<!-- compile:end -->/;
    writeFileSync(RESULTS, re.test(current) ? current.replace(re, section) : `${current.trimEnd()}\n\n${section}\n`);
    if (tools.invalid.length > 0 || tools.valid !== operations) process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
