/**
 * Every validation code of the registry (except the OpenAPI 2xx and tool
 * 350-399 ranges, owned by the importer and tool synthesis) has a fixture
 * under test/fixtures/validate/<CODE>/ that triggers it at a known place.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRepository } from '../compiler/load/index.js';
import type { Problem } from '../compiler/problems.js';
import { CODES } from '../compiler/validate/codes/index.js';
import { CHECKS, checkContext, validateContracts } from '../compiler/validate/index.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'validate');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'uac-validate-codes-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Case {
  code: string;
  file: string;
  line: number;
  column: number;
  /** Words the message must contain. */
  says: string;
  env?: string;
  /** Other codes the fixture legitimately produces. */
  also?: string[];
  /** Adds what cannot be committed (huge files, symlink loops) to the copy. */
  setup?: (dir: string) => void;
}

const CASES: Case[] = [
  { code: 'UAC001', file: 'apis/broken.yaml', line: 6, column: 1, says: 'YAML' },
  { code: 'UAC002', file: 'uac.yaml', line: 1, column: 1, says: 'no uac.yaml' },
  { code: 'UAC003', file: 'policies/p.yaml', line: 1, column: 13, says: 'uac/v2' },
  { code: 'UAC004', file: 'gw.yaml', line: 2, column: 7, says: 'Gateway' },
  { code: 'UAC005', file: 'latin1.yaml', line: 5, column: 19, says: 'not valid UTF-8' },
  {
    code: 'UAC006',
    file: 'big.yaml',
    line: 1,
    column: 1,
    says: 'over the limit',
    setup: (dir) => {
      const head = 'apiVersion: uac/v1\nkind: Policy\nmetadata:\n  name: big\nspec: {}\n# ';
      fs.writeFileSync(path.join(dir, 'big.yaml'), head + 'x'.repeat(5 * 1024 * 1024));
    },
  },
  {
    code: 'UAC007',
    file: 'loop-a.yaml',
    line: 1,
    column: 1,
    says: 'symlink loop',
    setup: (dir) => {
      fs.symlinkSync('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
      fs.symlinkSync('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
    },
  },
  { code: 'UAC008', file: 'policies.yaml', line: 7, column: 1, says: 'no apiVersion' },
  { code: 'UAC010', file: 'consumer.yaml', line: 6, column: 3, says: '`tenant`' },
  { code: 'UAC011', file: 'policy.yaml', line: 6, column: 3, says: '`failmode`' },
  { code: 'UAC012', file: 'policy.yaml', line: 7, column: 14, says: 'must be array' },
  { code: 'UAC013', file: 'policy.yaml', line: 6, column: 13, says: '"open", "closed"' },
  { code: 'UAC014', file: 'consumer.yaml', line: 7, column: 16, says: 'fewer than 1' },
  { code: 'UAC020', file: 'uac.yaml', line: 10, column: 7, says: 'second Project' },
  { code: 'UAC021', file: 'more/project.yaml', line: 2, column: 7, says: 'must be in uac.yaml' },
  { code: 'UAC022', file: 'uac.yaml', line: 1, column: 1, says: 'no `kind: Project`' },
  { code: 'UAC101', file: 'apis/orders.yaml', line: 8, column: 14, says: "'standrad'" },
  { code: 'UAC102', file: 'apis/orders.yaml', line: 9, column: 11, says: 'apis/openapi/orders.yaml' },
  { code: 'UAC103', file: 'apis/orders.yaml', line: 9, column: 11, says: 'outside the repository' },
  { code: 'UAC104', file: 'skills/triage.yaml', line: 6, column: 9, says: 'skills/triage/SKILL.md' },
  { code: 'UAC105', file: 'consumer.yaml', line: 7, column: 12, says: "'orders:raed'" },
  { code: 'UAC106', file: 'access.yaml', line: 8, column: 27, says: "'orders:admin'" },
  { code: 'UAC107', file: 'apis/orders.yaml', line: 8, column: 20, says: 'not a file' },
  { code: 'UAC108', file: 'consumers.yaml', line: 18, column: 7, says: "consumer 'first'" },
  { code: 'UAC109', file: 'api.yaml', line: 6, column: 3, says: "API 'empty'" },
  { code: 'UAC301', file: 'policy.yaml', line: 4, column: 9, says: 'Standard_Policy' },
  { code: 'UAC302', file: 'b.yaml', line: 4, column: 9, says: 'a.yaml:4' },
  { code: 'UAC303', file: 'api.yaml', line: 13, column: 20, says: 'get order!' },
  { code: 'UAC304', file: 'api.yaml', line: 10, column: 22, says: "'listOrders'" },
  { code: 'UAC305', file: 'apis.yaml', line: 17, column: 13, says: '/shop' },
  { code: 'UAC306', file: 'api.yaml', line: 10, column: 82, says: "'orders'" },
  { code: 'UAC401', file: 'policy.yaml', line: 7, column: 16, says: 'limit = 0' },
  { code: 'UAC402', file: 'policy.yaml', line: 7, column: 28, says: '"1y"' },
  { code: 'UAC403', file: 'policy.yaml', line: 6, column: 16, says: '"1zb"' },
  { code: 'UAC404', file: 'policy.yaml', line: 7, column: 15, says: '"apikey"' },
  { code: 'UAC405', file: 'policy.yaml', line: 6, column: 33, says: '"week"' },
  { code: 'UAC406', file: 'policy.yaml', line: 7, column: 23, says: "'none'" },
  { code: 'UAC407', file: 'policy.yaml', line: 8, column: 36, says: 'by consumer' },
  { code: 'UAC408', file: 'policy.yaml', line: 6, column: 21, says: 'spec.auth.jwt' },
  { code: 'UAC409', file: 'policy.yaml', line: 7, column: 28, says: "'2d'" },
  { code: 'UAC501', file: 'api.yaml', line: 7, column: 10, says: 'environment prod' },
  { code: 'UAC502', file: 'uac.yaml', line: 7, column: 5, says: "'staging'", env: 'staging' },
  { code: 'UAC503', file: 'api.yaml', line: 9, column: 22, says: 'Authorization' },
  { code: 'UAC504', file: 'api.yaml', line: 7, column: 10, says: 'ORDERS-URL' },
  { code: 'UAC505', file: 'api.yaml', line: 7, column: 10, says: 'spec.upstream.url' },
];

/** Ranges owned by the OpenAPI importer and tool synthesis; their fixtures live with that code. */
function ownedElsewhere(code: string): boolean {
  const n = Number(code.slice(3));
  return (n >= 200 && n <= 299) || (n >= 350 && n <= 399);
}

/** A temp copy of the fixture: `*.raw` files lose their suffix, then `setup` runs. */
function materialize(c: Case, name: string): string {
  const dir = path.join(work, name);
  fs.cpSync(path.join(FIXTURES, c.code), dir, { recursive: true });
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (rel.endsWith('.raw')) fs.renameSync(path.join(dir, rel), path.join(dir, rel.slice(0, -'.raw'.length)));
  }
  c.setup?.(dir);
  return dir;
}

async function problemsOf(c: Case): Promise<Problem[]> {
  const repo = await loadRepository(materialize(c, c.code));
  return [...repo.problems, ...validateContracts(repo, { env: c.env })];
}

describe('validation codes', () => {
  it.each(CASES)('$code is reported at $file:$line:$column', async (c) => {
    const problems = await problemsOf(c);
    const hits = problems.filter((p) => p.code === c.code);
    expect(hits.map(({ file, line, column }) => ({ file, line, column }))).toContainEqual({ file: c.file, line: c.line, column: c.column });
    const hit = hits.find((p) => p.file === c.file && p.line === c.line && p.column === c.column)!;
    expect(hit.message).toContain(c.says);
    expect(hit.hint).toBeTruthy();
    // The fixture triggers its code and nothing unrelated.
    const allowed = new Set([c.code, ...(c.also ?? [])]);
    expect(problems.filter((p) => !allowed.has(p.code))).toEqual([]);
  });

  it('every registered code outside 2xx and 350-399 has a fixture and a case', () => {
    const mine = CODES.map((d) => d.code).filter((code) => !ownedElsewhere(code));
    const covered = new Set(CASES.map((c) => c.code));
    expect(mine.filter((code) => !covered.has(code))).toEqual([]);
    for (const code of mine) expect(fs.existsSync(path.join(FIXTURES, code)), `fixture folder for ${code}`).toBe(true);
  });

  it('every code a check declares is registered, and each registered code is documented', () => {
    const registered = new Set(CODES.map((d) => d.code));
    for (const check of CHECKS) for (const code of check.codes) expect(registered.has(code), `${check.id} declares ${code}`).toBe(true);
    for (const def of CODES) {
      expect(def.title.length).toBeGreaterThan(3);
      expect(def.doc.length).toBeGreaterThan(10);
      expect(def.hint.length).toBeGreaterThan(5);
    }
  });

  it('each check emits only the codes it declares', async () => {
    for (const c of CASES) {
      const repo = await loadRepository(materialize(c, `${c.code}-checks`));
      const ctx = checkContext(repo, { env: c.env });
      for (const check of CHECKS) {
        for (const p of check.run(ctx)) expect(check.codes, `${check.id} on fixture ${c.code}`).toContain(p.code);
      }
    }
  });
});
