import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, computeBundleId } from '../bundle/canonical.js';
import { BundleError, parseBundle, verifyBundleSignature } from '../bundle/load.js';
import { SignatureError, signBundleId, verifyBundleId } from '../bundle/sign.js';
import { BUNDLE_FORMAT, type Bundle } from '../bundle/types.js';

function minimal(): Bundle {
  const body: Omit<Bundle, 'id'> = {
    format: BUNDLE_FORMAT,
    project: 'p',
    environment: 'dev',
    source: { revision: null, dirty: false },
    compiler: 'uac/0.0.0',
    tools: [
      {
        name: 'get_a',
        description: 'A',
        inputSchema: { type: 'object', properties: {} },
        annotations: { readOnlyHint: true },
        route: 'api.getA',
      },
    ],
    prompts: [],
    skills: [],
    routes: [
      {
        id: 'api.getA',
        api: 'api',
        operationId: 'getA',
        method: 'GET',
        path: '/api/a',
        upstream: { url: 'http://127.0.0.1:4010', path: '/a', timeoutMs: 1000, headers: {} },
        params: [],
        body: null,
        policies: [],
        expose: { rest: true, mcp: true },
        tool: 'get_a',
        validate: { input: { type: 'object', properties: {} } },
        response: { status: 200, contentType: 'application/json' },
      },
    ],
    llmRoutes: [],
    policies: {},
    consumers: [],
    auth: { jwt: null, oauth: null },
    clients: { maxTools: 128, maxToolNameLength: 64 },
  };
  return { ...body, id: computeBundleId(body as unknown as Record<string, unknown>) } as Bundle;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof BundleError) return e.code;
    throw e;
  }
  return 'ok';
}

function withId(b: Record<string, unknown>): string {
  return canonicalJson({ ...b, id: computeBundleId(b) });
}

describe('parseBundle', () => {
  it('accepts a well-formed bundle', () => {
    const b = minimal();
    expect(parseBundle(canonicalJson(b))).toEqual(b);
  });

  it.each([
    ['bundle_not_json', '{nope'],
    ['bundle_not_json', '[]'],
    ['bundle_not_json', 'null'],
    ['bundle_format', '{}'],
    ['bundle_format', JSON.stringify({ format: 'uac.bundle/v2' })],
    ['bundle_schema', JSON.stringify({ format: BUNDLE_FORMAT })],
  ])('refuses with %s', (code, text) => {
    expect(codeOf(() => parseBundle(text))).toBe(code);
  });

  it('refuses a schema violation even with a matching id', () => {
    const b = minimal() as unknown as Record<string, unknown>;
    const routes = b['routes'] as Array<Record<string, unknown>>;
    routes[0]!['method'] = 'FETCH';
    expect(codeOf(() => parseBundle(withId(b)))).toBe('bundle_schema');
    const extra = { ...(minimal() as unknown as Record<string, unknown>), surprise: 1 };
    expect(codeOf(() => parseBundle(withId(extra)))).toBe('bundle_schema');
  });

  it('refuses a bundle whose content does not match its id', () => {
    const b = minimal();
    expect(codeOf(() => parseBundle(canonicalJson({ ...b, project: 'other' })))).toBe('bundle_id_mismatch');
    expect(codeOf(() => parseBundle(canonicalJson({ ...b, id: `sha256:${'0'.repeat(64)}` })))).toBe('bundle_id_mismatch');
  });

  it('never throws anything but BundleError on arbitrary input', () => {
    const good = canonicalJson(minimal());
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          // Mutations of a valid bundle: one character changed.
          fc.tuple(fc.nat(good.length - 1), fc.string({ minLength: 1, maxLength: 1 })).map(([i, c]) => good.slice(0, i) + c + good.slice(i + 1)),
        ),
        (text) => {
          const code = codeOf(() => parseBundle(text));
          expect(['ok', 'bundle_not_json', 'bundle_format', 'bundle_schema', 'bundle_id_mismatch']).toContain(code);
          if (code === 'ok') expect(text === good || JSON.parse(text).id === minimal().id).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('detached EdDSA signatures', () => {
  const keys = generateKeyPairSync('ed25519');
  const priv = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const pub = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('signs the id as header..signature and verifies it', async () => {
    const b = minimal();
    const jws = await signBundleId(b.id, priv);
    expect(jws).toMatch(/^[\w-]+\.\.[\w-]+$/);
    expect(JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'EdDSA', typ: 'uac-bundle+jws' });
    await verifyBundleSignature(b, jws, pub);
  });

  it('refuses another id, another key, a bad format and a bad key with stable codes', async () => {
    const jws = await signBundleId('sha256:aa', priv);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const failures: Array<[() => Promise<void>, string]> = [
      [() => verifyBundleId('sha256:bb', jws, pub), 'signature_invalid'],
      [() => verifyBundleId('sha256:aa', jws, other), 'signature_invalid'],
      [() => verifyBundleId('sha256:aa', jws.replace('..', '.eHg.'), pub), 'signature_format'],
      [() => verifyBundleId('sha256:aa', 'garbage', pub), 'signature_format'],
      [() => verifyBundleId('sha256:aa', jws, 'not a pem'), 'signature_key'],
    ];
    for (const [run, code] of failures) {
      const err = await run()
        .then(() => null)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SignatureError);
      expect((err as SignatureError).code).toBe(code);
    }
    await expect(signBundleId('x', pub)).rejects.toMatchObject({ code: 'signature_key' });
    await expect(verifyBundleSignature(minimal(), jws, pub)).rejects.toMatchObject({ code: 'bundle_signature' });
  });

  it('refuses an RSA key', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaPriv = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(signBundleId('x', rsaPriv)).rejects.toMatchObject({ code: 'signature_key' });
  });
});

describe('canonicalJson (fast path)', () => {
  it('writes the same bytes as the reference encoder, or throws the same way', async () => {
    const { canonicalJson: fastCanonicalJson, canonicalJsonReference } = await import('../bundle/canonical.js');
    const key = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('0', '10', '9', '200', '__proto__', 'a', 'B', '01', '-1'));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 0 }),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, undefined),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 5 }),
      ),
    }));
    fc.assert(
      fc.property(value, (v) => {
        let expected: string | Error;
        try {
          expected = canonicalJsonReference(v);
        } catch (e) {
          expected = e as Error;
        }
        if (expected instanceof Error) expect(() => fastCanonicalJson(v)).toThrow(expected.constructor as ErrorConstructor);
        else expect(fastCanonicalJson(v)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
