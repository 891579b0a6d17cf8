import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export interface BundleFileSnapshot {
  text: string;
  /** Content of `<path>.sig`, or null when there is none. */
  signature: string | null;
  /** sha256 over text and signature: unchanged snapshots are not re-applied. */
  digest: string;
}

export interface FileWatcher {
  close(): void;
}

/** Reads the bundle file and its detached signature (if any). */
export async function readBundleFile(path: string): Promise<BundleFileSnapshot> {
  const text = await readFile(path, 'utf8');
  let signature: string | null = null;
  try {
    signature = await readFile(`${path}.sig`, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const digest = createHash('sha256').update(text).update('\0').update(signature ?? '').digest('hex');
  return { text, signature, digest };
}

/**
 * Watches a bundle file for changes. The directory is watched, not the file:
 * publishing by atomic rename replaces the inode, which a file watch would
 * lose. Events are debounced (an in-place write fires several) and a snapshot
 * whose digest did not change is not passed on. `onChange` calls never
 * overlap: a change during one is handled after it.
 */
export function watchBundleFile(
  path: string,
  onChange: (snapshot: BundleFileSnapshot) => Promise<void>,
  opts: { debounceMs?: number; initialDigest?: string; onError?: (err: unknown) => void } = {},
): FileWatcher {
  const name = basename(path);
  const debounceMs = opts.debounceMs ?? 75;
  let lastDigest = opts.initialDigest ?? '';
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  let closed = false;

  async function check(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        let snap: BundleFileSnapshot;
        try {
          snap = await readBundleFile(path);
        } catch (err) {
          // Between unlink and rename the file may briefly be missing: the next event brings it back.
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') opts.onError?.(err);
          continue;
        }
        if (snap.digest === lastDigest || closed) continue;
        lastDigest = snap.digest;
        await onChange(snap);
      } while (again && !closed);
    } finally {
      running = false;
    }
  }

  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, (_event, file) => {
    if (closed) return;
    if (file !== null && file !== name && file !== `${name}.sig`) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      check().catch((err) => opts.onError?.(err));
    }, debounceMs);
  });
  watcher.on('error', (err) => opts.onError?.(err));

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
