/**
 * Templates: the shipped ones are found from both the source and the dist/
 * layout, a user's file of the same name replaces one, and a broken template
 * fails with a stable code naming the template and the line.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bundle } from '../bundle/types.js';
import { findTarget, GenerateError, generate, repoRelativeDir } from '../compiler/generate/index.js';
import { builtinTemplatesDir } from '../compiler/generate/templates.js';
import { REPO_ROOT } from './helpers/cli.js';
import { thrown } from './helpers/errors.js';

const BUNDLE = JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/generate/handmade-bundle.json'), 'utf8')) as Bundle;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function templatesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'uac-templates-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const failure = (fn: () => unknown): GenerateError => thrown(GenerateError, fn);

describe('shipped templates', () => {
  it('are found from the source layout and from dist/ without a copy step', () => {
    const fromSource = builtinTemplatesDir(pathToFileURL(join(REPO_ROOT, 'compiler/generate/templates.ts')).href);
    const fromDist = builtinTemplatesDir(pathToFileURL(join(REPO_ROOT, 'dist/compiler/generate/templates.js')).href);
    expect(fromSource).toBe(join(REPO_ROOT, 'compiler/generate/templates/'));
    expect(fromDist).toBe(fromSource);
  });

  it('are listed in package.json "files" so they ship', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('compiler/generate/templates');
  });
});

describe('user templates', () => {
  it('replace the shipped template of the same name, and only that one', () => {
    const dir = templatesDir({ 'cursor-mcp.json.hbs': '{ "custom": {{json project}}, "tools": {{json mcpUrl}} }\n' });
    const files = generate(findTarget('mcp-clients'), BUNDLE, { templatesDir: dir });
    expect(JSON.parse(files.find((f) => f.path === '.cursor/mcp.json')!.content)).toEqual({
      custom: 'acme-platform',
      tools: 'http://127.0.0.1:8080/mcp',
    });
    expect(files.find((f) => f.path === '.vscode/mcp.json')!.content).toBe(generate(findTarget('mcp-clients'), BUNDLE)[1]!.content);
  });

  it('a parse error names the template, its file and line', () => {
    const dir = templatesDir({ 'catalog.md.hbs': '# {{project}}\n\n{{#each tools}}\n- {{name}\n{{/each}}\n' });
    const err = failure(() => generate(findTarget('docs'), BUNDLE, { templatesDir: dir }));
    expect(err.code).toBe('template-syntax');
    expect(err.message).toMatch(/^template catalog\.md\.hbs \(from .*catalog\.md\.hbs\) line 4: parse error/);
    expect(err.details).toMatchObject({ template: 'catalog.md.hbs', line: 4 });
  });

  it('a mismatched block names its line', () => {
    const dir = templatesDir({ 'catalog.md.hbs': 'a\nb\n{{#if project}}\nc\n{{/each}}\n' });
    const err = failure(() => generate(findTarget('docs'), BUNDLE, { templatesDir: dir }));
    expect(err.code).toBe('template-syntax');
    expect(err.message).toContain('line 3');
    expect(err.message).toContain("if doesn't match each");
  });

  it('an unknown helper is refused at compile time with its line', () => {
    const dir = templatesDir({ 'catalog.md.hbs': '# {{project}}\n{{shout project}}\n' });
    const err = failure(() => generate(findTarget('docs'), BUNDLE, { templatesDir: dir }));
    expect(err.code).toBe('template-syntax');
    expect(err.message).toMatch(/line 2: .*unknown helper shout/);
  });

  it('a field the view does not have is an error with its line, not an empty string', () => {
    const dir = templatesDir({ 'catalog.md.hbs': '# {{project}}\n\n{{projet}}\n' });
    const err = failure(() => generate(findTarget('docs'), BUNDLE, { templatesDir: dir }));
    expect(err.code).toBe('template-render');
    expect(err.message).toMatch(/line 3: "projet" not defined/);
  });

  it('output that is not valid JSON or YAML is refused before anything is written', () => {
    const json = templatesDir({ 'vscode-mcp.json.hbs': '{ "servers": {{project}} }\n' });
    const jsonErr = failure(() => generate(findTarget('mcp-clients'), BUNDLE, { templatesDir: json }));
    expect(jsonErr.code).toBe('invalid-output');
    expect(jsonErr.message).toContain('invalid JSON for .vscode/mcp.json');

    const yaml = templatesDir({ 'compose.yaml.hbs': 'services:\n  gateway: [\n' });
    const yamlErr = failure(() => generate(findTarget('docker-compose'), BUNDLE, { templatesDir: yaml }));
    expect(yamlErr.code).toBe('invalid-output');
    expect(yamlErr.message).toContain('invalid YAML for compose.yaml');
  });

  it('a --templates folder that does not exist is a clear error', () => {
    const err = failure(() => generate(findTarget('docs'), BUNDLE, { templatesDir: join(tmpdir(), 'uac-no-such-templates-dir') }));
    expect(err.code).toBe('templates-dir');
    expect(err.message).toContain('is not a readable folder');
  });
});

describe('options', () => {
  it('an unknown target names the valid ones', () => {
    const err = failure(() => findTarget('helm'));
    expect(err.code).toBe('unknown-target');
    expect(err.message).toBe("unknown target 'helm' (targets: mcp-clients, docker-compose, kubernetes, docs, openapi, github-workflow)");
  });

  it.each(['ftp://gw.example', 'not a url', 'https://user:pw@gw.example', 'https://gw.example/?a=1'])('--gateway-url %s is refused', (url) => {
    expect(failure(() => generate(findTarget('openapi'), BUNDLE, { gatewayUrl: url })).code).toBe('gateway-url');
  });

  it('--gateway-url with a path prefix keeps it and drops the trailing slash', () => {
    const [file] = generate(findTarget('mcp-clients'), BUNDLE, { gatewayUrl: 'https://gw.example/edge/' });
    expect(file!.content).toContain('"https://gw.example/edge/mcp"');
  });

  it('names the contract folder relative to its Git work tree, never as an absolute path', () => {
    const root = mkdtempSync(join(tmpdir(), 'uac-repo-'));
    dirs.push(root);
    mkdirSync(join(root, 'api', 'contracts'), { recursive: true });
    expect(repoRelativeDir(join(root, 'api', 'contracts'))).toBe('.');
    mkdirSync(join(root, '.git'));
    expect(repoRelativeDir(join(root, 'api', 'contracts'))).toBe('api/contracts');
    expect(repoRelativeDir(root)).toBe('.');
    expect(repoRelativeDir(undefined)).toBe('.');
  });

  it('kubernetes refuses a bundle too large for a ConfigMap with a clear error', () => {
    const big = structuredClone(BUNDLE);
    big.skills[0]!.files[0]!.content = 'x'.repeat(1024 * 1024);
    const err = failure(() => generate(findTarget('kubernetes'), big));
    expect(err.code).toBe('bundle-too-large');
    expect(err.message).toMatch(/^the bundle is \d+ bytes, more than a ConfigMap holds/);
  });
});
