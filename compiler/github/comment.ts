/**
 * The single sticky PR comment: find the comment that carries the marker and
 * update it, or create it. GitHub REST API through fetch; `GITHUB_API_URL`
 * is honoured (GitHub Enterprise, and local fakes in tests). Errors name the
 * HTTP status and GitHub's message, never the token.
 */
import { readFile } from 'node:fs/promises';

export interface GithubTarget {
  /** API root without a trailing slash, e.g. `https://api.github.com`. */
  apiUrl: string;
  token: string;
  /** `owner/name` */
  repository: string;
  /** Pull request (issue) number. */
  issue: number;
}

export class GithubError extends Error {
  override name = 'GithubError';
  constructor(
    message: string,
    /** HTTP status, or null when no response came back. */
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** GitHub refuses comment bodies longer than this. */
export const MAX_COMMENT_CHARS = 65_536;
const PAGE_SIZE = 100;
const MAX_PAGES = 50;
const TIMEOUT_MS = 20_000;
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * Reads the target from the Actions environment: GITHUB_API_URL (default
 * api.github.com), GITHUB_TOKEN, GITHUB_REPOSITORY, and the PR number from
 * `prNumber`, else the event payload at GITHUB_EVENT_PATH.
 */
export async function targetFromEnv(env: NodeJS.ProcessEnv, prNumber?: number): Promise<GithubTarget> {
  const missing = (name: string) => new GithubError(`${name} is not set (needed to post the PR comment)`, null);
  const token = env.GITHUB_TOKEN;
  if (!token) throw missing('GITHUB_TOKEN');
  const repository = env.GITHUB_REPOSITORY;
  if (!repository) throw missing('GITHUB_REPOSITORY');
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
    throw new GithubError(`GITHUB_REPOSITORY '${repository}' is not owner/name`, null);
  const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(apiUrl)) throw new GithubError(`GITHUB_API_URL '${apiUrl}' is not an http(s) URL`, null);
  const issue = prNumber ?? (await prFromEvent(env.GITHUB_EVENT_PATH));
  return { apiUrl, token, repository, issue };
}

async function prFromEvent(eventPath: string | undefined): Promise<number> {
  if (!eventPath) throw new GithubError('no PR number: pass --pr N or run in a pull_request workflow (GITHUB_EVENT_PATH)', null);
  let event: unknown;
  try {
    event = JSON.parse(await readFile(eventPath, 'utf8'));
  } catch (err) {
    throw new GithubError(`cannot read the event payload ${eventPath}: ${err instanceof Error ? err.message : String(err)}`, null);
  }
  const e = event as { pull_request?: { number?: unknown }; issue?: { number?: unknown }; number?: unknown };
  const n = e.pull_request?.number ?? e.issue?.number ?? e.number;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) {
    throw new GithubError('the event payload has no pull request number (is this a pull_request event?)', null);
  }
  return n;
}

export interface UpsertResult {
  action: 'created' | 'updated';
  id: number;
  url: string | null;
}

/** Creates or updates the one comment containing `marker` on the PR. */
export async function upsertStickyComment(target: GithubTarget, body: string, marker: string): Promise<UpsertResult> {
  if (!body.includes(marker)) throw new Error('the comment body must contain the marker');
  const text = fitComment(body);
  const existing = await findComment(target, marker);
  if (existing !== null) {
    const updated = await call(target, 'PATCH', `/repos/${target.repository}/issues/comments/${existing}`, { body: text });
    return { action: 'updated', id: existing, url: htmlUrl(updated) };
  }
  const created = await call(target, 'POST', `/repos/${target.repository}/issues/${target.issue}/comments`, { body: text });
  const id = (created as { id?: unknown }).id;
  if (typeof id !== 'number') throw new GithubError('GitHub answered the comment creation without an id', 201);
  return { action: 'created', id, url: htmlUrl(created) };
}

/** The oldest comment with the marker (others, if any, are left alone). */
async function findComment(target: GithubTarget, marker: string): Promise<number | null> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const list = await call(
      target,
      'GET',
      `/repos/${target.repository}/issues/${target.issue}/comments?per_page=${PAGE_SIZE}&page=${page}`,
    );
    if (!Array.isArray(list)) throw new GithubError('GitHub answered the comment list with something that is not a list', 200);
    for (const c of list as Array<{ id?: unknown; body?: unknown }>) {
      if (typeof c.id === 'number' && typeof c.body === 'string' && c.body.includes(marker)) return c.id;
    }
    if (list.length < PAGE_SIZE) return null;
  }
  return null;
}

async function call(target: GithubTarget, method: string, route: string, payload?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${target.apiUrl}${route}`, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${target.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'uac-diff',
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: payload === undefined ? null : JSON.stringify(payload),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new GithubError(`${method} ${target.apiUrl}${stripQuery(route)} failed: ${reason}`, null);
  }
  const raw = await readBounded(res, `${method} ${stripQuery(route)}`);
  let json: unknown = null;
  try {
    json = raw === '' ? null : JSON.parse(raw);
  } catch {
    // keep null: reported below if the status says it failed
  }
  if (!res.ok) {
    const message = (json as { message?: unknown } | null)?.message;
    const detail = typeof message === 'string' ? message : raw.slice(0, 200);
    throw new GithubError(`GitHub API ${method} ${stripQuery(route)} answered ${res.status}: ${detail}`, res.status);
  }
  return json;
}

/** The response text, refusing more than MAX_RESPONSE_BYTES (a page of 100 comments is far below it). */
async function readBounded(res: Response, what: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_RESPONSE_BYTES) {
    await res.body?.cancel();
    throw new GithubError(`GitHub API ${what} answered ${declared} bytes, more than the ${MAX_RESPONSE_BYTES} accepted`, res.status);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await res.body?.cancel();
      throw new GithubError(`GitHub API ${what} answered more than ${MAX_RESPONSE_BYTES} bytes`, res.status);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function stripQuery(route: string): string {
  return route.split('?')[0] ?? route;
}

function htmlUrl(comment: unknown): string | null {
  const url = (comment as { html_url?: unknown } | null)?.html_url;
  return typeof url === 'string' ? url : null;
}

/** Cuts an oversized body at a line boundary and says so (the marker is at the top, so it stays). */
export function fitComment(body: string): string {
  if (body.length <= MAX_COMMENT_CHARS) return body;
  const note = '\n\n… truncated: the full report is in the job log (`uac diff --format markdown`).\n';
  const cut = body.lastIndexOf('\n', MAX_COMMENT_CHARS - note.length);
  return body.slice(0, cut > 0 ? cut : MAX_COMMENT_CHARS - note.length) + note;
}
