/**
 * The only way compiler modules read files of a contract repository. Paths
 * are resolved relative to the referencing file's folder and must stay inside
 * the repository (no absolute paths, no `..` escape, no symlink pointing
 * out); text must be UTF-8; sizes are capped; symlink loops are reported,
 * never followed forever. Every refusal is a located Problem with a code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Location, Problem } from '../problems.js';
import { problem } from '../validate/codes/index.js';
import { decodeUtf8 } from './utf8.js';

/** Default cap for files read through `readFile` (large OpenAPI documents fit). */
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
/** Most files a `listDir` returns, so a huge tree cannot stall a build. */
export const MAX_LISTED_FILES = 10_000;

export interface ReadResult {
  text?: string;
  bytes?: Buffer;
  problem?: Problem;
}

export interface ReadOptions {
  maxBytes?: number;
  encoding?: 'utf8' | 'buffer';
}

export interface StatResult {
  type?: 'file' | 'dir' | 'other';
  /** Repository-relative `/` path it resolved to. */
  rel?: string;
  problem?: Problem;
}

export interface ListResult {
  /** Paths relative to the listed folder, `/`-separated, sorted; regular files only. */
  files?: string[];
  problem?: Problem;
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function errnoOf(err: unknown): string {
  return err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : 'EIO';
}

/** A readable, human message for an fs error, without absolute paths. */
function ioProblem(err: unknown, relPath: string, at: Location): Problem {
  const code = errnoOf(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return problem('UAC102', at, `file not found: ${relPath}`);
  if (code === 'ELOOP') return problem('UAC007', at, `symlink loop at ${relPath}`);
  if (code === 'EACCES' || code === 'EPERM') return problem('UAC007', at, `permission denied reading ${relPath}`);
  return problem('UAC007', at, `cannot read ${relPath} (${code})`);
}

export class RepositoryFiles {
  /**
   * Repository-relative paths of every file or folder resolved (read, listed
   * or stat'ed), as addressed and symlink-free: what a build depends on.
   */
  readonly touched = new Set<string>();

  /** `root` is absolute; `realRoot` is its symlink-free form. */
  constructor(
    readonly root: string,
    readonly realRoot: string,
  ) {}

  /** Repository-relative `/` path of an absolute path inside the root. */
  relative(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/');
  }

  /**
   * Resolves `relPath` (relative to the folder of `from.file`) to an absolute,
   * symlink-free path inside the repository, or a problem located at `from`.
   */
  resolve(relPath: string, from: Location): { abs: string; real: string; rel: string } | { problem: Problem } {
    if (typeof relPath !== 'string' || relPath === '' || relPath.includes('\0')) {
      return { problem: problem('UAC102', from, `not a usable path: ${JSON.stringify(relPath)}`) };
    }
    if (path.isAbsolute(relPath) || path.win32.isAbsolute(relPath) || /^[a-z][a-z0-9+.-]*:/i.test(relPath)) {
      return { problem: problem('UAC103', from, `absolute path or URL ${relPath} is not allowed; use a path relative to ${from.file}`) };
    }
    const abs = path.resolve(this.root, path.dirname(from.file), relPath);
    if (!isInside(this.root, abs)) {
      return { problem: problem('UAC103', from, `${relPath} points outside the repository`) };
    }
    const rel = this.relative(abs);
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch (err) {
      return { problem: ioProblem(err, rel, from) };
    }
    if (!isInside(this.realRoot, real)) {
      return { problem: problem('UAC103', from, `${rel} is a symlink pointing outside the repository`) };
    }
    this.touched.add(rel);
    this.touched.add(path.relative(this.realRoot, real).split(path.sep).join('/'));
    return { abs, real, rel };
  }

  /** Reads a file already known to be inside the repository; `rel` names it in messages. */
  readResolved(real: string, rel: string, from: Location, opts: ReadOptions = {}): ReadResult {
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    let bytes: Buffer;
    try {
      const stat = fs.statSync(real);
      if (!stat.isFile()) return { problem: problem('UAC107', from, `${rel} is not a regular file`) };
      if (stat.size > maxBytes) {
        return { problem: problem('UAC006', from, `${rel} is ${stat.size} bytes, over the limit of ${maxBytes}`) };
      }
      bytes = fs.readFileSync(real);
    } catch (err) {
      return { problem: ioProblem(err, rel, from) };
    }
    // The file may have grown between stat and read.
    if (bytes.length > maxBytes) {
      return { problem: problem('UAC006', from, `${rel} is over the limit of ${maxBytes} bytes`) };
    }
    if (opts.encoding === 'buffer') return { bytes };
    const decoded = decodeUtf8(bytes);
    if ('invalidAt' in decoded) {
      const where = from.file === rel ? '' : ` (at ${rel}:${decoded.invalidAt.line}:${decoded.invalidAt.column})`;
      const at = from.file === rel ? { file: rel, ...decoded.invalidAt } : from;
      return { problem: problem('UAC005', at, `${rel} is not valid UTF-8${where}`) };
    }
    return { text: decoded.text };
  }

  /** Whether `relPath` is a file or a folder, with the same resolution and safety rules as `readFile`. */
  statPath(relPath: string, from: Location): StatResult {
    const r = this.resolve(relPath, from);
    if ('problem' in r) return { problem: r.problem };
    try {
      const st = fs.statSync(r.real);
      return { type: st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other', rel: r.rel };
    } catch (err) {
      return { problem: ioProblem(err, r.rel, from) };
    }
  }

  readFile(relPath: string, from: Location, opts: ReadOptions = {}): ReadResult {
    const r = this.resolve(relPath, from);
    if ('problem' in r) return { problem: r.problem };
    return this.readResolved(r.real, r.rel, from, opts);
  }

  listDir(relPath: string, from: Location): ListResult {
    const r = this.resolve(relPath, from);
    if ('problem' in r) return { problem: r.problem };
    try {
      if (!fs.statSync(r.real).isDirectory()) {
        return { problem: problem('UAC107', from, `${r.rel} is not a folder`) };
      }
    } catch (err) {
      return { problem: ioProblem(err, r.rel, from) };
    }
    const files: string[] = [];
    // Real paths of the folders on the current walk: a symlink back to one of them is a loop.
    const onPath = new Set<string>([r.real]);
    const walk = (dirReal: string, prefix: string): Problem | undefined => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dirReal, { withFileTypes: true });
      } catch (err) {
        return ioProblem(err, `${r.rel}/${prefix}`, from);
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const relEntry = prefix + e.name;
        let real = path.join(dirReal, e.name);
        let isDir = e.isDirectory();
        let isFile = e.isFile();
        if (e.isSymbolicLink()) {
          try {
            real = fs.realpathSync(real);
            const st = fs.statSync(real);
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch (err) {
            return ioProblem(err, `${r.rel}/${relEntry}`, from);
          }
          if (!isInside(this.realRoot, real)) {
            return problem('UAC103', from, `${r.rel}/${relEntry} is a symlink pointing outside the repository`);
          }
        }
        if (isDir) {
          if (onPath.has(real)) return problem('UAC007', from, `symlink loop at ${r.rel}/${relEntry}`);
          onPath.add(real);
          const p = walk(real, `${relEntry}/`);
          onPath.delete(real);
          if (p) return p;
        } else if (isFile) {
          if (files.length >= MAX_LISTED_FILES) {
            return problem('UAC006', from, `${r.rel} holds more than ${MAX_LISTED_FILES} files`);
          }
          files.push(relEntry);
          this.touched.add(`${r.rel}/${relEntry}`);
        }
      }
      return undefined;
    };
    const p = walk(r.real, '');
    return p ? { problem: p } : { files };
  }
}
