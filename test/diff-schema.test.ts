import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSchemas, type SchemaChangeKind } from '../compiler/diff/schema.js';

const kinds = (a: unknown, b: unknown) => compareSchemas(a, b).map((c) => `${c.kind}@${c.path}`);

/** Small JSON Schemas built from the keywords the comparison understands, `depth` levels deep. */
function schemaArb(depth: number): fc.Arbitrary<Record<string, unknown>> {
  const child = depth === 0 ? fc.constant({}) : schemaArb(depth - 1);
  return fc.record(
    {
      type: fc.constantFrom<unknown>('string', 'integer', 'number', 'boolean', 'object', 'array', ['string', 'null']),
      enum: fc.uniqueArray(fc.constantFrom<unknown>('a', 'b', 'c', 1, 2), { minLength: 1, maxLength: 3 }),
      minimum: fc.integer({ min: 0, max: 5 }),
      maxLength: fc.integer({ min: 1, max: 9 }),
      pattern: fc.constantFrom('^a', '^b'),
      description: fc.constantFrom('one', 'two'),
      properties: fc.dictionary(fc.constantFrom('id', 'name', 'qty', 'tags'), child, { maxKeys: 3 }),
      required: fc.uniqueArray(fc.constantFrom('id', 'name', 'qty'), { maxLength: 3 }),
      additionalProperties: fc.boolean(),
      items: child,
      anyOf: fc.array(child, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: [] },
  );
}

const DUAL: Array<[SchemaChangeKind, SchemaChangeKind[]]> = [
  ['required-added', ['required-removed']],
  ['enum-value-removed', ['enum-value-added']],
  ['property-added', ['property-removed', 'property-rejected']],
  ['type-narrowed', ['type-widened']],
  ['variant-removed', ['variant-added']],
];

describe('JSON Schema comparison', () => {
  it('finds no change between a schema and itself', () => {
    fc.assert(
      fc.property(schemaArb(2), (s) => {
        expect(compareSchemas(s, structuredClone(s))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('reports every change in the opposite direction when the sides swap', () => {
    fc.assert(
      fc.property(schemaArb(2), schemaArb(2), (a, b) => {
        const forward = compareSchemas(a, b);
        const backward = compareSchemas(b, a);
        for (const [kind, duals] of DUAL) {
          for (const c of forward.filter((x) => x.kind === kind)) {
            expect(
              backward.some((x) => duals.includes(x.kind) && x.path === c.path),
              `${kind}@${c.path}`,
            ).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON, including $ref loops and dangling refs', () => {
    const loop = { $ref: '#/$defs/a', $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } } };
    const dangling = { properties: { x: { $ref: '#/$defs/nope' } } };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 }), (a, b) => {
        expect(Array.isArray(compareSchemas(a, b))).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(compareSchemas(loop, loop)).toEqual([]);
    const proto = JSON.parse('{"allOf":[{"properties":{"__proto__":{"type":"string"}}},{"properties":{"toString":{}}}]}');
    expect(kinds(proto, JSON.parse('{"properties":{"__proto__":{"type":"integer"},"toString":{}}}'))).toEqual(['type-changed@__proto__']);
    expect(kinds(dangling, { properties: { x: { type: 'string' } } })).toEqual(['unclassified@x']);
  });

  it('terminates on recursive schemas and still sees changes inside them', () => {
    const tree = (leaf: unknown) => ({
      $defs: { node: { type: 'object', properties: { value: leaf, children: { type: 'array', items: { $ref: '#/$defs/node' } } } } },
      $ref: '#/$defs/node',
    });
    expect(kinds(tree({ type: 'string' }), tree({ type: 'string' }))).toEqual([]);
    expect(kinds(tree({ type: 'number' }), tree({ type: 'integer' }))).toEqual(['type-narrowed@value']);
  });

  it('reports a change of a shared definition once, and still sees sibling keywords at each use', () => {
    const doc = (amount: string, taxNote: string) => ({
      $defs: { money: { type: 'object', properties: { amount: { type: amount } } } },
      properties: { total: { $ref: '#/$defs/money' }, tax: { $ref: '#/$defs/money', description: taxNote } },
    });
    expect(kinds(doc('number', 'a'), doc('string', 'a'))).toEqual(['type-changed@tax.amount']);
    expect(kinds(doc('number', 'a'), doc('number', 'b'))).toEqual(['docs-changed@tax']);
    // Inlining the definition at one use is no change.
    const inlined = doc('number', 'a') as { properties: Record<string, unknown> };
    inlined.properties.total = { type: 'object', properties: { amount: { type: 'number' } } };
    expect(kinds(doc('number', 'a'), inlined)).toEqual([]);
  });

  it('treats a schema moved into $defs or split into allOf parts as the same schema', () => {
    const inline = { type: 'object', properties: { id: { type: 'string' }, qty: { type: 'integer' } }, required: ['id'] };
    const viaRef = { $ref: '#/$defs/order', $defs: { order: inline } };
    const viaAllOf = {
      allOf: [{ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, { properties: { qty: { type: 'integer' } } }],
    };
    expect(compareSchemas(inline, viaRef)).toEqual([]);
    expect(compareSchemas(inline, viaAllOf)).toEqual([]);
    expect(compareSchemas(viaAllOf, viaRef)).toEqual([]);
  });

  it('classifies types, bounds, enums, formats and closed objects', () => {
    expect(kinds({ type: 'integer' }, { type: 'number' })).toEqual(['type-widened@']);
    expect(kinds({ type: 'string' }, { type: 'integer' })).toEqual(['type-changed@']);
    expect(kinds({ type: ['string', 'null'] }, { type: 'string' })).toEqual(['type-narrowed@']);
    expect(kinds({ minimum: 1 }, { minimum: 2 })).toEqual(['constraint-tightened@']);
    expect(kinds({ maximum: 10 }, { maximum: 20 })).toEqual(['constraint-relaxed@']);
    expect(kinds({ exclusiveMaximum: 10 }, { exclusiveMaximum: 5 })).toEqual(['constraint-tightened@']);
    expect(kinds({ type: 'string' }, { type: 'string', format: 'email' })).toEqual(['constraint-tightened@']);
    expect(kinds({ multipleOf: 4 }, { multipleOf: 2 })).toEqual(['constraint-relaxed@']);
    expect(kinds({ multipleOf: 2 }, { multipleOf: 3 })).toEqual(['constraint-tightened@']);
    expect(kinds({ type: 'string' }, { type: 'string', const: 'x' })).toEqual(['enum-value-removed@']);
    expect(kinds({ properties: { a: {} } }, { properties: { a: {} }, additionalProperties: false })).toEqual(['constraint-tightened@']);
    expect(kinds({ properties: { a: {}, b: {} } }, { properties: { a: {} }, additionalProperties: false })).toEqual([
      'property-rejected@b',
      'constraint-tightened@',
    ]);
    expect(kinds({ items: { type: 'string' } }, { items: { type: 'string', maxLength: 3 } })).toEqual(['constraint-tightened@[]']);
    expect(kinds({ oneOf: [{ type: 'string' }, { type: 'integer' }] }, { oneOf: [{ type: 'string' }] })).toEqual(['variant-removed@']);
    expect(kinds({ description: 'a' }, { description: 'b' })).toEqual(['docs-changed@']);
    expect(kinds(true, false)).toEqual(['type-narrowed@']);
    expect(kinds({ properties: {} }, { properties: { id: {} }, required: ['id'] })).toEqual(['required-added@id']);
    expect(kinds({ properties: {} }, { properties: { id: {} } })).toEqual(['property-added@id']);
  });
});
