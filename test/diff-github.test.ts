/**
 * The sticky PR comment against a local fake of the GitHub REST API
 * (127.0.0.1, port 0): create once, update afterwards, never duplicate,
 * and report API errors with their status.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIFF_MARKER } from '../compiler/diff/render/markdown.js';
import {
  fitComment,
  GithubError,
  type GithubTarget,
  MAX_COMMENT_CHARS,
  targetFromEnv,
  upsertStickyComment,
} from '../compiler/github/comment.js';
import { createRepo, rep, type TestRepo } from './fixtures/diff/git-repo.js';
import { runCli } from './helpers/cli.js';

const TOKEN = 'ghs_test_token_value_123';

interface Comment {
  id: number;
  body: string;
}

/** Just enough of the issues-comments API, with auth and pagination like GitHub's. */
class FakeGithub {
  comments = new Map<number, Comment[]>();
  requests: Array<{ method: string; url: string }> = [];
  failWith: { status: number; message: string } | null = null;
  /** Answer with a body announced larger than the client accepts. */
  huge = false;
  private nextId = 1000;
  private server: Server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  seed(issue: number, bodies: string[]): void {
    this.comments.set(
      issue,
      bodies.map((body) => ({ id: this.nextId++, body })),
    );
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ method: req.method ?? '', url: url.pathname + url.search });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    if (this.failWith) return send(this.failWith.status, { message: this.failWith.message });
    if (this.huge) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) });
      res.write('[');
      return void setTimeout(() => res.destroy(), 50);
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const list = url.pathname.match(/^\/repos\/acme\/contracts\/issues\/(\d+)\/comments$/);
    const one = url.pathname.match(/^\/repos\/acme\/contracts\/issues\/comments\/(\d+)$/);
    if (list && req.method === 'GET') {
      const all = this.comments.get(Number(list[1])) ?? [];
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      return send(200, all.slice((page - 1) * perPage, page * perPage));
    }
    if (list && req.method === 'POST') {
      const comment = { id: this.nextId++, body: (JSON.parse(raw) as { body: string }).body };
      this.comments.set(Number(list[1]), [...(this.comments.get(Number(list[1])) ?? []), comment]);
      return send(201, { ...comment, html_url: `https://github.example/acme/contracts/pull/${list[1]}#issuecomment-${comment.id}` });
    }
    if (one && req.method === 'PATCH') {
      for (const comments of this.comments.values()) {
        const c = comments.find((x) => x.id === Number(one[1]));
        if (c) {
          c.body = (JSON.parse(raw) as { body: string }).body;
          return send(200, { ...c, html_url: `https://github.example/c/${c.id}` });
        }
      }
      return send(404, { message: 'Not Found' });
    }
    send(404, { message: 'Not Found' });
  }

  marked(issue: number): Comment[] {
    return (this.comments.get(issue) ?? []).filter((c) => c.body.includes(DIFF_MARKER));
  }
}

const gh = new FakeGithub();
const dirs: string[] = [];

beforeAll(() => gh.start());
afterAll(() => gh.stop());
afterEach(async () => {
  gh.comments.clear();
  gh.requests = [];
  gh.failWith = null;
  gh.huge = false;
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const target = (issue = 7): GithubTarget => ({ apiUrl: gh.url, token: TOKEN, repository: 'acme/contracts', issue });

describe('sticky PR comment', () => {
  it('creates the comment once, then updates the same one without duplicating it', async () => {
    gh.seed(7, ['LGTM', 'please add tests']);
    const first = await upsertStickyComment(target(), `${DIFF_MARKER}\nfirst`, DIFF_MARKER);
    expect(first.action).toBe('created');
    const second = await upsertStickyComment(target(), `${DIFF_MARKER}\nsecond`, DIFF_MARKER);
    expect(second).toMatchObject({ action: 'updated', id: first.id });
    expect(gh.marked(7)).toEqual([{ id: first.id, body: `${DIFF_MARKER}\nsecond` }]);
    expect(gh.comments.get(7)?.map((c) => c.body.split('\n')[0])).toEqual(['LGTM', 'please add tests', DIFF_MARKER]);
  });

  it('finds the marked comment beyond the first page', async () => {
    gh.seed(
      8,
      Array.from({ length: 150 }, (_, i) => (i === 120 ? `${DIFF_MARKER}\nold` : `comment ${i}`)),
    );
    const result = await upsertStickyComment(target(8), `${DIFF_MARKER}\nnew`, DIFF_MARKER);
    expect(result.action).toBe('updated');
    expect(gh.marked(8).map((c) => c.body)).toEqual([`${DIFF_MARKER}\nnew`]);
    expect(gh.requests.filter((r) => r.method === 'GET').map((r) => r.url)).toEqual([
      '/repos/acme/contracts/issues/8/comments?per_page=100&page=1',
      '/repos/acme/contracts/issues/8/comments?per_page=100&page=2',
    ]);
  });

  it('reports API errors with their status and GitHub message, never the token', async () => {
    gh.failWith = { status: 403, message: 'Resource not accessible by integration' };
    const err = await upsertStickyComment(target(), `${DIFF_MARKER}\nx`, DIFF_MARKER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GithubError);
    expect((err as GithubError).status).toBe(403);
    expect((err as GithubError).message).toContain('403: Resource not accessible by integration');
    expect((err as GithubError).message).not.toContain(TOKEN);

    const badToken = await upsertStickyComment({ ...target(), token: 'wrong' }, `${DIFF_MARKER}\nx`, DIFF_MARKER).catch((e: unknown) => e);
    expect((badToken as GithubError).status).toBe(401);
  });

  it('refuses an oversized API answer instead of buffering it', async () => {
    gh.huge = true;
    const err = await upsertStickyComment(target(), `${DIFF_MARKER}\nx`, DIFF_MARKER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GithubError);
    expect((err as GithubError).message).toMatch(/more than the \d+ accepted/);
  });

  it('reports an unreachable API without hanging', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await upsertStickyComment({ ...target(), apiUrl: `http://127.0.0.1:${port}` }, `${DIFF_MARKER}\nx`, DIFF_MARKER).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GithubError);
    expect((err as GithubError).status).toBeNull();
    expect((err as GithubError).message).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it('reads the target from the Actions environment', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'uac-gh-'));
    dirs.push(dir);
    const event = path.join(dir, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { number: 42 } }));
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/contracts', GITHUB_EVENT_PATH: event };
    expect(await targetFromEnv(env)).toEqual({ apiUrl: 'https://api.github.com', token: TOKEN, repository: 'acme/contracts', issue: 42 });
    expect((await targetFromEnv({ ...env, GITHUB_API_URL: 'http://127.0.0.1:1/api/v3/' }, 5)).apiUrl).toBe('http://127.0.0.1:1/api/v3');
    await expect(targetFromEnv({ ...env, GITHUB_TOKEN: '' })).rejects.toThrow('GITHUB_TOKEN is not set');
    await expect(targetFromEnv({ ...env, GITHUB_REPOSITORY: 'nope' })).rejects.toThrow('not owner/name');
    await writeFile(event, JSON.stringify({ push: {} }));
    await expect(targetFromEnv(env)).rejects.toThrow('no pull request number');
  });

  it('cuts an oversized comment below GitHub’s limit and keeps the marker', () => {
    const body = `${DIFF_MARKER}\n${'| row |\n'.repeat(20_000)}`;
    const fitted = fitComment(body);
    expect(fitted.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(fitted.startsWith(DIFF_MARKER)).toBe(true);
    expect(fitted).toContain('truncated');
  });
});

describe('uac diff --comment', { timeout: 120_000 }, () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await createRepo();
    await repo.edit({ 'apis/orders.yaml': rep('name: orders_search', 'name: orders_find') });
    await repo.commit('rename search');
  });
  afterAll(() => repo?.dispose());

  it('upserts one sticky comment across runs and fails on API errors', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'uac-gh-'));
    dirs.push(dir);
    const event = path.join(dir, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { number: 3 } }));
    const env = { GITHUB_API_URL: gh.url, GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/contracts', GITHUB_EVENT_PATH: event };
    const args = ['diff', repo.contracts, '--base', 'HEAD~1', '--format', 'github', '--comment'];

    const first = await runCli(args, { env });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('PR comment created');
    expect(first.stdout).toContain('::error title=uac diff breaking%3A tool-renamed');
    const second = await runCli(args, { env });
    expect(second.stderr).toContain('PR comment updated');
    expect(gh.marked(3)).toHaveLength(1);
    expect(gh.marked(3)[0]?.body).toContain('tool-renamed');

    gh.failWith = { status: 500, message: 'Server Error' };
    const failed = await runCli(args, { env });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('could not update the PR comment');
    expect(failed.stderr).toContain('500');
    expect(failed.stderr).not.toContain(TOKEN);
  });
});
