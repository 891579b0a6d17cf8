/**
 * `uac generate` end to end through the real CLI on the sample contracts:
 * exit codes 0/1/2, stdout vs files, --force, --templates.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, runCli } from './helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'uac-generate-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const CONTRACTS = join(REPO_ROOT, 'contracts');

describe('uac generate', () => {
  it('docs contracts --out - prints the catalogue', async () => {
    const r = await runCli(['generate', 'docs', CONTRACTS, '--out', '-']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# acme-platform — API catalogue');
    for (const heading of ['## Tools', '## REST routes', '## Policies', '## Who may call what', '### `orders_get` — Get an order']) {
      expect(r.stdout).toContain(`\n${heading}\n`);
    }
  }, 120_000);

  it('writes a multi-file target into a folder, refuses to overwrite, overwrites with --force', async () => {
    const out = join(work, 'clients');
    const first = await runCli(['generate', 'mcp-clients', CONTRACTS, '--out', out, '--gateway-url', 'https://gw.example']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`wrote ${join(out, '.vscode/mcp.json')}`);
    const vscode = JSON.parse(readFileSync(join(out, '.vscode/mcp.json'), 'utf8')) as { servers: Record<string, { url: string }> };
    expect(vscode.servers['acme-platform']!.url).toBe('https://gw.example/mcp');

    writeFileSync(join(out, '.cursor/mcp.json'), 'edited by hand\n');
    const again = await runCli(['generate', 'mcp-clients', CONTRACTS, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exist; pass --force to overwrite');
    expect(readFileSync(join(out, '.cursor/mcp.json'), 'utf8')).toBe('edited by hand\n');

    const forced = await runCli(['generate', 'mcp-clients', CONTRACTS, '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, '.cursor/mcp.json'), 'utf8'))).toHaveProperty('mcpServers');
  }, 120_000);

  it('uses a --templates override and reports a broken one with its line (exit 2)', async () => {
    const templates = join(work, 'templates');
    cpSync(join(REPO_ROOT, 'compiler/generate/templates/compose.yaml.hbs'), join(templates, 'compose.yaml.hbs'));
    writeFileSync(join(templates, 'compose.yaml.hbs'), `# team override\n${readFileSync(join(templates, 'compose.yaml.hbs'), 'utf8')}`);
    const ok = await runCli(['generate', 'docker-compose', CONTRACTS, '--env', 'prod', '--out', '-', '--templates', templates]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.startsWith('# team override\n')).toBe(true);
    const doc = parse(ok.stdout) as { services: Record<string, unknown> };
    // prod upstreams are not on loopback: no sample upstream beside the gateway.
    expect(Object.keys(doc.services)).toEqual(['gateway']);

    writeFileSync(join(templates, 'compose.yaml.hbs'), 'services:\n  gateway:\n    image: {{#if image}}x\n');
    const broken = await runCli(['generate', 'docker-compose', CONTRACTS, '--out', '-', '--templates', templates]);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/^uac generate: template compose\.yaml\.hbs \(from .*\) line \d+: parse error/);
  }, 120_000);

  it('exits 1 with located problems when the contracts have errors', async () => {
    const repo = join(work, 'broken');
    cpSync(CONTRACTS, repo, { recursive: true });
    writeFileSync(join(repo, 'policies', 'standard.yaml'), 'apiVersion: uac/v1\nkind: Policy\nmetadata: { name: standard }\nspec: { auth: { methods: [carrier-pigeon] } }\n');
    const r = await runCli(['generate', 'openapi', repo, '--out', '-']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/policies\/standard\.yaml:\d+:\d+ +error +UAC404 /);
    expect(r.stderr).toContain('has contract errors; nothing generated');
  }, 120_000);

  it('usage errors exit 2 with a clear message and no output', async () => {
    const cases: Array<[string[], string]> = [
      [['generate'], 'a TARGET is required'],
      [['generate', 'helm', CONTRACTS, '--out', '-'], "unknown target 'helm'"],
      [['generate', 'docs', CONTRACTS], '--out is required'],
      [['generate', 'docs', CONTRACTS, '--out', '-', '--bogus'], "Unknown option '--bogus'"],
      [['generate', 'docs', CONTRACTS, 'extra', '--out', '-'], "unexpected argument 'extra'"],
      [['generate', 'docs', CONTRACTS, '--out', '-', '--gateway-url', 'ftp://x'], '--gateway-url must be http:// or https://'],
      [['generate', 'docs', CONTRACTS, '--out', '-', '--templates', join(work, 'nope')], 'is not a readable folder'],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    results.forEach((r, i) => {
      const [args, message] = cases[i]!;
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(r.stderr).toContain(message);
    });
  }, 120_000);
});
