import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KINDS } from '../compiler/model.js';
import { loadValidators, type Validators } from '../compiler/validate/validators.js';
import { REPO_ROOT } from './helpers/cli.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'uac-validators-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function outcome(validators: Validators, doc: unknown): unknown {
  const kind = (doc as { kind?: string }).kind;
  const fn = validators.get(KINDS.includes(kind as never) ? (kind as never) : 'Policy')!;
  const ok = fn(doc);
  return {
    ok,
    errors: (fn.errors ?? []).map((e) => [e.keyword, e.instancePath, JSON.stringify(e.params), (e.parentSchema as Record<string, unknown> | undefined)?.['x-uac-code'] ?? null]),
  };
}

/** Every contract document of the sample and of the fixtures. */
function corpus(): unknown[] {
  const docs: unknown[] = [];
  for (const root of [path.join(REPO_ROOT, 'contracts'), path.join(REPO_ROOT, 'test', 'fixtures', 'validate')]) {
    for (const rel of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!rel.endsWith('.yaml')) continue;
      for (const text of fs.readFileSync(path.join(root, rel), 'utf8').split(/^---$/m)) {
        const value = parse(text) as unknown;
        if (value && typeof value === 'object' && (value as { apiVersion?: unknown }).apiVersion === 'uac/v1') docs.push(value);
      }
    }
  }
  return docs;
}

describe('contract validators and their cache', () => {
  it('cached code gives exactly the errors of a fresh compile', () => {
    const cacheDir = path.join(work, 'equal');
    const fresh = loadValidators({ cacheDir: null });
    loadValidators({ cacheDir });
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.cjs'))).toHaveLength(1);
    const cached = loadValidators({ cacheDir });
    const docs = corpus();
    expect(docs.length).toBeGreaterThan(40);
    for (const doc of docs) expect(outcome(cached, doc)).toEqual(outcome(fresh, doc));
    const mutated = fc.record({ kind: fc.constantFrom(...KINDS), apiVersion: fc.constant('uac/v1'), metadata: fc.anything(), spec: fc.anything() });
    fc.assert(
      fc.property(mutated, (doc) => {
        expect(outcome(cached, doc)).toEqual(outcome(fresh, doc));
      }),
      { numRuns: 200 },
    );
  });

  it('a damaged cache entry is ignored and rewritten', () => {
    const cacheDir = path.join(work, 'damaged');
    loadValidators({ cacheDir });
    const [file] = fs.readdirSync(cacheDir);
    fs.writeFileSync(path.join(cacheDir, file!), 'module.exports = { Project: 42 };');
    const validators = loadValidators({ cacheDir });
    expect(validators.get('Policy')!({ apiVersion: 'uac/v1', kind: 'Policy', metadata: { name: 'p' }, spec: {} })).toBe(true);
    expect(fs.readFileSync(path.join(cacheDir, file!), 'utf8')).toContain('validate');
  });

  it('without a cache folder nothing is written', () => {
    const before = fs.readdirSync(work).sort();
    const validators = loadValidators({ cacheDir: null });
    expect(validators.size).toBe(KINDS.length);
    expect(fs.readdirSync(work).sort()).toEqual(before);
  });
});

describe('schemas/contract.schema.json (for the YAML language server)', () => {
  it('accepts every sample document and dispatches errors to the kind schema', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, discriminator: true, allErrors: true });
    ajv.addKeyword({ keyword: 'x-uac-code', schemaType: 'string' });
    const dir = path.join(REPO_ROOT, 'schemas');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.schema.json') && f !== 'bundle.schema.json')) {
      ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as object, file);
    }
    const validate = ajv.getSchema('contract.schema.json')!;
    const contracts: unknown[] = [];
    for (const rel of fs.readdirSync(path.join(REPO_ROOT, 'contracts'), { recursive: true, encoding: 'utf8' })) {
      if (!rel.endsWith('.yaml') || rel.startsWith('openapi')) continue;
      for (const text of fs.readFileSync(path.join(REPO_ROOT, 'contracts', rel), 'utf8').split(/^---$/m)) contracts.push(parse(text) as unknown);
    }
    expect(contracts.length).toBeGreaterThanOrEqual(11);
    for (const doc of contracts) expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ apiVersion: 'uac/v1', kind: 'Policy', metadata: { name: 'p' }, spec: { failMode: 'sometimes' } })).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/spec/failMode')).toBe(true);
    expect(validate({ apiVersion: 'uac/v1', kind: 'Gateway' })).toBe(false);
  });
});
