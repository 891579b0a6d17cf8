import { randomBytes } from 'node:crypto';
import { lstat, readFile, readlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractRevision, openRepository, resolveCommit } from '../compiler/git/revision.js';
import { parseTrailerLog } from '../compiler/git/trailers.js';
import { createRepo, type TestRepo } from './fixtures/diff/git-repo.js';

describe('reading a revision from Git', () => {
  let repo: TestRepo;
  const binary = randomBytes(70_000);

  beforeAll(async () => {
    repo = await createRepo();
    await writeFile(path.join(repo.contracts, 'skills/triage/logo.bin'), binary);
    await writeFile(path.join(repo.contracts, 'skills/triage/empty.md'), '');
    await writeFile(path.join(repo.contracts, 'skills/triage/ünï cødé name.md'), 'héllo\r\nwörld\n');
    await writeFile(path.join(repo.root, 'outside.txt'), 'not in contracts');
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'files');
    await repo.git('rm', '-q', 'contracts/skills/triage/empty.md');
  });

  afterAll(() => repo?.dispose());

  it('writes every file of the contract folder at the commit byte for byte, and nothing else', async () => {
    const r = await openRepository(repo.contracts);
    expect(r.prefix).toBe('contracts');
    expect(r.shallow).toBe(false);
    const tree = await extractRevision(r, await resolveCommit(r, 'HEAD'));
    try {
      expect(await readFile(path.join(tree.dir, 'skills/triage/logo.bin'))).toEqual(binary);
      expect(await readFile(path.join(tree.dir, 'skills/triage/empty.md'), 'utf8')).toBe('');
      expect(await readFile(path.join(tree.dir, 'skills/triage/ünï cødé name.md'), 'utf8')).toBe('héllo\r\nwörld\n');
      expect(await readFile(path.join(tree.dir, 'uac.yaml'), 'utf8')).toBe(await readFile(path.join(repo.contracts, 'uac.yaml'), 'utf8'));
      await expect(lstat(path.join(tree.root, 'outside.txt'))).rejects.toThrow();
    } finally {
      await tree.dispose();
    }
    await expect(lstat(tree.root)).rejects.toThrow();
  });

  it('keeps symbolic links as links, for the compiler to judge', async () => {
    const r = await openRepository(repo.contracts);
    await repo.git('checkout', '-q', '-b', 'links');
    const { symlink } = await import('node:fs/promises');
    await symlink('../../../outside.txt', path.join(repo.contracts, 'skills/triage/link.md'));
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'link');
    const tree = await extractRevision(r, await resolveCommit(r, 'HEAD'));
    try {
      expect(await readlink(path.join(tree.dir, 'skills/triage/link.md'))).toBe('../../../outside.txt');
    } finally {
      await tree.dispose();
    }
  });

  it('parses trailers from git log records', () => {
    const log = 'c1\x1ftool-removed orders_get\x1einput-required-added *\x1d\nc2\x1f\x1d\nc3\x1fjust-one\x1d';
    expect(parseTrailerLog(log)).toEqual({
      allowed: [
        { rule: 'tool-removed', subject: 'orders_get', commit: 'c1' },
        { rule: 'input-required-added', subject: '*', commit: 'c1' },
      ],
      malformed: [{ value: 'just-one', commit: 'c3' }],
    });
  });
});
