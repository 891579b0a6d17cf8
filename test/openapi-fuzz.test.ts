/**
 * Malformed and hostile OpenAPI documents never crash or hang the importer:
 * every outcome is either operations whose synthesized schemas compile, or
 * located problems with registered codes.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContractDocument } from '../compiler/model.js';
import { CODES } from '../compiler/validate/codes/index.js';
import { collectOperations } from '../compiler/synthesize/operations.js';
import { inputMapping } from '../compiler/synthesize/routes.js';

const KNOWN = new Set(CODES.map((c) => c.code));
const NAMES = ['A', 'B', 'C'];

function apiDoc(): ContractDocument<'API'> {
  return {
    apiVersion: 'uac/v1',
    kind: 'API',
    metadata: { name: 'fuzz' },
    spec: { upstream: { url: 'http://127.0.0.1:1' }, basePath: '/f', openapi: { path: 'openapi.json' } },
    file: 'api.yaml',
    index: 0,
    at: () => ({ file: 'api.yaml', line: 1, column: 1 }),
  };
}

// Schema-like values: real keywords with odd values and references; hostile ones also dangle, loop and carry junk.
function generators(hostile: boolean) {
  const refs = hostile
    ? [
        fc.constantFrom(...NAMES, 'Missing').map((n) => ({ $ref: `#/components/schemas/${n}` })),
        fc.constant({ $ref: 'other.json#/X' }),
        fc.constant({ $ref: 42 }),
      ]
    : [fc.constantFrom(...NAMES).map((n) => ({ $ref: `#/components/schemas/${n}` }))];
  const { schema } = fc.letrec((tie) => ({
    schema: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.jsonValue({ maxDepth: 1 }),
      ...refs,
      fc.record(
        {
          type: fc.oneof(fc.constantFrom('object', 'array', 'string', 'integer', 'null', 'file'), fc.constant(['string', 'null']), fc.integer()),
          properties: fc.dictionary(fc.constantFrom('id', 'name', 'x', ''), tie('schema'), { maxKeys: 3 }),
          items: tie('schema'),
          required: fc.oneof(fc.array(fc.constantFrom('id', 'name', 'zz')), fc.boolean()),
          nullable: fc.boolean(),
          allOf: fc.array(tie('schema'), { maxLength: 2 }),
          pattern: fc.constantFrom('^[a-z]+$', '(', '\\p{L}', '[\\-]'),
          exclusiveMinimum: fc.oneof(fc.boolean(), fc.integer()),
          minimum: fc.integer(),
          enum: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
          additionalProperties: fc.oneof(fc.boolean(), tie('schema')),
        },
        { requiredKeys: [] },
      ),
    ),
  }));

  const wellFormed = fc.record(
    {
      name: fc.constantFrom('id', 'q', 'X-Trace', 'Accept'),
      in: fc.constantFrom('query', 'header'),
      required: fc.boolean(),
      style: fc.constantFrom('form', 'deepObject', 'simple', 'weird'),
      explode: fc.boolean(),
      schema,
    },
    { requiredKeys: ['name', 'in'] },
  );
  const parameter = hostile
    ? fc.oneof(
        wellFormed,
        fc.record({ name: fc.oneof(fc.constant(''), fc.integer()), in: fc.constantFrom('path', 'cookie', 'body'), required: fc.boolean(), schema }),
        fc.constantFrom({ $ref: '#/components/parameters/P' }, { $ref: '#/components/parameters/Loop' }, 'junk', null),
      )
    : wellFormed;

  const operation = fc.record(
    {
      ...(hostile ? { operationId: fc.oneof(fc.constantFrom('op', 'op', 'other', 'ünï', ''), fc.integer()) } : {}),
      parameters: hostile ? fc.oneof(fc.array(parameter, { maxLength: 4 }), fc.constant('nope')) : fc.uniqueArray(wellFormed, { maxLength: 3, selector: (p) => p.name }),
      requestBody: fc.oneof(
        fc.record({ required: fc.boolean(), content: fc.dictionary(fc.constantFrom('application/json', 'text/plain', 'multipart/form-data'), fc.record({ schema })) }),
        hostile ? fc.constant({ $ref: '#/components/requestBodies/Missing' }) : fc.constant(undefined),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      responses: fc.dictionary(
        fc.constantFrom('200', '201', '2XX', 'default', '404'),
        fc.oneof(fc.record({ content: fc.dictionary(fc.constantFrom('application/json', 'text/html'), fc.record({ schema })) }), fc.jsonValue({ maxDepth: 1 })),
      ),
      'x-mcp': fc.oneof(fc.record({ name: fc.constantFrom('ok_name', 'bad name', 'x'.repeat(70)) }), fc.jsonValue({ maxDepth: 1 })),
    },
    { requiredKeys: [] },
  );

  const pathItem = fc.dictionary(fc.constantFrom('get', 'post', 'delete', 'trace'), operation);
  return fc.record({
    openapi: hostile ? fc.constantFrom('3.0.3', '3.1.0', '2.0', 3) : fc.constantFrom('3.0.3', '3.1.0'),
    paths: hostile
      ? fc.oneof(
          fc.dictionary(
            fc.constantFrom('/a', '/a/{id}', '/b/{id}/{q}', 'no-slash', '/ü/{id}'),
            fc.oneof(pathItem, fc.constant({ $ref: '#/paths/~1a' }), fc.jsonValue({ maxDepth: 1 })),
            { maxKeys: 4 },
          ),
          fc.jsonValue({ maxDepth: 1 }),
        )
      : fc.dictionary(fc.constantFrom('/a', '/b', '/ü'), pathItem, { maxKeys: 3 }),
    components: fc.record({
      schemas: hostile ? fc.dictionary(fc.constantFrom(...NAMES), schema, { maxKeys: 3 }) : fc.record({ A: schema, B: schema, C: schema }),
      parameters: fc.record({ P: parameter, Loop: fc.constant({ $ref: '#/components/parameters/Loop' }) }),
    }),
  });
}

function check(doc: unknown, ajv: Ajv2020): boolean {
  const text = JSON.stringify(doc);
  const { operations, problems } = collectOperations(apiDoc(), { readFile: () => ({ text }) });
  for (const p of problems) {
    expect(KNOWN.has(p.code), p.code).toBe(true);
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.column).toBeGreaterThanOrEqual(1);
    expect(typeof p.file).toBe('string');
  }
  if (problems.some((p) => p.severity === 'error')) return false;
  for (const a of operations) {
    const mapping = inputMapping(a.op);
    ajv.compile(mapping.inputSchema);
    if (a.op.response.schema) ajv.compile(a.op.response.schema);
  }
  return operations.length > 0;
}

describe('importer robustness', () => {
  it('hostile documents: never throws; problems carry registered codes and locations', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    fc.assert(
      fc.property(generators(true), (doc) => {
        check(doc, ajv);
      }),
      { numRuns: 120 },
    );
  });

  it('odd but resolvable documents: every synthesized schema compiles', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    let synthesized = 0;
    fc.assert(
      fc.property(generators(false), (doc) => {
        if (check(doc, ajv)) synthesized++;
      }),
      // Ajv compiles are the cost here (tens of ms each on 2 cores).
      { numRuns: 15 },
    );
    // The generator must reach synthesis, not only the error paths.
    expect(synthesized).toBeGreaterThan(3);
  });
});
