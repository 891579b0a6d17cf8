/**
 * The docs cannot drift from the code: docs/reference/** must equal what
 * scripts/gen-docs.ts generates from schemas/ and the registries, every
 * command and flag the CLI prints in --help is in docs/cli.md, and every
 * `uac serve` flag and environment variable the runtime reads is in
 * docs/runtime.md.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGETS } from '../compiler/generate/index.js';
import { referencePages } from '../compiler/generate/reference/index.js';
import { CODES } from '../compiler/validate/codes/index.js';
import { REPO_ROOT, runCli } from './helpers/cli.js';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

/** The commands SPEC section 3 defines (its user-facing surface is binding). */
const SPEC_COMMANDS = ['validate', 'build', 'inspect', 'diff', 'generate', 'publish', 'serve', 'dev', 'consumer add'];

/** The part of a Markdown page under `## heading` (or `## heading sub`, e.g. `uac consumer add`), up to the next `## `. */
function section(page: string, heading: string): string {
  const m = new RegExp(`\n## ${heading}( [a-z]+)?\n`).exec(page);
  if (!m) throw new Error(`no section '## ${heading}'`);
  const start = m.index;
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

/** Every command's --help text, from one child process (each command module's own `run(['--help'])`). */
async function helpTexts(commands: string[]): Promise<Record<string, string>> {
  const script = `
    const out = {};
    const write = process.stdout.write.bind(process.stdout);
    for (const c of ${JSON.stringify(commands)}) {
      let text = '';
      process.stdout.write = (chunk) => { text += String(chunk); return true; };
      try { await (await import('./cli/' + c + '.ts')).run(['--help']); } finally { process.stdout.write = write; }
      out[c] = text;
    }
    write(JSON.stringify(out));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout) as Record<string, string>) : reject(new Error(`help script exited ${code}`))));
  });
}

function flagsOf(help: string): string[] {
  return [...new Set(help.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? [])].sort();
}

describe('docs/reference', () => {
  const pages = referencePages(join(REPO_ROOT, 'schemas'));

  it('is exactly what scripts/gen-docs.ts generates (run `npx tsx scripts/gen-docs.ts` after changing schemas or registries)', () => {
    expect(readdirSync(join(REPO_ROOT, 'docs/reference')).sort()).toEqual(Object.keys(pages).sort());
    for (const [name, content] of Object.entries(pages)) expect(read(`docs/reference/${name}`), `docs/reference/${name} is stale`).toBe(content);
  });

  it('documents every validation code, and every code a schema names exists', () => {
    const codes = pages['validation-codes.md']!;
    for (const def of CODES) expect(codes).toContain(`\n### ${def.code}\n`);
    const linked = [...pages['contracts.md']!.matchAll(/\[(UAC\d{3})\]\(validation-codes\.md#(uac\d{3})\)/g)];
    expect(linked.length).toBeGreaterThan(0);
    for (const [, code, anchor] of linked) {
      expect(anchor).toBe(code!.toLowerCase());
      expect(CODES.map((c) => c.code)).toContain(code);
    }
  });

  it('covers every contract kind and every top-level spec field of each schema', () => {
    const contracts = pages['contracts.md']!;
    for (const file of ['project', 'api', 'policy', 'consumer', 'skill', 'llmroute']) {
      const schema = JSON.parse(read(`schemas/${file}.schema.json`)) as { properties: { spec: { properties: Record<string, unknown> } } };
      for (const field of Object.keys(schema.properties.spec.properties)) expect(contracts).toContain(`| \`spec.${field}\` |`);
    }
  });
});

describe('docs/cli.md', () => {
  const cli = read('docs/cli.md');

  it('has a section for every SPEC command and every command `uac --help` lists', async () => {
    const help = await runCli(['--help']);
    const listed = [...help.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);
    expect(listed.length).toBeGreaterThan(0);
    for (const command of new Set([...SPEC_COMMANDS, ...listed])) expect(() => section(cli, `uac ${command}`)).not.toThrow();
  });

  it("documents every flag of each command's --help in that command's section, and serve's in docs/runtime.md", async () => {
    const help = await runCli(['--help']);
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);
    const helps = await helpTexts(commands);
    const runtime = read('docs/runtime.md');
    for (const command of commands) {
      const flags = flagsOf(helps[command] ?? '').filter((f) => f !== '--help');
      expect(flags.length, `uac ${command} --help lists flags`).toBeGreaterThan(0);
      const doc = section(cli, `uac ${command}`);
      for (const flag of flags) expect(doc, `docs/cli.md '## uac ${command}' mentions ${flag}`).toContain(flag);
      if (command === 'serve') for (const flag of flags) expect(runtime, `docs/runtime.md mentions ${flag}`).toContain(`\`${flag}`);
    }
  }, 120_000);

  it('lists every generate target and every template name a user can override', () => {
    const doc = section(cli, 'uac generate');
    for (const t of TARGETS) {
      expect(doc).toContain(`| \`${t.name}\` |`);
      for (const f of t.files) {
        expect(doc).toContain(f.template);
        expect(doc).toContain(f.path);
      }
    }
  });
});

describe('docs/runtime.md', () => {
  it('documents every environment variable the runtime and the CLI read', () => {
    const runtime = read('docs/runtime.md');
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })) {
        const path = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) sources.push(read(path));
      }
    };
    walk('runtime');
    for (const f of ['serve', 'main', 'dev', 'start']) sources.push(read(`cli/${f}.ts`));
    const names = new Set<string>();
    for (const text of sources) {
      for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
      for (const m of text.matchAll(/\b(UAC_[A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
    }
    names.delete('UAC_VERSION'); // a constant, not a variable
    expect(names.size).toBeGreaterThan(0);
    for (const name of names) {
      // `UAC_SECRET_` prefixes and concrete secrets (UAC_SECRET_ORDERS_TOKEN) are the documented `UAC_SECRET_<NAME>`.
      const documented = name.startsWith('UAC_SECRET_') ? 'UAC_SECRET_<NAME>' : name;
      expect(runtime, `docs/runtime.md documents ${name}`).toContain(`\`${documented}\``);
    }
  });
});
