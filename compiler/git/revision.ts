/**
 * Reading contract files as they were at a Git revision, with simple-git:
 * the tree under the contract folder is written to a temporary folder that
 * the compiler then reads like any work tree. Nothing in the repository
 * (index, work tree, worktree list) is touched.
 */
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type SimpleGit, simpleGit } from 'simple-git';

export type GitErrorCode = 'not-a-repository' | 'bad-revision' | 'unknown-revision' | 'shallow-clone' | 'git-failed';

/** A Git problem the CLI reports with exit code 2 and, where it helps, a hint. */
export class GitError extends Error {
  override name = 'GitError';
  constructor(
    readonly code: GitErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface Repository {
  git: SimpleGit;
  /** Absolute path of the work tree root. */
  root: string;
  /** The contract folder relative to the root, `/`-separated, '' for the root itself. */
  prefix: string;
  shallow: boolean;
}

/** Opens the Git repository that holds `dir`. */
export async function openRepository(dir: string): Promise<Repository> {
  let absolute: string;
  try {
    absolute = await realpath(dir);
  } catch {
    throw new GitError('not-a-repository', `${dir}: no such folder`);
  }
  const git = simpleGit({ baseDir: absolute, maxConcurrentProcesses: 6 });
  let root: string;
  try {
    root = await realpath((await git.revparse(['--show-toplevel'])).trim());
  } catch {
    throw new GitError(
      'not-a-repository',
      `${dir} is not inside a Git work tree`,
      'uac diff compares Git revisions: run it in a clone of the contract repository',
    );
  }
  const shallow = (await git.revparse(['--is-shallow-repository'])).trim() === 'true';
  const prefix = path.relative(root, absolute).split(path.sep).join('/');
  return { git, root, prefix, shallow };
}

/** The commit sha a ref names; a clear error (with a fetch hint in shallow clones) when it names none. */
export async function resolveCommit(repo: Repository, ref: string): Promise<string> {
  if (ref === '' || ref.startsWith('-') || /\s/.test(ref) || ref.includes('\0')) {
    throw new GitError('bad-revision', `'${ref}' is not a revision name`);
  }
  // With --quiet, git exits 1 without a message for an unknown name (simple-git then resolves with nothing).
  const sha = await repo.git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).then(
    (out) => out.trim(),
    () => '',
  );
  if (/^[0-9a-f]{40,64}$/.test(sha)) return sha;
  if (repo.shallow) {
    throw new GitError(
      'shallow-clone',
      `revision '${ref}' is not in this shallow clone`,
      `fetch it first, e.g. 'git fetch --depth=50 origin ${ref.replace(/^origin\//, '')}', or check out with 'fetch-depth: 0' (actions/checkout)`,
    );
  }
  throw new GitError('unknown-revision', `unknown revision '${ref}'`, "check the name with 'git rev-parse', or fetch it from the remote");
}

export interface Extracted {
  /** Temporary folder holding the repository tree at the commit. */
  root: string;
  /** The contract folder inside `root`. */
  dir: string;
  files: number;
  /** Removes the temporary folder. */
  dispose(): Promise<void>;
}

interface TreeEntry {
  mode: string;
  sha: string;
  size: number;
  path: string;
}

/** Blobs read per `git show` call (keeps the command line short). */
const BLOBS_PER_CALL = 200;

/**
 * Writes the files under the contract folder at `commit` into a new temporary
 * folder. Submodules are skipped; symbolic links are written as links so the
 * compiler's own rules about them apply exactly as on a work tree.
 */
export async function extractRevision(repo: Repository, commit: string): Promise<Extracted> {
  const listing = await repo.git.raw(['ls-tree', '-r', '-l', '-z', '--full-tree', commit, '--', repo.prefix === '' ? '.' : repo.prefix]);
  const entries = parseTree(listing);
  const root = await mkdtemp(path.join(tmpdir(), 'uac-diff-'));
  const dispose = () => rm(root, { recursive: true, force: true });
  try {
    for (let i = 0; i < entries.length; i += BLOBS_PER_CALL) {
      const batch = entries.slice(i, i + BLOBS_PER_CALL);
      // `git show <blob>...` prints the blobs back to back; ls-tree -l gave each size.
      const all = await repo.git.showBuffer(batch.map((e) => e.sha));
      const expected = batch.reduce((n, e) => n + e.size, 0);
      if (all.length !== expected) throw new GitError('git-failed', `git show returned ${all.length} bytes for ${expected} expected`);
      let offset = 0;
      for (const entry of batch) {
        const content = all.subarray(offset, offset + entry.size);
        offset += entry.size;
        const target = path.join(root, ...entry.path.split('/'));
        if (!target.startsWith(root + path.sep)) throw new GitError('git-failed', `refusing tree path ${entry.path}`);
        await mkdir(path.dirname(target), { recursive: true });
        if (entry.mode === '120000') await symlink(content.toString('utf8'), target);
        else await writeFile(target, content, { mode: entry.mode === '100755' ? 0o755 : 0o644 });
      }
    }
  } catch (err) {
    await dispose();
    if (err instanceof GitError) throw err;
    throw new GitError('git-failed', `reading ${commit.slice(0, 12)} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { root, dir: path.join(root, ...repo.prefix.split('/').filter(Boolean)), files: entries.length, dispose };
}

/** `<mode> <type> <sha> <size>\t<path>\0` records of `git ls-tree -r -l -z`; blobs and links only. */
function parseTree(listing: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of listing.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode = '', type = '', sha = '', size = ''] = record.slice(0, tab).split(/ +/);
    if (type !== 'blob') continue;
    entries.push({ mode, sha, size: Number(size), path: record.slice(tab + 1) });
  }
  return entries;
}
