/**
 * The contract loader (SPEC 2): finds `uac.yaml`, reads every `*.yaml`/`*.yml`
 * under the root (skipping node_modules, .git and dot-folders), keeps each
 * `apiVersion: uac/v1` document with the source position of every node, and
 * reports broken files as located problems: it never throws on bad content.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import { KINDS, type Kind, type ContractDocument, type NodePath } from '../model.js';
import { type Location, type Problem, sortProblems } from '../problems.js';
import { problem } from '../validate/codes/index.js';
import { type ListResult, type ReadOptions, type ReadResult, RepositoryFiles, type StatResult } from './files.js';
import { keyLocation, locate, nodeLocation } from './positions.js';

export type { ListResult, ReadOptions, ReadResult, StatResult } from './files.js';

/** Contract files above this size are refused (OpenAPI files read by reference have their own cap). */
export const MAX_CONTRACT_FILE_BYTES = 4 * 1024 * 1024;
/** Bytes looked at to decide whether an oversized YAML file is a contract at all. */
const SNIFF_BYTES = 64 * 1024;
const SKIPPED_DIRS = new Set(['node_modules']);
/** A file that never mentions a uac apiVersion holds no contract (OpenAPI documents, CI files…): not parsed. */
const MENTIONS_UAC = /apiVersion['"]?\s*:\s*['"]?uac\//;
const MAX_ERRORS_PER_FILE = 5;

export interface LoadedRepository {
  /** Absolute path of the repository root. */
  root: string;
  /** Contract documents, sorted by file then index. */
  docs: ContractDocument[];
  problems: Problem[];
  /**
   * Reads `relPath`, resolved relative to the folder of `from.file`, refusing
   * paths outside the repository, symlink escapes and loops, non-UTF-8 text
   * (unless `encoding: 'buffer'`) and files over `maxBytes` (default 32 MB).
   * Refusals are problems located at `from`.
   */
  readFile(relPath: string, from: Location, opts?: ReadOptions): ReadResult;
  /**
   * Every regular file under the folder `relPath` (relative to the folder of
   * `from.file`), recursively, as sorted `/`-paths relative to that folder;
   * same safety rules as `readFile`.
   */
  listDir(relPath: string, from: Location): ListResult;
  /** File or folder at `relPath` (same resolution and safety rules), without reading it. */
  statPath(relPath: string, from: Location): StatResult;
  /** Repository-relative paths of every file and folder read, listed or stat'ed so far, sorted. */
  readPaths(): string[];
}

/** The folder to load does not exist or is not a folder: an I/O error (CLI exit 2), not a contract problem. */
export class RepositoryNotFoundError extends Error {
  override name = 'RepositoryNotFoundError';
}

interface Source {
  doc: Document;
  lines: LineCounter;
  /** The document as parsed, before `file`/`index`/`at` were attached. */
  value: Record<string, unknown>;
}
const SOURCES = new WeakMap<ContractDocument, Source>();

/** The document exactly as parsed (what the JSON Schema is checked against). */
export function rawOf(doc: ContractDocument): Record<string, unknown> {
  const src = SOURCES.get(doc);
  if (src) return src.value;
  const { file: _f, index: _i, at: _a, ...plain } = doc;
  return plain;
}

/** Location of the key of the entry at `path` in `doc` (where an unknown field is named). */
export function keyAt(doc: ContractDocument, p: NodePath): Location {
  const src = SOURCES.get(doc);
  return src ? keyLocation(src.doc, doc.file, src.lines, p) : doc.at(p);
}

function start(file: string): Location {
  return { file, line: 1, column: 1 };
}

function isYaml(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

/** Repository-relative paths of the YAML files, depth first, sorted; symlinked folders are not followed. */
function scan(files: RepositoryFiles, problems: Problem[]): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : 'EIO';
      problems.push(problem('UAC007', start(files.relative(abs) || '.'), `cannot list folder (${code})`));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
      const child = path.join(abs, e.name);
      if (e.isDirectory()) walk(child);
      else if ((e.isFile() || e.isSymbolicLink()) && isYaml(e.name)) out.push(files.relative(child));
    }
  };
  walk(files.root);
  return out;
}

/** Reads a scanned YAML file; oversized files are only an error when they look like contracts. */
function readContractFile(files: RepositoryFiles, rel: string): { text?: string; problem?: Problem } {
  const at = start(rel);
  const r = files.resolve(path.basename(rel), at);
  if ('problem' in r) return { problem: r.problem };
  try {
    const size = fs.statSync(r.real).size;
    if (size > MAX_CONTRACT_FILE_BYTES) {
      const fd = fs.openSync(r.real, 'r');
      const head = Buffer.alloc(SNIFF_BYTES);
      try {
        fs.readSync(fd, head, 0, SNIFF_BYTES, 0);
      } finally {
        fs.closeSync(fd);
      }
      if (!MENTIONS_UAC.test(head.toString('latin1'))) return {};
    }
  } catch {
    // Reported with a proper message by readResolved below.
  }
  return files.readResolved(r.real, rel, at, { maxBytes: MAX_CONTRACT_FILE_BYTES });
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Parses one file into contract documents and problems. */
function parseFile(rel: string, text: string, docs: ContractDocument[], problems: Problem[]): void {
  const lines = new LineCounter();
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    // logLevel 'error': no process warnings on stderr (e.g. for collection keys, which the schema reports).
    parsed = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  } catch (err) {
    // The parser reports its own errors; this only catches what escapes it (e.g. nesting too deep).
    problems.push(problem('UAC001', start(rel), `YAML: ${firstLine(err instanceof Error ? err.message : String(err))}`));
    return;
  }
  const yamlDocs: Document[] = Array.isArray(parsed) ? parsed : [];
  let reported = 0;
  const candidates: Array<{ index: number; value: unknown; doc: Document }> = [];
  let hasUac = false;
  for (const [index, doc] of yamlDocs.entries()) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        if (reported++ >= MAX_ERRORS_PER_FILE) break;
        problems.push(problem('UAC001', locate(rel, lines, err.pos[0]), `YAML: ${firstLine(err.message)}`));
      }
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      const where = locate(rel, lines, doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0);
      problems.push(problem('UAC001', where, `YAML: ${firstLine(err instanceof Error ? err.message : String(err))}`));
      continue;
    }
    const apiVersion = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).apiVersion : undefined;
    if (typeof apiVersion === 'string' && apiVersion.startsWith('uac/')) hasUac = true;
    candidates.push({ index, value, doc });
  }
  for (const { index, value, doc } of candidates) {
    const at = (p: NodePath) => nodeLocation(doc, rel, lines, p);
    if (value === null || value === undefined) continue;
    const record = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    const apiVersion = record?.apiVersion;
    if (apiVersion === undefined || typeof apiVersion !== 'string' || !apiVersion.startsWith('uac/')) {
      if (hasUac && (apiVersion === undefined || typeof apiVersion !== 'string')) {
        problems.push(problem('UAC008', at([]), `document ${index + 1} of ${rel} has no apiVersion, but the file holds uac contracts`));
      }
      continue;
    }
    if (apiVersion !== 'uac/v1') {
      problems.push(problem('UAC003', at(['apiVersion']), `apiVersion '${apiVersion}' is not supported; this compiler reads uac/v1`));
      continue;
    }
    const kind = record!.kind;
    if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
      const shown = typeof kind === 'string' ? `'${kind}'` : kind === undefined ? 'missing' : JSON.stringify(kind);
      problems.push(problem('UAC004', at(['kind']), `kind ${shown} is not one of ${KINDS.join(', ')}`));
      continue;
    }
    const contract = {
      ...record,
      apiVersion: 'uac/v1',
      kind: kind as Kind,
      metadata: record!.metadata,
      spec: record!.spec,
      file: rel,
      index,
      at,
    } as ContractDocument;
    SOURCES.set(contract, { doc, lines, value: record! });
    docs.push(contract);
  }
}

/** Exactly one Project, in uac.yaml. */
function checkProject(docs: ContractDocument[], problems: Problem[]): void {
  const projects = docs.filter((d) => d.kind === 'Project');
  const inRoot = projects.filter((d) => d.file === 'uac.yaml');
  if (inRoot.length === 0 && !problems.some((p) => p.file === 'uac.yaml' && p.severity === 'error')) {
    problems.push(problem('UAC022', start('uac.yaml'), 'uac.yaml holds no `kind: Project` document'));
  }
  for (const p of projects) {
    if (p.file !== 'uac.yaml') {
      problems.push(problem('UAC021', p.at(['kind']), `the Project must be in uac.yaml, not ${p.file}`));
    }
  }
  const first = inRoot[0] ?? projects[0];
  for (const p of projects) {
    if (p !== first && p.file === 'uac.yaml') {
      problems.push(problem('UAC020', p.at(['kind']), `second Project document; the first is at ${first!.file}:${first!.at([]).line}`));
    }
  }
}

export async function loadRepository(dir: string): Promise<LoadedRepository> {
  const root = path.resolve(dir);
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    if (!fs.statSync(realRoot).isDirectory()) throw new RepositoryNotFoundError(`${dir} is not a folder`);
  } catch (err) {
    if (err instanceof RepositoryNotFoundError) throw err;
    throw new RepositoryNotFoundError(`${dir}: no such folder`);
  }
  const files = new RepositoryFiles(root, realRoot);
  const docs: ContractDocument[] = [];
  const problems: Problem[] = [];
  const repo: LoadedRepository = {
    root,
    docs,
    problems,
    readFile: (relPath, from, opts) => files.readFile(relPath, from, opts),
    listDir: (relPath, from) => files.listDir(relPath, from),
    statPath: (relPath, from) => files.statPath(relPath, from),
    readPaths: () => [...files.touched].filter((p) => p !== '').sort(),
  };
  const project = files.resolve('uac.yaml', start('uac.yaml'));
  if ('problem' in project && project.problem.code === 'UAC102') {
    problems.push(problem('UAC002', start('uac.yaml'), `no uac.yaml in ${path.basename(root) || root}: not a contract repository`));
    return repo;
  }
  for (const rel of scan(files, problems)) {
    const read = readContractFile(files, rel);
    if (read.problem) problems.push(read.problem);
    else if (read.text !== undefined && MENTIONS_UAC.test(read.text)) parseFile(rel, read.text, docs, problems);
  }
  checkProject(docs, problems);
  docs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.index - b.index));
  sortProblems(problems);
  return repo;
}
