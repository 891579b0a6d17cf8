/**
 * Puts generated files where `--out` says:
 * - `-`: stdout (several files each under a `==> path <==` header, as `head` prints them);
 * - a single-file target: the file itself, or a folder (existing, or written
 *   with a trailing `/`) that receives the target's file name;
 * - a multi-file target: a folder, created when missing.
 * Nothing is overwritten without `force`, and every path is checked before
 * the first byte is written, so a refused run leaves the disk untouched.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GenerateError } from './errors.js';
import type { GeneratedFile } from './index.js';

export interface WriteResult {
  /** Paths written, as the user would type them (relative to `out`'s parent when `out` is relative). */
  written: string[];
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function toStdout(files: readonly GeneratedFile[]): string {
  if (files.length === 1) return files[0]!.content;
  return files.map((f) => `==> ${f.path} <==\n${f.content}`).join('\n');
}

export function plan(files: readonly GeneratedFile[], out: string): Array<{ path: string; content: string }> {
  if (files.length === 1) {
    const only = files[0]!;
    const intoDir = isDir(out) || out.endsWith('/') || out.endsWith('\\');
    return [{ path: intoDir ? join(out, only.path) : out, content: only.content }];
  }
  if (existsSync(out) && !isDir(out)) {
    throw new GenerateError('output-path', `--out ${out} is a file, but this target writes several files: give a folder`);
  }
  return files.map((f) => ({ path: join(out, f.path), content: f.content }));
}

export function writeFiles(files: readonly GeneratedFile[], out: string, opts: { force: boolean }): WriteResult {
  const planned = plan(files, out);
  const clashes = planned.filter((p) => existsSync(p.path));
  const dirs = clashes.filter((p) => isDir(p.path));
  if (dirs.length) {
    throw new GenerateError('output-path', `${dirs.map((d) => d.path).join(', ')} is a folder; cannot write a file there`);
  }
  if (clashes.length && !opts.force) {
    const list = clashes.map((c) => c.path);
    throw new GenerateError(
      'output-exists',
      `${list.join(', ')} already exist${list.length === 1 ? 's' : ''}; pass --force to overwrite`,
      { paths: list },
    );
  }
  for (const p of planned) {
    try {
      mkdirSync(dirname(resolve(p.path)), { recursive: true });
      writeFileSync(p.path, p.content);
    } catch (err) {
      throw new GenerateError('output-path', `cannot write ${p.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { written: planned.map((p) => p.path) };
}
