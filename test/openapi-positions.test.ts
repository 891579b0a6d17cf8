import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonLocator } from '../compiler/openapi/json-positions.js';

describe('JsonLocator', () => {
  it('finds keys and values, with escapes, nested arrays and nearest ancestors', () => {
    const text = '{\n  "a\\"b": {"x": [1, {"y": "q\\\\"}]},\n  "paths": {\n    "/p/{id}": { "get": {} }\n  }\n}';
    const l = new JsonLocator(text);
    expect(l.position('f', l.find(['paths', '/p/{id}', 'get']).keyAt)).toEqual({ file: 'f', line: 4, column: 18 });
    expect(l.position('f', l.find(['a"b', 'x', 1, 'y']).valueAt)).toEqual({ file: 'f', line: 2, column: 27 });
    // Missing members fall back to the nearest existing ancestor.
    expect(l.find(['paths', '/nope', 'get'])).toEqual(l.find(['paths']));
  });

  it('agrees with JSON.parse on where every top-level member is', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }), fc.boolean(), (obj, pretty) => {
        const text = pretty ? JSON.stringify(obj, null, 2) : JSON.stringify(obj);
        const l = new JsonLocator(text);
        for (const [k, v] of Object.entries(obj)) {
          const m = l.find([k]);
          expect(JSON.parse(text.slice(m.keyAt, text.indexOf(':', m.keyAt + JSON.stringify(k).length - 1)))).toBe(k);
          // The value text starting at valueAt parses back to the value.
          const rest = text.slice(m.valueAt);
          const encoded = pretty ? JSON.stringify(v, null, 2).replace(/\n/g, '\n  ') : JSON.stringify(v);
          expect(rest.startsWith(encoded ?? 'null')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
