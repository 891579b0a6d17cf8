/**
 * action.yml and the example workflow: validated with @action-validator/core,
 * checked for structure and script injection, and the diff step's own bash
 * script run for real against a temporary repository and a fake GitHub API.
 */
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DIFF_MARKER } from '../compiler/diff/render/markdown.js';
import { createRepo, rep, type TestRepo } from './fixtures/diff/git-repo.js';
import { REPO_ROOT } from './helpers/cli.js';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; steps: Step[] };
}

const actionText = () => readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8');

describe('action.yml', () => {
  it('is a valid composite action and the example workflow a valid workflow', async () => {
    expect(validateAction(await actionText()).errors).toEqual([]);
    const workflow = await readFile(path.join(REPO_ROOT, 'docs/examples/contracts-workflow.yml'), 'utf8');
    expect(validateWorkflow(workflow).errors).toEqual([]);
    expect(workflow).toContain('fetch-depth: 0');
    expect(workflow).toContain('pull-requests: write');
  });

  it('validates, diffs on PRs with the sticky comment, builds, signs and uploads on the default branch', async () => {
    const action = parse(await actionText()) as Action;
    expect(action.runs.using).toBe('composite');
    const steps = action.runs.steps;
    const find = (word: string) => steps.find((s) => s.run?.includes(word) || s.uses?.includes(word));
    expect(find('" validate ')?.run).toContain('--format github');
    const diff = find('" diff ');
    expect(diff?.if).toContain("github.event_name == 'pull_request'");
    expect(diff?.run).toContain('--comment');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
    expect(diff?.env?.GITHUB_TOKEN).toBe('${{ inputs.github-token }}');
    const build = find('" build ');
    expect(build?.if).toContain('github.event.repository.default_branch');
    expect(build?.run).toContain('--sign');
    expect(find('actions/upload-artifact')?.if).toBe("steps.build.outcome == 'success'");
  });

  it('never interpolates inputs or event data into scripts (only through env)', async () => {
    const action = parse(await actionText()) as Action;
    for (const step of action.runs.steps) {
      if (step.run) expect(step.run, step.name).not.toMatch(/\$\{\{/);
      for (const value of Object.values(step.env ?? {})) {
        const refs = [...value.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1] ?? '');
        for (const ref of refs) expect(Object.keys(action.inputs), ref).toContain(ref);
      }
    }
  });
});

describe('the diff step of action.yml', { timeout: 120_000 }, () => {
  let repo: TestRepo;
  let server: Server;
  let apiUrl = '';
  const posted: string[] = [];

  beforeAll(async () => {
    repo = await createRepo();
    await repo.git('branch', '-m', 'main');
    await repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    await repo.git('checkout', '-q', '-b', 'feature');
    await repo.edit({ 'apis/orders.yaml': rep('Fetch one order by id.', 'Fetch one order.') });
    await repo.commit('reword');
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
        if (req.method === 'POST') posted.push((JSON.parse(body) as { body: string }).body);
        res.end(req.method === 'GET' ? '[]' : JSON.stringify({ id: 1 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await repo?.dispose();
  });

  it('runs as written: diffs against origin/<base branch>, annotates and posts the comment', async () => {
    const action = parse(await actionText()) as Action;
    const step = action.runs.steps.find((s) => s.run?.includes('" diff '));
    const event = path.join(repo.root, '..', `event-${path.basename(repo.root)}.json`);
    await writeFile(event, JSON.stringify({ pull_request: { number: 9 } }));
    try {
      const { stdout, stderr } = await promisify(execFile)('bash', ['-e', '-c', step?.run ?? 'exit 99'], {
        cwd: repo.root,
        env: {
          PATH: process.env.PATH,
          HOME: repo.root,
          // Run the CLI from source, as the other CLI tests do (the action itself runs dist/).
          NODE_OPTIONS: `--import ${pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href}`,
          UAC_CLI: path.join(REPO_ROOT, 'cli/main.ts'),
          UAC_PATH: 'contracts',
          UAC_ENVIRONMENT: '',
          UAC_BASE: '',
          UAC_FAIL_ON: 'breaking',
          UAC_COMMENT: 'true',
          BASE_BRANCH: 'main',
          GITHUB_TOKEN: 'test-token',
          GITHUB_API_URL: apiUrl,
          GITHUB_REPOSITORY: 'acme/contracts',
          GITHUB_EVENT_PATH: event,
          NO_COLOR: '1',
        },
      });
      expect(stdout).toMatch(/^::warning title=uac diff warning%3A tool-description-changed::/m);
      expect(stderr).toContain('PR comment created');
      expect(posted).toHaveLength(1);
      expect(posted[0]?.startsWith(DIFF_MARKER)).toBe(true);
    } finally {
      await rm(event, { force: true });
    }
  });
});
