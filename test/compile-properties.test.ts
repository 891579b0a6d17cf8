/**
 * Properties of synthesis over generated OpenAPI operations (path/query/header
 * parameters with colliding names, object, array and text bodies): every
 * emitted inputSchema compiles and accepts arguments generated for it, and
 * arguments → HTTP request → (parsed as a server would) → arguments round-trips.
 */
import { parse as parseQuery } from 'node:querystring';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import findMyWay from 'find-my-way';
import { describe, expect, it } from 'vitest';
import { buildUpstreamRequest, isJsonMediaType, restToArgs } from '../bundle/request.js';
import type { ContractDocument } from '../compiler/model.js';
import { assignToolNames } from '../compiler/synthesize/names.js';
import { collectOperations } from '../compiler/synthesize/operations.js';
import { routeId, synthesize } from '../compiler/synthesize/routes.js';

type Scalar = 'string' | 'integer' | 'number' | 'boolean';
interface GenParam {
  name: string;
  in: 'path' | 'query' | 'header';
  type: Scalar;
  array: boolean;
  explode: boolean;
  required: boolean;
}
type GenBody = { kind: 'none' } | { kind: 'object'; props: Array<{ name: string; type: Scalar }> } | { kind: 'array' } | { kind: 'text' };

// A small pool of names so that path, query, header and body properties collide often.
const NAMES = ['id', 'name', 'limit', 'q', 'tag'];

const scalar = fc.constantFrom<Scalar>('string', 'integer', 'number', 'boolean');
const genParam = fc.record({
  name: fc.constantFrom(...NAMES),
  in: fc.constantFrom<'path' | 'query' | 'header'>('path', 'query', 'header'),
  type: scalar,
  array: fc.boolean(),
  explode: fc.boolean(),
  required: fc.boolean(),
});
const genBody: fc.Arbitrary<GenBody> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({
    kind: fc.constant('object' as const),
    props: fc.uniqueArray(fc.record({ name: fc.constantFrom(...NAMES, 'note', 'count'), type: scalar }), {
      selector: (p) => p.name,
      maxLength: 4,
    }),
  }),
  fc.constant({ kind: 'array' as const }),
  fc.constant({ kind: 'text' as const }),
);

function schemaOf(p: { type: Scalar; array?: boolean }): Record<string, unknown> {
  return p.array ? { type: 'array', items: { type: p.type }, minItems: 1 } : { type: p.type };
}

function openapiOf(params: GenParam[], body: GenBody) {
  const pathParams = params.filter((p) => p.in === 'path');
  const path = `/things${pathParams.map((p) => `/{${p.name}}`).join('')}`;
  const op: Record<string, unknown> = {
    operationId: 'doThing',
    parameters: params.map((p) => ({
      name: p.in === 'header' ? `X-${p.name}` : p.name,
      in: p.in,
      required: p.in === 'path' ? true : p.required,
      ...(p.in === 'query' && p.array ? { explode: p.explode } : {}),
      schema: schemaOf(p),
    })),
    responses: { '200': { description: 'ok' } },
  };
  if (body.kind === 'object') {
    const properties = Object.fromEntries(body.props.map((p) => [p.name, schemaOf(p)]));
    op['requestBody'] = { required: true, content: { 'application/json': { schema: { type: 'object', properties } } } };
  } else if (body.kind === 'array') {
    op['requestBody'] = { required: true, content: { 'application/json': { schema: { type: 'array', items: { type: 'integer' } } } } };
  } else if (body.kind === 'text') {
    op['requestBody'] = { required: true, content: { 'text/plain': { schema: { type: 'string' } } } };
  }
  return { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { [path]: { post: op } } };
}

function fakeApiDoc(): ContractDocument<'API'> {
  return {
    apiVersion: 'uac/v1',
    kind: 'API',
    metadata: { name: 'gen' },
    spec: { upstream: { url: 'http://127.0.0.1:1/base' }, basePath: '/gen', openapi: { path: 'openapi.json' } },
    file: 'api.yaml',
    index: 0,
    at: () => ({ file: 'api.yaml', line: 1, column: 1 }),
  };
}

const text = (extra: string) =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s !== '.' && s !== '..' && !/[,\p{Cc}]/u.test(s) && !s.includes(extra));
const headerText = fc.stringMatching(/^[!-+\--~]([ -+\--~]{0,10}[!-+\--~])?$/);

function scalarValue(type: Scalar, strings: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  if (type === 'integer') return fc.integer({ min: -1e6, max: 1e6 });
  if (type === 'number') return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((n) => (Object.is(n, -0) ? 0 : n));
  if (type === 'boolean') return fc.boolean();
  return strings;
}

/** Arguments for the synthesized schema, built from the mapping the compiler recorded. */
function argsFor(route: ReturnType<typeof synthesize>['route'], body: GenBody, params: GenParam[]): fc.Arbitrary<Record<string, unknown>> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const m of route.params) {
    const gen = params.find((p) => p.in === m.in && (m.in === 'header' ? `X-${p.name}` : p.name) === m.name)!;
    const strings = m.in === 'header' ? headerText : text('|');
    const one = scalarValue(gen.type, strings);
    const v = gen.array ? fc.array(one, { minLength: 1, maxLength: 3 }) : one;
    parts[m.arg] = m.required ? v : fc.option(v, { nil: undefined });
  }
  if (route.body?.mode === 'merged' && body.kind === 'object') {
    for (const p of body.props) parts[p.name] = scalarValue(p.type, fc.string({ maxLength: 8 }));
  } else if (route.body?.mode === 'wrapped') {
    parts[route.body.arg] =
      body.kind === 'array'
        ? fc.array(fc.integer(), { maxLength: 4 })
        : body.kind === 'text'
          ? fc.string({ maxLength: 20 })
          : fc.record(Object.fromEntries((body as { props: Array<{ name: string; type: Scalar }> }).props.map((p) => [p.name, scalarValue(p.type, fc.string({ maxLength: 8 }))])));
  }
  return fc.record(parts).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
}

describe('synthesis over generated operations', () => {
  it('emitted input schemas accept generated arguments, which round-trip through HTTP', () => {
    const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false });
    const generated = fc
      .tuple(fc.uniqueArray(genParam, { selector: (p) => `${p.in}:${p.name}`, maxLength: 5 }), genBody)
      .chain(([params, body]) => {
        const doc = fakeApiDoc();
        const oa = openapiOf(params, body);
        const { operations, problems } = collectOperations(doc, { readFile: () => ({ text: JSON.stringify(oa) }) });
        expect(problems).toEqual([]);
        const a = operations[0]!;
        const names = assignToolNames(
          [{ routeId: routeId('gen', a.op), operationId: a.op.operationId, method: a.op.method, path: a.op.path, at: a.op.at }],
          64,
        );
        const { route, tool } = synthesize(doc, a, { vars: {}, defaultPolicies: [], toolNames: names.names });
        return argsFor(route, body, params).map((args) => ({ route, tool: tool!, args, body }));
      });
    fc.assert(
      fc.property(generated, ({ route, tool, args, body }) => {
        // Parameters and body properties never share an argument.
        const argNames = route.params.map((p) => p.arg);
        expect(new Set(argNames).size).toBe(argNames.length);
        if (body.kind === 'object' && body.props.some((p) => argNames.includes(p.name))) {
          expect(route.body?.mode).toBe('wrapped');
        }
        const validate = ajv.compile(tool.inputSchema);
        expect(validate(args), JSON.stringify(validate.errors)).toBe(true);

        const req = buildUpstreamRequest(route, args);
        const router = findMyWay();
        router.on('POST', route.upstream.path.replace(/\{([^}]+)\}/g, ':$1'), () => {});
        const q = req.path.indexOf('?');
        const found = router.find('POST', q === -1 ? req.path : req.path.slice(0, q));
        expect(found).not.toBeNull();
        const params: Record<string, string> = {};
        for (const [k, v] of Object.entries(found!.params)) if (v !== undefined) params[k] = v;
        let parsedBody: unknown;
        if (req.body !== null) parsedBody = isJsonMediaType(req.contentType!) ? JSON.parse(req.body) : req.body;
        const back = restToArgs(route, {
          params,
          query: q === -1 ? {} : { ...parseQuery(req.path.slice(q + 1)) },
          headers: req.headers,
          body: parsedBody,
        });
        expect(back).toEqual(JSON.parse(JSON.stringify(args)));
      }),
      // Each run compiles a fresh Ajv validator (~50 ms on 2 cores).
      { numRuns: 60 },
    );
  });
});
