// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the tests are about ${var:…}/${secret:…} strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize, tryParseDuration, tryParseSize } from '../compiler/validate/units.js';
import { findSecretRefs, findVarRefs, interpolateVars, MALFORMED_REF_PATTERN } from '../compiler/vars.js';

describe('durations and sizes', () => {
  it('parse every unit', () => {
    expect([parseDuration('250ms'), parseDuration('5s'), parseDuration('1m'), parseDuration('1h'), parseDuration('1d')]).toEqual([250, 5000, 60000, 3600000, 86400000]);
    expect([parseSize('10b'), parseSize('512kb'), parseSize('1mb'), parseSize('1gb')]).toEqual([10, 524288, 1048576, 1073741824]);
  });

  it('refuse anything else', () => {
    for (const bad of ['', '5', 's', '5 s', '1.5s', '-1s', '1y', '1S', '1mss', ' 1s', '1e3ms', '99999999999999d']) {
      expect(tryParseDuration(bad), bad).toBeUndefined();
      expect(() => parseDuration(bad)).toThrow(RangeError);
    }
    for (const bad of ['', '1zb', '1tb', '1 mb', '1.5mb', 'mb', '1MB ', '__proto__', 'constructor']) {
      expect(tryParseSize(bad), bad).toBeUndefined();
      expect(() => parseSize(bad)).toThrow(RangeError);
    }
  });

  it('round-trip any whole number of any unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(['ms', 1], ['s', 1000], ['m', 60000], ['h', 3600000], ['d', 86400000]), (n, [u, f]) => {
        expect(parseDuration(`${n}${u}`)).toBe(n * (f as number));
      }),
      { numRuns: 200 },
    );
  });
});

describe('${var:…} and ${secret:…}', () => {
  it('interpolates vars, reports missing ones once, keeps secrets verbatim', () => {
    expect(interpolateVars('${var:A}/x/${var:B}/${var:A}?k=${secret:K}', { A: 'http://h' })).toEqual({
      value: 'http://h/x/${var:B}/http://h?k=${secret:K}',
      missing: ['B'],
    });
    expect(interpolateVars('no refs', {})).toEqual({ value: 'no refs', missing: [] });
    // A value that itself looks like a reference is not expanded again.
    expect(interpolateVars('${var:A}', { A: '${var:A}' }).value).toBe('${var:A}');
    expect(interpolateVars('${var:toString}', {})).toEqual({ value: '${var:toString}', missing: ['toString'] });
  });

  it('finds refs by kind, in order, without duplicates', () => {
    expect(findSecretRefs('Bearer ${secret:T} ${secret:U} ${secret:T} ${var:V}')).toEqual(['T', 'U']);
    expect(findVarRefs('${var:V}${secret:T}${var:W}')).toEqual(['V', 'W']);
  });

  it('flags malformed references only', () => {
    const malformed = (s: string) => {
      MALFORMED_REF_PATTERN.lastIndex = 0;
      return MALFORMED_REF_PATTERN.test(s);
    };
    for (const bad of ['${var:A-B}', '${VAR:A}', '${var:}', '${secret:1A}', '${env:A}', '${var:A', '$${x}']) expect(malformed(bad), bad).toBe(true);
    for (const good of ['${var:A}', '${secret:A_1}', '$5', '{id}', 'a $ b']) expect(malformed(good), good).toBe(false);
  });
});
