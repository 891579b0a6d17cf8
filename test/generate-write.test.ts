/**
 * Where generated files land: `--out -`, a file, a folder; nothing is
 * overwritten without --force, and a refused run writes nothing at all.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GenerateError } from '../compiler/generate/index.js';
import { toStdout, writeFiles } from '../compiler/generate/write.js';
import { thrown } from './helpers/errors.js';

const ONE = [{ path: 'openapi.yaml', content: 'openapi: 3.1.0\n' }];
const MANY = [
  { path: 'claude_desktop_config.json', content: '{"a":1}\n' },
  { path: '.vscode/mcp.json', content: '{"b":2}\n' },
];

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'uac-generate-out-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const failure = (fn: () => unknown): GenerateError => thrown(GenerateError, fn);

describe('writeFiles', () => {
  it('writes a single-file target to the named file, creating folders', () => {
    const out = join(tmp(), 'deep/er/api.yaml');
    expect(writeFiles(ONE, out, { force: false }).written).toEqual([out]);
    expect(readFileSync(out, 'utf8')).toBe('openapi: 3.1.0\n');
  });

  it('puts a single file under its own name into an existing folder or a path ending in /', () => {
    const dir = tmp();
    expect(writeFiles(ONE, dir, { force: false }).written).toEqual([join(dir, 'openapi.yaml')]);
    const fresh = `${join(dir, 'new')}/`;
    expect(writeFiles(ONE, fresh, { force: false }).written).toEqual([join(dir, 'new', 'openapi.yaml')]);
  });

  it('writes a multi-file target into a folder', () => {
    const dir = join(tmp(), 'clients');
    writeFiles(MANY, dir, { force: false });
    expect(readFileSync(join(dir, '.vscode/mcp.json'), 'utf8')).toBe('{"b":2}\n');
    expect(readFileSync(join(dir, 'claude_desktop_config.json'), 'utf8')).toBe('{"a":1}\n');
  });

  it('refuses to overwrite without force and leaves every file untouched', () => {
    const dir = tmp();
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(join(dir, '.vscode/mcp.json'), 'mine\n');
    const err = failure(() => writeFiles(MANY, dir, { force: false }));
    expect(err.code).toBe('output-exists');
    expect(err.message).toBe(`${join(dir, '.vscode/mcp.json')} already exists; pass --force to overwrite`);
    expect(readFileSync(join(dir, '.vscode/mcp.json'), 'utf8')).toBe('mine\n');
    // The other file was not written either: the run is all or nothing.
    expect(existsSync(join(dir, 'claude_desktop_config.json'))).toBe(false);

    writeFiles(MANY, dir, { force: true });
    expect(readFileSync(join(dir, '.vscode/mcp.json'), 'utf8')).toBe('{"b":2}\n');
  });

  it('refuses a file where a multi-file target needs a folder, and a folder where a file goes', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'taken'), 'x');
    expect(failure(() => writeFiles(MANY, join(dir, 'taken'), { force: true })).code).toBe('output-path');
    mkdirSync(join(dir, 'sub', 'openapi.yaml'), { recursive: true });
    expect(failure(() => writeFiles(ONE, join(dir, 'sub'), { force: true })).code).toBe('output-path');
  });
});

describe('toStdout', () => {
  it('prints one file as is and several under ==> path <== headers', () => {
    expect(toStdout(ONE)).toBe('openapi: 3.1.0\n');
    expect(toStdout(MANY)).toBe('==> claude_desktop_config.json <==\n{"a":1}\n\n==> .vscode/mcp.json <==\n{"b":2}\n');
  });
});
