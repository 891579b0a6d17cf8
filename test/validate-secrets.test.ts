// biome-ignore-all lint/suspicious/noTemplateCurlyInString: contracts hold ${secret:…} references.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadRepository } from '../compiler/load/index.js';
import { validateContracts } from '../compiler/validate/index.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'uac-secrets-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const PROJECT = 'apiVersion: uac/v1\nkind: Project\nmetadata: { name: t }\nspec:\n  environments:\n    dev: { vars: { URL: "http://127.0.0.1:1" } }\n';
let n = 0;
const PING = { operationId: 'ping', method: 'GET', path: '/ping' };

/** UAC503 problems of an API whose upstream headers and description are given. */
async function credentialFindings(headers: Record<string, string>, description = 'Orders.'): Promise<string[]> {
  const dir = path.join(work, `r${n++}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'uac.yaml'), PROJECT);
  const api = { apiVersion: 'uac/v1', kind: 'API', metadata: { name: 'orders', description }, spec: { upstream: { url: '${var:URL}', headers }, basePath: '/orders', operations: [PING] } };
  fs.writeFileSync(path.join(dir, 'api.yaml'), stringify(api));
  const repo = await loadRepository(dir);
  const problems = [...repo.problems, ...validateContracts(repo)];
  expect(problems.filter((p) => p.code !== 'UAC503')).toEqual([]);
  return problems.filter((p) => p.code === 'UAC503').map((p) => p.message);
}

describe('credential-looking literals (UAC503)', () => {
  it.each([
    ['Authorization', 'Bearer abc123'],
    ['Authorization', 'Basic dXNlcjpwYXNz'],
    ['X-API-Key', 'hunter2'],
    ['X-Auth-Token', 'plain'],
    ['X-Signature', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['X-Custom', 'c2VjcmV0LXRva2VuLXRoYXQtaXMtbG9uZy1lbm91Z2g='],
  ])('header %s: %s', async (name, value) => {
    expect(await credentialFindings({ [name]: value })).toHaveLength(1);
  });

  it.each([
    ['an OpenAI key', 'sk-proj-abcdefghijklmnopqrstuvwxyz0123'],
    ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['an AWS key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['a password in a URL', 'https://admin:s3cret@db.example/'],
    ['a private key', '-----BEGIN RSA PRIVATE KEY-----'],
  ])('%s anywhere, even in a description', async (_what, literal) => {
    expect(await credentialFindings({}, `Use ${literal} to call it.`)).toHaveLength(1);
  });

  it('a var in a credential slot is a literal in uac.yaml', async () => {
    const [message] = await credentialFindings({ Authorization: 'Bearer ${var:URL}' });
    expect(message).toContain('through a var');
  });

  it('references and ordinary headers pass', async () => {
    expect(
      await credentialFindings({
        Authorization: 'Bearer ${secret:ORDERS_TOKEN}',
        'X-API-Key': '${secret:KEY}',
        Accept: 'application/json',
        'User-Agent': 'uac-gateway/1.0 (+https://example.com/docs)',
        'X-Tenant': 'acme',
      }),
    ).toEqual([]);
  });

  it('the consumers of the sample (sha256 of keys) and its secrets pass', async () => {
    const repo = await loadRepository(path.join(import.meta.dirname, '..', 'contracts'));
    expect(validateContracts(repo).filter((p) => p.code === 'UAC503')).toEqual([]);
  });

  it('messages never repeat the credential', async () => {
    for (const message of await credentialFindings({ Authorization: 'Bearer abc123secretvalue' }, 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789')) {
      expect(message).not.toContain('abc123secretvalue');
      expect(message).not.toContain('ghp_abcdef');
    }
  });

  it('schema and reference errors never echo a credential either', async () => {
    const dir = path.join(work, `r${n++}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'uac.yaml'), PROJECT);
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123';
    const consumer = { apiVersion: 'uac/v1', kind: 'Consumer', metadata: { name: 'c' }, spec: { tenant: 't', credentials: [{ type: 'apiKey', sha256: key }] } };
    const api = {
      apiVersion: 'uac/v1',
      kind: 'API',
      metadata: { name: 'a' },
      spec: { upstream: { url: 'http://127.0.0.1:1', headers: { Authorization: [`Bearer ${key}`], 'X-Key': `\${secret:K ${key}` } }, basePath: '/a', operations: [PING] },
    };
    fs.writeFileSync(path.join(dir, 'docs.yaml'), `${stringify(consumer)}---\n${stringify(api)}`);
    const repo = await loadRepository(dir);
    const problems = [...repo.problems, ...validateContracts(repo)];
    expect(new Set(problems.map((p) => p.code))).toEqual(new Set(['UAC012', 'UAC013', 'UAC503', 'UAC504']));
    for (const p of problems) expect(`${p.message} ${p.hint}`).not.toContain('abcdefghijklmnop');
  });
});
