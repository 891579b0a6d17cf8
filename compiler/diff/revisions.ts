/**
 * `uac diff` end to end, minus the printing: read both revisions from Git,
 * compile each into a bundle in memory, read the accept trailers and compare.
 * Comparing bundles (not YAML) makes moves, splits and reformatting no change.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { BUNDLE_FORMAT, type Bundle } from '../../bundle/types.js';
import type { Problem } from '../problems.js';
import { type Extracted, extractRevision, openRepository, resolveCommit } from '../git/revision.js';
import { type AllowTrailer, readAllowTrailers } from '../git/trailers.js';
import { diffBundles } from './engine.js';
import { findRule } from './registry.js';
import { type DiffReport, type FailOn, type RevisionInfo, buildReport } from './report.js';

export type CompileFn = (dir: string, opts: { env?: string }) => Promise<{ bundle: Bundle | null; problems: Problem[] }>;

export interface CompareOptions {
  /** The contract repository folder (inside a Git work tree). */
  dir: string;
  base: string;
  /** A ref, or undefined for the work tree (uncommitted files included). */
  head?: string;
  env?: string;
  failOn: FailOn;
  compile: CompileFn;
  /** Progress lines for people watching a terminal. */
  progress?: (message: string) => void;
}

export interface Comparison {
  report: DiffReport;
  /** Accept trailers that were ignored (malformed or naming no rule), for a warning. */
  ignoredTrailers: Array<{ value: string; commit: string; reason: string }>;
}

export async function compareRevisions(opts: CompareOptions): Promise<Comparison> {
  const repo = await openRepository(opts.dir);
  const baseCommit = await resolveCommit(repo, opts.base);
  const headCommit = opts.head === undefined ? null : await resolveCommit(repo, opts.head);
  const compileOpts = opts.env === undefined ? {} : { env: opts.env };
  const toRepoPath = (p: Problem): Problem => ({ ...p, file: repo.prefix === '' ? p.file : `${repo.prefix}/${p.file}` });

  const progress = opts.progress ?? (() => {});
  const extracted: Extracted[] = [];
  try {
    progress(`reading and compiling the base ${opts.base} (${baseCommit.slice(0, 12)})`);
    const baseTree = await extractRevision(repo, baseCommit);
    extracted.push(baseTree);
    const baseEmpty = !existsSync(path.join(baseTree.dir, 'uac.yaml'));
    const baseResult = baseEmpty ? { bundle: null, problems: [] } : await opts.compile(baseTree.dir, compileOpts);

    progress(`compiling the head ${opts.head === undefined ? '(work tree)' : `${opts.head} (${headCommit?.slice(0, 12)})`}`);
    let headDir = path.resolve(opts.dir);
    if (headCommit !== null) {
      const headTree = await extractRevision(repo, headCommit);
      extracted.push(headTree);
      headDir = headTree.dir;
    }
    const headResult = await opts.compile(headDir, compileOpts);

    const trailers = await readAllowTrailers(repo, baseCommit, headCommit ?? 'HEAD');
    const ignoredTrailers = trailers.malformed.map((t) => ({ ...t, reason: "expected '<rule-id> <subject>'" }));
    const accepted: AllowTrailer[] = [];
    for (const t of trailers.allowed) {
      if (findRule(t.rule) === undefined)
        ignoredTrailers.push({ value: `${t.rule} ${t.subject}`, commit: t.commit, reason: `no rule '${t.rule}'` });
      else accepted.push(t);
    }

    const base: RevisionInfo = {
      ref: opts.base,
      commit: baseCommit,
      bundleId: baseResult.bundle?.id ?? null,
      empty: baseEmpty,
      problems: baseResult.problems.map(toRepoPath),
    };
    const head: RevisionInfo = {
      ref: opts.head ?? null,
      commit: headCommit,
      bundleId: headResult.bundle?.id ?? null,
      empty: false,
      problems: headResult.problems.map(toRepoPath),
    };
    const headBundle = headResult.bundle;
    const baseBundle = baseResult.bundle ?? (baseEmpty && headBundle !== null ? emptyBundle(headBundle) : null);
    const diff = baseBundle !== null && headBundle !== null ? diffBundles(baseBundle, headBundle, { accepted }) : null;
    return { report: buildReport({ base, head, diff, failOn: opts.failOn }), ignoredTrailers };
  } finally {
    await Promise.all(extracted.map((e) => e.dispose()));
  }
}

/** The base of a repository's first contracts: nothing, so everything in head is new. */
export function emptyBundle(like: Bundle): Bundle {
  return {
    format: BUNDLE_FORMAT,
    id: '',
    project: like.project,
    environment: like.environment,
    source: { revision: null, dirty: false },
    compiler: like.compiler,
    tools: [],
    prompts: [],
    skills: [],
    routes: [],
    llmRoutes: [],
    policies: {},
    consumers: [],
    auth: { jwt: null, oauth: null },
    clients: like.clients,
  };
}
