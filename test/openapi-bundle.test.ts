/**
 * Multi-file OpenAPI documents, bundled by @redocly/openapi-core through the
 * repository sandbox: refusals and unresolvable references are located at
 * the `$ref` in the file that holds it, problems inside referenced files are
 * located in those files, and a split document compiles to the same tools as
 * the same document in one file. Plus the structural lint (UAC212).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileRepo } from '../compiler/build.js';
import type { Problem } from '../compiler/problems.js';
import { CODES } from '../compiler/validate/codes/index.js';
import { apiDoc, openapi, withParams, writeRepo } from './fixtures/openapi/repo.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const dir = writeRepo(files, 'uac-oa-bundle-');
  dirs.push(dir);
  return dir;
}

function only(problems: Problem[], code: string): Problem {
  const found = problems.filter((p) => p.code === code);
  expect(found, JSON.stringify(problems, null, 1)).toHaveLength(1);
  return found[0]!;
}

describe('multi-file OpenAPI: problems located in the file holding the $ref', () => {
  it('UAC204: a pointer missing in the referenced file, located at the $ref of the referencing file', async () => {
    const { problems } = await compileRepo(
      repo(withParams('Limit: { name: limit, in: query, schema: { $ref: "schemas.yaml#/Missing" } }\n', { 'oa/parts/schemas.yaml': 'Count: { type: integer }\n' })),
    );
    const p = only(problems, 'UAC204');
    expect(p).toMatchObject({ file: 'oa/parts/params.yaml', line: 1, column: 50, severity: 'error' });
    expect(p.message).toContain('schemas.yaml#/Missing');
  });

  it('UAC204: a URL in a referenced file is never fetched', async () => {
    const { problems } = await compileRepo(repo(withParams('Limit:\n  name: limit\n  in: query\n  schema: { $ref: "https://example.com/s.yaml#/X" }\n')));
    const p = only(problems, 'UAC204');
    expect(p).toMatchObject({ file: 'oa/parts/params.yaml', line: 4, column: 19 });
    expect(p.message).toContain('is a URL');
  });

  it('UAC103: a referenced file reaching outside the repository, at its $ref', async () => {
    const { problems } = await compileRepo(repo(withParams('Limit: { name: limit, in: query, schema: { $ref: "../../../../etc/passwd#/x" } }\n')));
    expect(only(problems, 'UAC103')).toMatchObject({ file: 'oa/parts/params.yaml', line: 1, column: 50 });
  });

  it('UAC103: a symlink pointing outside the repository is not followed', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'uac-oa-outside-'));
    dirs.push(outside);
    fs.writeFileSync(path.join(outside, 'params.json'), '{"Limit": {"name": "limit", "in": "query"}}');
    const dir = repo(withParams('{}', {}, 'params.json'));
    fs.rmSync(path.join(dir, 'oa/parts/params.json'));
    fs.symlinkSync(path.join(outside, 'params.json'), path.join(dir, 'oa/parts/params.json'));
    const { problems } = await compileRepo(dir);
    const p = only(problems, 'UAC103');
    expect(p).toMatchObject({ file: 'oa/main.yaml', line: 8, column: 17 });
    expect(p.message).toContain('symlink');
  });

  it('UAC102: a referenced file that does not exist', async () => {
    const dir = repo(withParams(''));
    fs.rmSync(path.join(dir, 'oa/parts/params.yaml'));
    const { problems } = await compileRepo(dir);
    expect(only(problems, 'UAC102')).toMatchObject({ file: 'oa/main.yaml', line: 8, column: 17 });
  });

  it('UAC006 and UAC005: over-size and non-UTF-8 referenced files are refused at the $ref', async () => {
    const big = repo(withParams('{}', {}, 'params.json'));
    fs.writeFileSync(path.join(big, 'oa/parts/params.json'), `{"Limit": {"name": "limit", "in": "query", "description": "${'x'.repeat(33 * 1024 * 1024)}"}}`);
    expect(only((await compileRepo(big)).problems, 'UAC006')).toMatchObject({ file: 'oa/main.yaml', line: 8, column: 17 });
    const latin1 = repo(withParams('{}', {}, 'params.json'));
    fs.writeFileSync(path.join(latin1, 'oa/parts/params.json'), Buffer.from('{"Limit": {"name": "limit", "in": "query", "description": "caf\xe9"}}', 'latin1'));
    const problems = (await compileRepo(latin1)).problems;
    expect(problems.map((p) => p.code)).toEqual(['UAC005']);
    expect(problems[0]).toMatchObject({ file: 'oa/main.yaml', line: 8, column: 17 });
    expect(problems[0]!.message).toContain('oa/parts/params.json:1:');
  });

  it('UAC201: a syntax error in a referenced file, located in that file', async () => {
    const { problems } = await compileRepo(repo(withParams('Limit: { name: limit, in: query\nother: [\n')));
    expect(only(problems, 'UAC201').file).toBe('oa/parts/params.yaml');
    expect(problems.filter((p) => p.code === 'UAC204')).toEqual([]);
  });

  it('UAC207: an operation of a path item in another file is located there', async () => {
    const { problems } = await compileRepo(
      repo({
        'api.yaml': apiDoc({ openapi: 'oa/main.yaml' }),
        'oa/main.yaml': openapi(`  /things/{id}:\n    $ref: 'paths/thing.yaml'\n`),
        'oa/paths/thing.yaml': `get:\n  operationId: getThing\n  responses: { '200': { description: ok } }\n`,
      }),
    );
    expect(only(problems, 'UAC207')).toMatchObject({ file: 'oa/paths/thing.yaml', line: 1, column: 1 });
  });

  it('UAC205: parameters in two files referring to each other', async () => {
    const { problems } = await compileRepo(
      repo(withParams('Limit: { $ref: "other.yaml#/Other" }\n', { 'oa/parts/other.yaml': 'Other: { $ref: "params.yaml#/Limit" }\n' })),
    );
    expect(only(problems, 'UAC205')).toMatchObject({ file: 'oa/main.yaml', line: 1, column: 1 });
  });
});

describe('multi-file OpenAPI: what is compiled', () => {
  const paths = `  /things/{id}:
    parameters:
      - { name: id, in: path, required: true, schema: { type: string } }
    put:
      operationId: putThing
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } }
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { $ref: '#/components/schemas/Tree' } } }
`;
  const schemas = `Thing:
  type: object
  required: [name]
  properties:
    name: { type: string, minLength: 1 }
    count: { type: integer, nullable: true }
Tree:
  type: object
  properties:
    label: { type: string }
    children: { type: array, items: { $ref: '#/Tree' } }
`;

  it('a document split over files compiles to the same tools and routes as in one file', async () => {
    const indent = (text: string) => text.replace(/^/gm, '    ').replace(/\s+$/, '\n');
    const single = await compileRepo(
      repo({
        'api.yaml': apiDoc({ openapi: 'openapi.yaml' }),
        'openapi.yaml': openapi(paths, `  schemas:\n${indent(schemas.replace("'#/Tree'", "'#/components/schemas/Tree'"))}`, '3.0.3'),
      }),
    );
    const split = await compileRepo(
      repo({
        'api.yaml': apiDoc({ openapi: 'oa/openapi.yaml' }),
        'oa/openapi.yaml': openapi(paths.replaceAll('#/components/schemas/', 'schemas/all.yaml#/'), '', '3.0.3'),
        'oa/schemas/all.yaml': schemas,
      }),
    );
    expect(single.problems).toEqual([]);
    expect(split.problems).toEqual([]);
    expect(split.bundle!.tools).toEqual(single.bundle!.tools);
    expect(split.bundle!.routes).toEqual(single.bundle!.routes);
  });

  it('a whole-file $ref names its definition after the file', async () => {
    const { bundle, problems } = await compileRepo(
      repo({
        'api.yaml': apiDoc({ openapi: 'openapi.yaml' }),
        'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { type: object, properties: { w: { $ref: 'widget.json' } } } } }
`),
        'widget.json': '{"type": "object", "properties": {"id": {"type": "string"}}}',
      }),
    );
    expect(problems).toEqual([]);
    expect(bundle!.tools[0]!.outputSchema).toMatchObject({ properties: { w: { $ref: '#/$defs/widget' } }, $defs: { widget: { type: 'object' } } });
  });

  it("an example's externalValue file is text, not a document to parse", async () => {
    const { bundle, problems } = await compileRepo(
      repo(
        withParams('Limit: { name: limit, in: query, examples: { one: { externalValue: "limit.txt" } } }\n', {
          'oa/parts/limit.txt': 'ten: [ not yaml\n',
        }),
      ),
    );
    expect(problems).toEqual([]);
    expect(bundle!.routes[0]!.params[0]).toMatchObject({ name: 'limit' });
  });

  it('any $ref text in a referenced file gives located problems with registered codes, never a crash', async () => {
    const codes = new Set(CODES.map((c) => c.code));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('#', '#/', '../x.yaml', 'params.yaml', 'params.yaml#/Limit', '#/Limit', '/etc/passwd', 'a:b', '%zz#/~2')),
        async (ref) => {
          const { problems } = await compileRepo(repo(withParams(`Limit: { name: limit, in: query, schema: { $ref: ${JSON.stringify(ref)} } }\n`)));
          for (const p of problems) {
            expect(codes.has(p.code)).toBe(true);
            expect(['oa/main.yaml', 'oa/parts/params.yaml']).toContain(p.file);
            expect(p.line).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('UAC212: structural lint of OpenAPI documents', () => {
  const fixture = path.join(import.meta.dirname, 'fixtures/openapi/uac212');

  it('reports struct and enum errors in the root and the referenced file when asked (uac validate)', async () => {
    const { problems } = await compileRepo(fixture, { openapiLint: true });
    const lint = problems.filter((p) => p.code === 'UAC212');
    expect(lint.map(({ file, line, column }) => ({ file, line, column }))).toEqual([
      { file: 'oa/openapi.yaml', line: 7, column: 7 },
      { file: 'oa/openapi.yaml', line: 9, column: 47 },
      { file: 'oa/schemas.yaml', line: 5, column: 37 },
    ]);
    expect(lint[0]!.message).toContain('summry');
    expect(lint[2]!.message).toContain('no-enum-type-mismatch');
    expect(lint.every((p) => p.severity === 'error')).toBe(true);
  });

  it('is not run by a build (it costs seconds on large documents)', async () => {
    const { bundle, problems } = await compileRepo(fixture);
    expect(problems.filter((p) => p.code === 'UAC212')).toEqual([]);
    expect(bundle?.tools.map((t) => t.name)).toEqual(['list_things']);
  });

  it('finds nothing in the sample contracts', async () => {
    const { problems } = await compileRepo(path.join(import.meta.dirname, '..', 'contracts'), { openapiLint: true });
    expect(problems.filter((p) => p.code === 'UAC212')).toEqual([]);
  });
});
