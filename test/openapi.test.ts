import { createHash } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../bundle/types.js';
import { compileRepo, serializeBundle } from '../compiler/build.js';
import type { Problem } from '../compiler/problems.js';
import { apiDoc, openapi, writeRepo } from './fixtures/openapi/repo.js';

/** Reads a nested member of an open JSON value by path. */
function dig(value: unknown, ...path: string[]): unknown {
  let cur = value;
  for (const k of path) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

async function compile(files: Record<string, string>): Promise<{ bundle: Bundle | null; problems: Problem[] }> {
  return compileRepo(writeRepo(files));
}

function only(problems: Problem[], code: string): Problem {
  const found = problems.filter((p) => p.code === code);
  expect(found, JSON.stringify(problems, null, 1)).toHaveLength(1);
  return found[0]!;
}

const GET_OK = `      responses: { '200': { description: ok } }\n`;

function strictAjv() {
  return new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, validateFormats: false, allErrors: true });
}

describe('OpenAPI import: codes with file, line and column', () => {
  it('UAC201: syntax error in a JSON OpenAPI file (YAML files are already checked by the loader)', async () => {
    const { bundle, problems } = await compile({
      'api.yaml': apiDoc({ openapi: 'openapi.json' }),
      'openapi.json': '{\n  "openapi": "3.1.0",\n  "paths": {\n    "/a" {}\n  }\n}\n',
    });
    expect(bundle).toBeNull();
    expect(only(problems, 'UAC201')).toMatchObject({ file: 'openapi.json', line: 4, column: 10, severity: 'error' });
  });

  it('UAC202: not an OpenAPI 3.x document', async () => {
    const { problems } = await compile({ 'api.yaml': apiDoc(), 'openapi.yaml': 'info: { title: t }\nopenapi: 4.0.0\npaths: {}\n' });
    expect(only(problems, 'UAC202')).toMatchObject({ file: 'openapi.yaml', line: 2, column: 10 });
  });

  it('UAC203: Swagger 2.0 is rejected with a conversion hint', async () => {
    const { problems } = await compile({ 'api.yaml': apiDoc(), 'openapi.yaml': 'swagger: "2.0"\ninfo: { title: t, version: "1" }\npaths: {}\n' });
    const p = only(problems, 'UAC203');
    expect(p).toMatchObject({ file: 'openapi.yaml', line: 1, column: 10 });
    expect(p.hint).toContain('swagger2openapi');
  });

  it('UAC204: a $ref to a missing pointer, located at the $ref', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Missing' }
`),
    });
    expect(only(problems, 'UAC204')).toMatchObject({ file: 'openapi.yaml', line: 12, column: 31 });
  });

  it('UAC204: a $ref to a URL is never fetched', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
      parameters:
        - $ref: 'https://example.com/params.yaml#/Id'
${GET_OK}`),
    });
    expect(only(problems, 'UAC204')).toMatchObject({ file: 'openapi.yaml', line: 8, column: 17 });
  });

  it('a $ref to a file outside the repository is refused (UAC103) at the $ref', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
      parameters:
        - $ref: '../../../etc/passwd#/x'
${GET_OK}`),
    });
    expect(only(problems, 'UAC103')).toMatchObject({ file: 'openapi.yaml', line: 8, column: 17 });
  });

  it('UAC205: parameters referring to each other in a loop', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(
        `  /a:
    get:
      operationId: getA
      parameters:
        - $ref: '#/components/parameters/A'
${GET_OK}`,
        `  parameters:
    A: { $ref: '#/components/parameters/B' }
    B: { $ref: '#/components/parameters/A' }
`,
      ),
    });
    expect(only(problems, 'UAC205')).toMatchObject({ file: 'openapi.yaml', line: 8, column: 17 });
  });

  it('UAC205: a schema that is only a reference to itself', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(
        `  /a:
    post:
      operationId: postA
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Loop' }
${GET_OK}`,
        `  schemas:
    Loop: { $ref: '#/components/schemas/Loop' }
`,
      ),
    });
    expect(only(problems, 'UAC205')).toMatchObject({ file: 'openapi.yaml', line: 10, column: 29 });
  });

  it('UAC206: duplicate operationId, located at the second one', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: same
${GET_OK}  /b:
    get:
      operationId: same
${GET_OK}`),
    });
    expect(only(problems, 'UAC206')).toMatchObject({ file: 'openapi.yaml', line: 10, column: 20 });
  });

  it('UAC207: a path variable without a path parameter', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a/{id}:
    get:
      operationId: getA
${GET_OK}`),
    });
    expect(only(problems, 'UAC207')).toMatchObject({ file: 'openapi.yaml', line: 5, column: 5 });
  });

  it('UAC208: an override naming no imported operation, located in the API document', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc({ extra: '  operations:\n    - operationId: nope\n      policies: []\n' }),
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
${GET_OK}`),
    });
    expect(only(problems, 'UAC208')).toMatchObject({ file: 'api.yaml', line: 9, column: 20 });
  });

  it('UAC209 (warning): include names an unknown operationId; the build still succeeds', async () => {
    const api = apiDoc().replace('openapi: { path: openapi.yaml }', 'openapi: { path: openapi.yaml, include: { operationIds: [getA, ghost] } }');
    const { bundle, problems } = await compile({
      'api.yaml': api,
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
${GET_OK}`),
    });
    expect(only(problems, 'UAC209')).toMatchObject({ file: 'api.yaml', line: 7, column: 66, severity: 'warning' });
    expect(bundle?.tools.map((t) => t.name)).toEqual(['get_a']);
  });

  it('UAC210 (warning): an operation needing a cookie is skipped', async () => {
    const { bundle, problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
      parameters: [{ name: session, in: cookie, required: true, schema: { type: string } }]
${GET_OK}  /b:
    get:
      operationId: getB
${GET_OK}`),
    });
    expect(only(problems, 'UAC210')).toMatchObject({ file: 'openapi.yaml', line: 5, column: 5, severity: 'warning' });
    expect(bundle?.routes.map((r) => r.id)).toEqual(['svc.getB']);
  });
});

describe('hostile depth', () => {
  it('UAC211: schemas nested deeper than the limit; deep example values are dropped, never a crash', async () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 300; i++) deep = { type: 'array', items: deep };
    // Built as text: JSON.stringify itself would overflow the stack on it.
    const DEEP_VALUE = `${'['.repeat(20000)}1${']'.repeat(20000)}`;
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/a': { get: { operationId: 'getA', parameters: [{ name: 'q', in: 'query', schema: deep }], responses: { '200': { description: 'ok' } } } },
        '/b': { get: { operationId: 'getB', parameters: [{ name: 'q', in: 'query', schema: { type: 'array', default: 'DEEP' } }], responses: { '200': { description: 'ok' } } } },
      },
    };
    const { problems } = await compile({ 'api.yaml': apiDoc({ openapi: 'openapi.json' }), 'openapi.json': JSON.stringify(doc) });
    const p = only(problems, 'UAC211');
    expect(p.file).toBe('openapi.json');
    expect(p.line).toBe(1);
    expect(p.column).toBeGreaterThan(1);

    const onlyB = { ...doc, paths: { '/b': doc.paths['/b'] } };
    const b = await compile({ 'api.yaml': apiDoc({ openapi: 'openapi.json' }), 'openapi.json': JSON.stringify(onlyB).replace('"DEEP"', DEEP_VALUE) });
    expect(b.problems.filter((x) => x.severity === 'error')).toEqual([]);
    expect(dig(b.bundle!.tools[0]!.inputSchema, 'properties', 'q')).toEqual({ type: 'array' });
  });
});

describe('hostile names', () => {
  it('keeps a parameter and a property named __proto__ as ordinary names', async () => {
    const { bundle, problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a:
    post:
      operationId: postA
      parameters: [{ name: __proto__, in: query, schema: { type: string } }]
      requestBody:
        content: { application/json: { schema: { type: object, properties: { __proto__: { type: integer } } } } }
${GET_OK}`),
    });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const input = bundle!.tools[0]!.inputSchema;
    expect(Object.keys(dig(input, 'properties') as object)).toEqual(['__proto__', 'body']);
    expect(Object.hasOwn(dig(input, 'properties', 'body', 'properties') as object, '__proto__')).toBe(true);
    expect(serializeBundle(bundle!)).toContain('"__proto__":{"type":"string"}');
  });
});

describe('routes: codes', () => {
  it('UAC357: a hand-written operation on the method and path of an imported one', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc({ extra: '  operations:\n    - { operationId: other, method: GET, path: "/a/{key}" }\n' }),
      'openapi.yaml': openapi(`  /a/{id}:
    get:
      operationId: getA
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
${GET_OK}`),
    });
    expect(only(problems, 'UAC357')).toMatchObject({ file: 'api.yaml', line: 9, column: 7 });
  });

  it('UAC207: a header parameter whose name is not an HTTP token', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
      parameters: [{ name: "X Bad", in: header, schema: { type: string } }]
${GET_OK}`),
    });
    expect(only(problems, 'UAC207')).toMatchObject({ file: 'openapi.yaml', line: 7, column: 28 });
  });
});

describe('UAC213: reserved header parameters are dropped', () => {
  it('OpenAPI: X-API-Key and Host become no route param (warning at the name); Authorization is dropped silently', async () => {
    const { bundle, problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
      parameters:
        - { name: X-API-Key, in: header, required: true, schema: { type: string } }
        - { name: Authorization, in: header, schema: { type: string } }
        - { name: Host, in: header, schema: { type: string } }
        - { name: X-Trace, in: header, schema: { type: string } }
${GET_OK}`),
    });
    const found = problems.filter((p) => p.code === 'UAC213');
    expect(found.map((p) => [p.file, p.line, p.column, p.severity])).toEqual([
      ['openapi.yaml', 8, 19, 'warning'],
      ['openapi.yaml', 10, 19, 'warning'],
    ]);
    expect(found[0]?.message).toContain('X-API-Key');
    expect(bundle?.routes[0]?.params.map((p) => p.name)).toEqual(['X-Trace']);
    const tool = bundle?.tools[0];
    expect(Object.keys((tool?.inputSchema['properties'] ?? {}) as object)).not.toContain('X-API-Key');
  });

  it('hand-written operation: a Cookie header parameter is dropped with a warning at its name', async () => {
    const { bundle, problems } = await compile({
      'api.yaml': `apiVersion: uac/v1
kind: API
metadata: { name: svc }
spec:
  upstream: { url: "\${var:UP}" }
  basePath: /svc
  operations:
    - operationId: getThing
      method: GET
      path: /thing
      parameters:
        - { name: q, in: query, schema: { type: string } }
        - { name: cookie, in: header, schema: { type: string } }
`,
    });
    expect(only(problems, 'UAC213')).toMatchObject({ file: 'api.yaml', line: 13, column: 19, severity: 'warning' });
    expect(bundle?.routes[0]?.params.map((p) => p.name)).toEqual(['q']);
  });
});

describe('hand-written operations: codes', () => {
  it('UAC358: a contract schema that is not JSON Schema 2020-12', async () => {
    const { problems } = await compile({
      'api.yaml': `apiVersion: uac/v1
kind: API
metadata: { name: svc }
spec:
  upstream: { url: "\${var:UP}" }
  basePath: /svc
  operations:
    - operationId: getThing
      method: GET
      path: /thing
      response: { schema: { type: object, properties: { n: { minimum: "1" } } } }
`,
    });
    expect(only(problems, 'UAC358')).toMatchObject({ file: 'api.yaml', line: 11, column: 27 });
  });
});

describe('tool names and limits: codes', () => {
  it('UAC350: more tools than clients.maxTools', async () => {
    const { problems } = await compile({
      'uac.yaml': `apiVersion: uac/v1
kind: Project
metadata: { name: fixture }
spec:
  environments:
    dev: { vars: { UP: "http://127.0.0.1:4010" } }
  clients: { maxTools: 1 }
`,
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
${GET_OK}  /b:
    get:
      operationId: getB
${GET_OK}`),
    });
    expect(only(problems, 'UAC350')).toMatchObject({ file: 'uac.yaml', line: 7, column: 24 });
  });

  it('UAC351: an invalid x-mcp.name falls back to the derived name', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
      x-mcp: { name: "bad name!" }
${GET_OK}`),
    });
    expect(only(problems, 'UAC351')).toMatchObject({ file: 'openapi.yaml', line: 7, column: 22 });
  });

  it('UAC352: two x-mcp names clash', async () => {
    const { problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
      x-mcp: { name: same }
${GET_OK}  /b:
    get:
      operationId: getB
      x-mcp: { name: same }
${GET_OK}`),
    });
    expect(only(problems, 'UAC352')).toMatchObject({ file: 'openapi.yaml', line: 12, column: 22 });
  });

  it('UAC353 (info): over-long and colliding derived names get stable hash suffixes', async () => {
    const long = `get${'VeryLong'.repeat(10)}Thing`;
    const files = {
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /long:
    get:
      operationId: ${long}
${GET_OK}  /x:
    get:
      operationId: list_items
${GET_OK}  /y:
    get:
      operationId: listItems
${GET_OK}`),
    };
    const { bundle, problems } = await compile(files);
    const infos = problems.filter((p) => p.code === 'UAC353');
    expect(infos.map((p) => [p.severity, p.file, p.line, p.column])).toEqual([
      ['info', 'openapi.yaml', 5, 5],
      ['info', 'openapi.yaml', 9, 5],
      ['info', 'openapi.yaml', 13, 5],
    ]);
    const names = bundle!.tools.map((t) => t.name);
    expect(new Set(names).size).toBe(3);
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
    expect(names.filter((n) => n.startsWith('list_items_'))).toHaveLength(2);
    // Stable: the same input gives the same names.
    const again = await compile(files);
    expect(again.bundle!.tools.map((t) => t.name)).toEqual(names);
  });
});

const SKILL_DOC = (tools: string, extra = '') => `apiVersion: uac/v1
kind: Skill
metadata: { name: helper }
spec:
  path: skills/helper
  tools: [${tools}]
${extra}`;

describe('skills: codes', () => {
  const base = {
    'api.yaml': apiDoc(),
    'openapi.yaml': openapi(`  /a:
    get:
      operationId: getA
${GET_OK}`),
  };

  const SKILL_MD = '---\nname: helper\ndescription: Helps with {{topic}}.\n---\nBody about {{topic}}.\n';

  it('packs a skill folder with sha256, size and encodings', async () => {
    const { bundle, problems } = await compile({
      ...base,
      'skill.yaml': SKILL_DOC('get_a', '  prompt: { arguments: [ { name: topic, required: true } ] }\n'),
      'skills/helper/SKILL.md': SKILL_MD,
      'skills/helper/data/bin.dat': '\u0000\u0001binary',
    });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const skill = bundle!.skills[0]!;
    expect(skill.uri).toBe('skill://helper/SKILL.md');
    expect(skill.files.map((f) => [f.path, f.encoding, f.size])).toEqual([
      ['SKILL.md', 'utf8', Buffer.byteLength(SKILL_MD)],
      ['data/bin.dat', 'base64', 8],
    ]);
    expect(skill.files[1]!.sha256).toBe(createHash('sha256').update(Buffer.from('\u0000\u0001binary', 'utf8')).digest('hex'));
    expect(Buffer.from(skill.files[1]!.content, 'base64').toString('latin1')).toBe('\u0000\u0001binary');
    expect(bundle!.prompts[0]).toMatchObject({ name: 'helper', skill: 'helper', template: 'Body about {{topic}}.\n' });
  });

  it('UAC354: a skill naming a tool the bundle does not have', async () => {
    const { problems } = await compile({
      ...base,
      'skill.yaml': SKILL_DOC('get_a, nope'),
      'skills/helper/SKILL.md': '---\nname: helper\ndescription: Helps.\n---\nBody\n',
    });
    expect(only(problems, 'UAC354')).toMatchObject({ file: 'skill.yaml', line: 6, column: 18 });
  });

  it.each([
    ['no frontmatter', '# just text\n'],
    ['name differs from the folder', '---\nname: other\ndescription: d\n---\n'],
    ['upper-case name', '---\nname: Helper\ndescription: d\n---\n'],
    ['missing description', '---\nname: helper\n---\n'],
    ['description too long', `---\nname: helper\ndescription: ${'x'.repeat(1025)}\n---\n`],
    ['unknown field', '---\nname: helper\ndescription: d\nversion: 2\n---\n'],
    ['metadata not strings', '---\nname: helper\ndescription: d\nmetadata: { a: 1 }\n---\n'],
  ])('UAC355: SKILL.md frontmatter: %s', async (_label, text) => {
    const { problems } = await compile({ ...base, 'skill.yaml': SKILL_DOC('get_a'), 'skills/helper/SKILL.md': text });
    const p = problems.find((x) => x.code === 'UAC355');
    expect(p, JSON.stringify(problems)).toMatchObject({ file: 'skills/helper/SKILL.md', line: 1, column: 1, severity: 'error' });
  });

  it('UAC356: two skills publishing the same prompt name', async () => {
    const second = `apiVersion: uac/v1
kind: Skill
metadata: { name: helper2 }
spec:
  path: skills/helper2
  prompt: { name: helper }
`;
    const { problems } = await compile({
      ...base,
      'skill.yaml': SKILL_DOC('get_a', '  prompt: {}\n'),
      'skills/helper/SKILL.md': '---\nname: helper\ndescription: d\n---\n',
      'skill2.yaml': second,
      'skills/helper2/SKILL.md': '---\nname: helper2\ndescription: d\n---\n',
    });
    expect(only(problems, 'UAC356')).toMatchObject({ file: 'skill2.yaml', line: 6, column: 11 });
  });
});

describe('schema conversion and synthesis', () => {
  it('converts OpenAPI 3.0 keywords to 2020-12 and keeps recursion via $defs', async () => {
    const { bundle, problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(
        `  /nodes/{id}:
    put:
      operationId: putNode
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer, minimum: 0, exclusiveMinimum: true } }
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Node' }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Node' }
`,
        `  schemas:
    Node:
      type: object
      discriminator: { propertyName: kind }
      x-internal: true
      required: [name]
      properties:
        name: { type: string, nullable: true, example: root, pattern: '^[a-z]+$' }
        kind: { type: string, enum: [leaf, branch], nullable: true }
        parent: { allOf: [ { $ref: '#/components/schemas/Node' } ], nullable: true }
        children: { type: array, items: { $ref: '#/components/schemas/Node' } }
`,
        '3.0.3',
      ),
    });
    expect(problems.filter((p) => p.severity !== 'info')).toEqual([]);
    const tool = bundle!.tools[0]!;
    expect(tool.annotations).toEqual({ idempotentHint: true });
    const input = tool.inputSchema;
    expect(dig(input, 'properties', 'id')).toEqual({ type: 'integer', exclusiveMinimum: 0 });
    // The body's properties collide with nothing, so they are merged at the top level.
    expect(bundle!.routes[0]!.body).toEqual({ mode: 'merged', required: true, contentType: 'application/json' });
    expect(dig(input, 'properties', 'name')).toEqual({ type: ['string', 'null'], examples: ['root'], pattern: '^[a-z]+$' });
    expect(dig(input, 'properties', 'kind')).toEqual({ type: ['string', 'null'], enum: ['leaf', 'branch', null] });
    expect(dig(input, 'properties', 'parent')).toEqual({ anyOf: [{ allOf: [{ $ref: '#/$defs/Node' }] }, { type: 'null' }] });
    expect(dig(input, '$defs', 'Node', 'discriminator')).toBeUndefined();
    expect(dig(input, '$defs', 'Node', 'x-internal')).toBeUndefined();
    expect(dig(input, 'required')).toEqual(['id', 'name']);
    const output = tool.outputSchema!;
    expect(dig(output, 'type')).toBe('object');
    expect(dig(output, 'properties', 'children', 'items')).toEqual({ $ref: '#/$defs/Node' });

    const ajv = strictAjv();
    const validateIn = ajv.compile(input);
    expect(validateIn({ id: 1, name: 'a', children: [{ name: 'b', children: [{ name: null }] }] })).toBe(true);
    expect(validateIn({ id: 0, name: 'a' })).toBe(false);
    expect(validateIn({ id: 1, name: 'a', children: [{ kind: 'leaf' }] })).toBe(false);
    const validateOut = ajv.compile(output);
    expect(validateOut({ name: 'x', parent: { name: 'y', parent: null } })).toBe(true);
  });

  it('wraps a body whose properties collide with parameters, renames colliding parameters', async () => {
    const { bundle } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /items/{id}:
    post:
      operationId: postItem
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: id, in: query, schema: { type: integer } }
        - { name: X-Id, in: header, schema: { type: string } }
        - { name: Accept, in: header, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { id: { type: string } } }
${GET_OK}`),
    });
    const route = bundle!.routes[0]!;
    expect(route.params.map((p) => [p.in, p.name, p.arg])).toEqual([
      ['path', 'id', 'id'],
      ['query', 'id', 'query_id'],
      ['header', 'X-Id', 'X-Id'],
    ]);
    expect(route.body).toEqual({ mode: 'wrapped', arg: 'body', required: false, contentType: 'application/json' });
    const input = bundle!.tools[0]!.inputSchema;
    expect(Object.keys(dig(input, 'properties') as object).sort()).toEqual(['X-Id', 'body', 'id', 'query_id']);
    expect(dig(input, 'additionalProperties')).toBe(false);
  });

  it('names operations without operationId from method and path, folds non-ASCII names', async () => {
    const { bundle, problems } = await compile({
      'api.yaml': apiDoc(),
      'openapi.yaml': openapi(`  /users/{userId}/repos:
    get:
      parameters: [{ name: userId, in: path, required: true, schema: { type: string } }]
${GET_OK}  /café:
    get:
      operationId: obtenirCafé
${GET_OK}  /日本:
    get:
      operationId: 日本語
${GET_OK}`),
    });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const names = bundle!.tools.map((t) => t.name).sort();
    expect(names).toContain('get_users_user_id_repos');
    expect(names).toContain('obtenir_cafe');
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
    expect(bundle!.routes.map((r) => r.path)).toContain('/svc/日本');
  });

  it('imports 1,200 operations into valid, unique tools whose schemas compile', async () => {
    const thing = { $ref: '#/components/schemas/Thing' };
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 1200; i++) {
      paths[`/r${i}/{id}`] = {
        post: {
          operationId: `op${i}Action`,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: thing } } },
          responses: { '201': { description: 'ok', content: { 'application/json': { schema: thing } } } },
        },
      };
    }
    const doc = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths,
      components: { schemas: { Thing: { type: 'object', properties: { name: { type: 'string' }, next: thing } } } },
    };
    const { bundle, problems } = await compile({
      'uac.yaml': `apiVersion: uac/v1
kind: Project
metadata: { name: fixture }
spec:
  environments:
    dev: { vars: { UP: "http://127.0.0.1:4010" } }
  clients: { maxTools: 5000 }
`,
      'api.yaml': apiDoc({ openapi: 'openapi.json' }),
      'openapi.json': JSON.stringify(doc),
    });
    expect(problems).toEqual([]);
    expect(bundle!.tools).toHaveLength(1200);
    expect(new Set(bundle!.tools.map((t) => t.name)).size).toBe(1200);
    const ajv = strictAjv();
    for (const t of bundle!.tools.slice(0, 50)) {
      ajv.compile(t.inputSchema);
      ajv.compile(t.outputSchema!);
    }
    expect(bundle!.routes[0]!.response).toEqual({ status: 201, contentType: 'application/json' });
  });

  it('reads multi-file $refs relative to the referencing file', async () => {
    const { bundle, problems } = await compile({
      'api.yaml': apiDoc({ openapi: 'oa/main.yaml' }),
      'oa/main.yaml': openapi(`  /a:
    get:
      operationId: getA
      parameters:
        - $ref: 'parts/params.yaml#/Limit'
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { $ref: 'parts/schemas.json#/Thing' } } }
`),
      'oa/parts/params.yaml': 'Limit: { name: limit, in: query, schema: { $ref: "schemas.json#/Count" } }\n',
      'oa/parts/schemas.json': '{"Thing": {"type": "object", "properties": {"n": {"$ref": "#/Count"}}}, "Count": {"type": "integer", "minimum": 1}}',
    });
    expect(problems).toEqual([]);
    const tool = bundle!.tools[0]!;
    expect(bundle!.routes[0]!.params[0]).toMatchObject({ name: 'limit', type: 'integer' });
    expect(dig(tool.inputSchema, '$defs', 'Count')).toEqual({ type: 'integer', minimum: 1 });
    expect(dig(tool.outputSchema, 'properties', 'n')).toEqual({ $ref: '#/$defs/Count' });
  });
});
