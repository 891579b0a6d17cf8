/**
 * Every diff rule through the real pipeline: fixture contracts committed in a
 * temporary Git repository, one edit committed on top, both revisions read
 * back from Git and compiled by compileRepo, then compared.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRepo } from '../compiler/build.js';
import { RULES } from '../compiler/diff/registry.js';
import { type CompileFn, compareRevisions } from '../compiler/diff/revisions.js';
import { createRepo, cut, type Edits, remove, rep, type TestRepo, write } from './fixtures/diff/git-repo.js';

const O = 'apis/orders.yaml';
const P = 'policies/standard.yaml';

/** One before/after pair per rule: the edit of the fixture that must trigger it. */
const CASES: Record<string, { subject: string; edits: Edits }> = {
  'tool-removed': { subject: 'orders_search', edits: { [O]: rep('mcp: { name: orders_search }', 'expose: { rest: true, mcp: false }') } },
  'tool-renamed': { subject: 'orders_find', edits: { [O]: rep('name: orders_search', 'name: orders_find') } },
  'tool-now-destructive': { subject: 'orders_cancel', edits: { [O]: rep('destructiveHint: false, ', '') } },
  'tool-description-changed': {
    subject: 'orders_get',
    edits: { [O]: rep('Fetch one order by id.', 'Fetch one order by id, with lines.') },
  },
  'tool-title-changed': { subject: 'orders_get', edits: { [O]: rep('title: Get an order', 'title: Show an order') } },
  'tool-annotations-changed': { subject: 'orders_cancel', edits: { [O]: rep('idempotentHint: true', 'idempotentHint: false') } },
  'tool-added': {
    subject: 'export_orders',
    edits: { [O]: rep('expose: { rest: true, mcp: false }', 'expose: { rest: true, mcp: true }') },
  },
  'prompt-removed': { subject: 'triage', edits: { 'skills/triage.yaml': cut('  prompt:') } },
  'skill-removed': { subject: 'triage', edits: { 'skills/triage.yaml': remove } },
  'skill-changed': {
    subject: 'triage',
    edits: { 'skills/triage/SKILL.md': rep('explain its status', 'explain its status in plain words') },
  },
  'input-required-added': {
    subject: 'orders_search',
    edits: { [O]: rep('name: status, in: query, schema', 'name: status, in: query, required: true, schema') },
  },
  'input-type-changed': { subject: 'orders_search', edits: { [O]: rep('type: integer, minimum: 1, maximum: 100', 'type: string') } },
  'input-enum-value-removed': {
    subject: 'orders_search',
    edits: { [O]: rep('enum: [open, shipped, cancelled] } }', 'enum: [open, shipped] } }') },
  },
  'input-constraint-narrowed': { subject: 'orders_cancel', edits: { [O]: rep('maxLength: 200', 'maxLength: 100') } },
  'input-property-removed': {
    subject: 'orders_cancel',
    edits: { [O]: rep('reason: { type: string, maxLength: 200 }', 'note: { type: string }') },
  },
  'input-changed-unclassified': { subject: 'orders_search', edits: { [O]: rep('maximum: 100 }', 'maximum: 100, not: { const: 13 } }') } },
  'input-widened': { subject: 'orders_search', edits: { [O]: rep('maximum: 100 }', 'maximum: 500 }') } },
  'output-schema-removed': {
    subject: 'orders_get',
    edits: {
      [O]: cut(
        '      response:\n        schema:\n          type: object\n          required: [id, status]',
        '      mcp: { name: orders_get',
      ),
    },
  },
  'output-property-removed': { subject: 'orders_get', edits: { [O]: cut('            lines:\n', '          $defs:') } },
  'output-property-optional': { subject: 'orders_get', edits: { [O]: rep('required: [id, status]', 'required: [id]') } },
  'output-type-changed': { subject: 'orders_get', edits: { [O]: rep('amount: { type: number }', 'amount: { type: [number, string] }') } },
  'output-enum-value-added': {
    subject: 'orders_get',
    edits: { [O]: rep('enum: [open, shipped, cancelled] }\n', 'enum: [open, shipped, cancelled, lost] }\n') },
  },
  'output-constraint-relaxed': {
    subject: 'orders_get',
    edits: { [O]: rep('qty: { type: integer, minimum: 1 }', 'qty: { type: integer }') },
  },
  'output-changed-unclassified': {
    subject: 'orders_get',
    edits: { [O]: rep('required: [id, status]\n', 'required: [id, status]\n          not: { required: [refund] }\n') },
  },
  'output-schema-added': {
    subject: 'orders_search',
    edits: {
      [O]: rep(
        '      mcp: { name: orders_search }',
        '      response:\n        schema: { type: object, properties: { items: { type: array } } }\n      mcp: { name: orders_search }',
      ),
    },
  },
  'output-narrowed': {
    subject: 'orders_get',
    edits: {
      [O]: rep(
        '            id: { type: string }\n',
        '            id: { type: string }\n            createdAt: { type: string, format: date-time }\n',
      ),
    },
  },
  'schema-docs-changed': {
    subject: 'orders_get',
    edits: { [O]: rep('description: Order id,', 'description: The order number (e.g. A-1001),') },
  },
  'route-removed': { subject: 'orders.exportOrders', edits: { [O]: cut('    - operationId: exportOrders') } },
  'route-path-changed': { subject: 'orders.exportOrders', edits: { [O]: rep('path: /export\n', 'path: /exports\n') } },
  'route-method-changed': {
    subject: 'orders.exportOrders',
    edits: { [O]: rep('method: GET\n      path: /export\n', 'method: POST\n      path: /export\n') },
  },
  'route-params-moved': {
    subject: 'orders.searchOrders',
    edits: { [O]: rep('{ name: limit, in: query,', '{ name: limit, in: header,') },
  },
  'llm-route-removed': { subject: 'chat', edits: { 'llm/chat.yaml': rep('models: [gpt-4o-mini, gpt-4o]', 'models: [gpt-4o-mini]') } },
  'route-upstream-changed': { subject: 'orders.getOrder', edits: { [O]: rep('timeout: 5s', 'timeout: 8s') } },
  'route-policies-changed': {
    subject: 'orders.getOrder',
    edits: { [O]: rep('      mcp: { name: orders_get,', '      policies: [standard, strict]\n      mcp: { name: orders_get,') },
  },
  'route-added': {
    subject: 'orders.refundOrder',
    edits: {
      [O]: (t) =>
        `${t}    - operationId: refundOrder\n      method: POST\n      path: /{id}/refund\n      description: Refund an order.\n      parameters:\n        - { name: id, in: path, required: true, schema: { type: string } }\n      expose: { rest: true, mcp: false }\n`,
    },
  },
  'auth-scope-added': { subject: 'standard', edits: { [P]: rep('scopes: ["orders:read"]', 'scopes: ["orders:read", "orders:admin"]') } },
  'auth-method-changed': { subject: 'standard', edits: { [P]: rep('methods: [apiKey, jwt]', 'methods: [jwt]') } },
  'auth-removed': {
    subject: 'strict',
    edits: { [P]: rep('auth: { methods: [jwt], scopes: ["orders:write"] }', 'auth: { methods: [jwt] }') },
  },
  'auth-config-changed': { subject: 'auth', edits: { 'uac.yaml': rep('issuer: "https://id.example"', 'issuer: "https://login.example"') } },
  'rate-limit-lowered': { subject: 'standard', edits: { [P]: rep('limit: 100, window: 1m', 'limit: 50, window: 1m') } },
  'token-budget-lowered': { subject: 'llm', edits: { [P]: rep('tokens: { limit: 100000', 'tokens: { limit: 50000') } },
  'quota-lowered': { subject: 'standard', edits: { [P]: rep('quota: { limit: 100000', 'quota: { limit: 50000') } },
  'body-limit-lowered': {
    subject: 'standard',
    edits: {
      [P]: rep(
        '  failMode: closed\n---\napiVersion: uac/v1\nkind: Policy\nmetadata: { name: strict }',
        '  maxBodySize: 16kb\n  failMode: closed\n---\napiVersion: uac/v1\nkind: Policy\nmetadata: { name: strict }',
      ),
    },
  },
  'fail-mode-changed': {
    subject: 'strict',
    edits: {
      [P]: rep(
        'by: consumer }\n  failMode: closed\n---\napiVersion: uac/v1\nkind: Policy\nmetadata: { name: llm }',
        'by: consumer }\n  failMode: open\n---\napiVersion: uac/v1\nkind: Policy\nmetadata: { name: llm }',
      ),
    },
  },
  'auth-method-added': { subject: 'strict', edits: { [P]: rep('methods: [jwt], scopes', 'methods: [jwt, mtls], scopes') } },
  'consumer-removed': { subject: 'reporting', edits: { 'consumers/reporting.yaml': remove } },
  'consumer-scopes-changed': {
    subject: 'reporting',
    edits: { 'consumers/reporting.yaml': rep('scopes: ["orders:read"]', 'scopes: ["orders:read", "orders:write"]') },
  },
  'consumer-tenant-changed': { subject: 'reporting', edits: { 'consumers/reporting.yaml': rep('tenant: globex', 'tenant: initech') } },
  'consumer-limits-lowered': {
    subject: 'reporting',
    edits: { 'consumers/reporting.yaml': (t) => `${t}  limits:\n    rateLimit:\n      - { limit: 5, window: 1m }\n` },
  },
  'consumer-credentials-changed': {
    subject: 'reporting',
    edits: { 'consumers/reporting.yaml': rep('subject: reporting-client', 'subject: reporting-client-v2') },
  },
  'consumer-added': {
    subject: 'new-bot',
    edits: {
      'consumers/new-bot.yaml': write(
        'apiVersion: uac/v1\nkind: Consumer\nmetadata: { name: new-bot }\nspec:\n  tenant: acme\n  scopes: ["orders:read"]\n  credentials:\n    - { type: jwt, subject: new-bot }\n',
      ),
    },
  },
  'client-tools-near-limit': {
    subject: 'tools/list',
    edits: {
      'uac.yaml': rep('maxTools: 10', 'maxTools: 4'),
      [O]: rep('expose: { rest: true, mcp: false }', 'expose: { rest: true, mcp: true }'),
    },
  },
  'tools-list-cost-changed': {
    subject: 'tools/list',
    edits: { [O]: rep('Search orders by status.', 'Search orders by status, newest first, at most `limit` of them.') },
  },
};

let repo: TestRepo;
const compileCache = new Map<string, Awaited<ReturnType<CompileFn>>>();

/** compileRepo, memoized by the folder's content: the base tree is the same in every case. */
const compile: CompileFn = async (dir, opts) => {
  const key = `${opts.env ?? ''}:${await treeHash(dir)}`;
  const hit = compileCache.get(key);
  if (hit) return hit;
  const result = await compileRepo(dir, opts);
  compileCache.set(key, result);
  return result;
};

async function treeHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const f of files)
    hash
      .update(path.relative(dir, f))
      .update('\0')
      .update(await readFile(f))
      .update('\0');
  return hash.digest('hex');
}

beforeAll(async () => {
  repo = await createRepo();
});

afterAll(async () => {
  await repo?.dispose();
});

describe('uac diff rules on real Git revisions', () => {
  it('has a fixture pair for every rule in the registry', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  for (const [ruleId, c] of Object.entries(CASES)) {
    it(ruleId, async () => {
      await repo.git('checkout', '-q', '-f', '--detach', 'base');
      await repo.git('clean', '-qfd');
      await repo.edit(c.edits);
      await repo.commit(`change for ${ruleId}`);
      const { report } = await compareRevisions({ dir: repo.contracts, base: 'HEAD~1', head: 'HEAD', failOn: 'breaking', compile });
      expect(report.status, JSON.stringify(report.head.problems, null, 1)).toBe('compared');
      const rule = RULES.find((r) => r.id === ruleId)!;
      const hit = report.findings.find((f) => f.rule === ruleId && f.subject === c.subject);
      expect(hit, JSON.stringify(report.findings.map((f) => [f.rule, f.subject, f.message]))).toMatchObject({
        rule: ruleId,
        level: rule.level,
        category: rule.category,
      });
      expect(report.failed).toBe(report.findings.some((f) => f.level === 'breaking'));
    });
  }
});
