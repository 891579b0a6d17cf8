/**
 * `compileRepo`: contract repository → bundle (SPEC 4.2, 4.3).
 * load → validate → OpenAPI import → tool/route synthesis → skills → tables
 * → id. The bundle is null whenever any problem is an error. Everything the
 * compiler emits is deterministic: sorted tables, no timestamps, no paths.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { canonicalJson, sha256Hex } from '../bundle/canonical.js';
import { BUNDLE_FORMAT, type Bundle, type Prompt, type Route, type Skill, type Tool } from '../bundle/types.js';
import { type LoadedRepository, loadRepository } from './load/index.js';
import type { ContractDocument, Kind, ProjectSpec } from './model.js';
import { hasErrors, type Location, type Problem, sortProblems } from './problems.js';
import { checkSkillTools, packSkill } from './skills/pack.js';
import { assignToolNames, type NameRequest } from './synthesize/names.js';
import { prepareOpenApi } from './openapi/import.js';
import { type ApiOperation, collectOperations } from './synthesize/operations.js';
import { exposure, routeId, synthesize } from './synthesize/routes.js';
import { authConfig, clientLimits, consumerTable, llmRouteTable, policyTable } from './synthesize/tables.js';
import { problem } from './validate/codes/index.js';
import { validateContracts } from './validate/index.js';
import { COMPILER_ID } from './version.js';

export interface CompileOptions {
  env?: string;
  /** Progress of big OpenAPI imports (the CLI prints it on a TTY). */
  progress?: (message: string) => void;
  /** Also lint the structure of imported OpenAPI documents (UAC212; `uac validate`, ~2 s on 13 MB). */
  openapiLint?: boolean;
}

export interface CompileResult {
  bundle: Bundle | null;
  problems: Problem[];
}

function ofKind<K extends Kind>(docs: ContractDocument[], kind: K): ContractDocument<K>[] {
  return docs.filter((d): d is ContractDocument<K> => d.kind === kind);
}

function byKey<T>(key: (t: T) => string) {
  return (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

/** One problem per code and location: a `$ref` loop is found both while resolving and while converting. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code} ${p.file}:${p.line}:${p.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** UAC357 for every route whose method and gateway path (parameters by position) an earlier route already has. */
function routeConflicts(perApi: Array<{ doc: ContractDocument<'API'>; ops: ApiOperation[] }>, routes: Route[]): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<string, string>();
  const where = new Map<string, () => Location>();
  for (const { doc, ops } of perApi) for (const a of ops) where.set(routeId(doc.metadata.name, a.op), a.op.at);
  for (const r of routes) {
    const key = `${r.method} ${r.path.replace(/\{[^}]*\}/g, '{}')}`;
    const first = owner.get(key);
    if (first === undefined) owner.set(key, r.id);
    else problems.push(problem('UAC357', where.get(r.id)!(), `${r.method} ${r.path} of ${r.id} is also served by ${first}`));
  }
  return problems;
}

/** Pathspecs per `git status` call: keeps the command line short whatever the number of files. */
const PATHSPEC_BATCH = 200;
const CONTRACT_FILE = /\.ya?ml$/;

/** Whether `rel` is a YAML file the loader scans (not under a dot-folder or node_modules). */
function scannedYaml(rel: string): boolean {
  return CONTRACT_FILE.test(rel) && !rel.split('/').some((seg) => seg.startsWith('.') || seg === 'node_modules');
}

/**
 * Git revision of the work tree holding `dir`, and whether the build's inputs
 * changed: `files` (repository-relative paths the compile read) modified or
 * untracked, or a tracked contract file deleted. Anything else in the tree
 * (the build's own output folder, editor swap files) leaves it clean, so the
 * bundle id depends only on what was compiled. Null revision outside Git.
 */
export async function sourceRevision(dir: string, files: readonly string[]): Promise<{ revision: string | null; dirty: boolean }> {
  try {
    // Loaded on use, like jose below: a build pays only for what it needs.
    const { simpleGit } = await import('simple-git');
    const git = simpleGit({ baseDir: dir });
    if ((await git.revparse(['--is-inside-work-tree'])).trim() !== 'true') return { revision: null, dirty: false };
    const revision = (await git.revparse(['HEAD'])).trim();
    // Literal pathspecs: a file named `*.yaml` or `:x` means itself.
    for (let i = 0; i < files.length; i += PATHSPEC_BATCH) {
      const batch = files.slice(i, i + PATHSPEC_BATCH);
      const status = await git.raw(['--literal-pathspecs', 'status', '--porcelain', '--untracked-files=all', '--', ...batch]);
      if (status.trim() !== '') return { revision, dirty: true };
    }
    // A deleted contract was not read, yet its absence changes the bundle.
    const deleted = await git.raw(['ls-files', '--deleted', '--', '.']);
    const deletedContract = deleted.split('\n').some((line) => line !== '' && scannedYaml(line));
    return { revision, dirty: deletedContract };
  } catch {
    return { revision: null, dirty: false };
  }
}

/** Problems of loading and validating `repo` (validation only runs on a repository that loaded cleanly). */
export function checkContracts(repo: LoadedRepository, opts: { env?: string } = {}): Problem[] {
  const problems: Problem[] = [...repo.problems];
  if (!hasErrors(problems)) problems.push(...validateContracts(repo, opts.env ? { env: opts.env } : {}));
  return problems;
}

/** The bundle's compiled tables, before the source revision and the id are added. */
type Compiled = Omit<Bundle, 'id' | 'source'>;

/**
 * Everything after validation: OpenAPI import, tool and route synthesis,
 * skills, tables. `repo` must have passed `checkContracts` without errors.
 * `compiled` is null when any problem is an error. `uac validate` stops here:
 * it needs the problems, not the bundle's revision or encoding.
 */
export async function compileContracts(repo: LoadedRepository, opts: CompileOptions = {}): Promise<{ compiled: Compiled | null; problems: Problem[] }> {
  const problems: Problem[] = [];
  const docs = repo.docs;
  const projectDoc = ofKind(docs, 'Project')[0]!;
  const project = projectDoc.spec as ProjectSpec;
  const envName = opts.env ?? Object.keys(project.environments)[0] ?? 'default';
  const vars = project.environments[envName]?.vars ?? {};
  const defaultPolicies = project.defaults?.policies ?? [];
  const clients = clientLimits(project);

  // Operations of every API.
  const apis = ofKind(docs, 'API').sort(byKey((d) => d.metadata.name));
  const perApi: Array<{ doc: ContractDocument<'API'>; ops: ApiOperation[] }> = [];
  const reader = await prepareOpenApi(apis, repo, { lint: opts.openapiLint === true });
  for (const doc of apis) {
    const progress = opts.progress
      ? (done: number, total: number) => opts.progress!(`${doc.metadata.name}: ${done}/${total} operations`)
      : undefined;
    const r = collectOperations(doc, reader, progress);
    problems.push(...r.problems);
    perApi.push({ doc, ops: r.operations });
  }

  // Tool names across all APIs.
  const requests: NameRequest[] = [];
  for (const { doc, ops } of perApi) {
    for (const a of ops) {
      if (!exposure(doc.spec, a).mcp) continue;
      const explicitName = a.spec?.mcp?.name;
      const i = a.specIndex;
      const xName = a.op.xMcp?.name;
      requests.push({
        routeId: routeId(doc.metadata.name, a.op),
        operationId: a.op.operationId,
        method: a.op.method,
        path: a.op.path,
        at: a.op.at,
        ...(explicitName !== undefined ? { explicit: { name: explicitName, at: () => doc.at(['spec', 'operations', i!, 'mcp', 'name']) } } : {}),
        ...(typeof xName === 'string' ? { xMcp: { name: xName, at: a.op.xMcpNameAt ?? a.op.at } } : {}),
      });
    }
  }
  const named = assignToolNames(requests, clients.maxToolNameLength);
  problems.push(...named.problems);

  const routes: Route[] = [];
  const tools: Tool[] = [];
  for (const { doc, ops } of perApi) {
    for (const a of ops) {
      const { route, tool } = synthesize(doc, a, { vars, defaultPolicies, toolNames: named.names });
      routes.push(route);
      if (tool) tools.push(tool);
    }
  }
  routes.sort(byKey((r) => r.id));
  problems.push(...routeConflicts(perApi, routes));
  tools.sort(byKey((t) => t.name));
  if (tools.length > clients.maxTools) {
    problems.push(
      problem('UAC350', projectDoc.at(['spec', 'clients', 'maxTools']), `${tools.length} MCP tools, over clients.maxTools ${clients.maxTools}`),
    );
  }

  // Skills and their prompts.
  const toolNames = new Set(tools.map((t) => t.name));
  const skills: Skill[] = [];
  const prompts: Prompt[] = [];
  const promptAt = new Map<string, string>();
  for (const doc of ofKind(docs, 'Skill').sort(byKey((d) => d.metadata.name))) {
    const r = packSkill(doc, repo, defaultPolicies);
    problems.push(...r.problems, ...checkSkillTools(doc, toolNames));
    if (!r.packed) continue;
    skills.push(r.packed.skill);
    const p = r.packed.prompt;
    if (p) {
      const other = promptAt.get(p.name);
      if (other !== undefined) {
        problems.push(problem('UAC356', doc.at(['spec', 'prompt']), `prompt ${p.name} is also published by skill ${other}`));
      } else {
        promptAt.set(p.name, doc.metadata.name);
        prompts.push(p);
      }
    }
  }
  skills.sort(byKey((s) => s.name));
  prompts.sort(byKey((p) => p.name));

  const sorted = sortProblems(dedupe(problems));
  if (hasErrors(sorted)) return { compiled: null, problems: sorted };

  const policies = policyTable(ofKind(docs, 'Policy'));
  const compiled: Compiled = {
    format: BUNDLE_FORMAT,
    project: projectDoc.metadata.name,
    environment: envName,
    compiler: COMPILER_ID,
    tools,
    prompts,
    skills,
    routes,
    llmRoutes: llmRouteTable(ofKind(docs, 'LLMRoute'), vars, defaultPolicies),
    policies,
    consumers: consumerTable(ofKind(docs, 'Consumer')),
    auth: authConfig(project, policies),
    clients,
  };
  return { compiled, problems: sorted };
}

export async function compileRepo(dir: string, opts: CompileOptions = {}): Promise<CompileResult> {
  const repo = await loadRepository(dir);
  const checked = checkContracts(repo, opts);
  // Later stages read validated documents only.
  if (hasErrors(checked)) return { bundle: null, problems: sortProblems(checked) };
  const { compiled, problems } = await compileContracts(repo, opts);
  const all = sortProblems([...checked, ...problems]);
  if (!compiled) return { bundle: null, problems: all };
  const { bundle, text } = withId({ ...compiled, source: await sourceRevision(repo.root, repo.readPaths()) });
  FILE_TEXT.set(bundle, text);
  return { bundle, problems: all };
}

/** File texts of bundles compiled in this process (the canonical encoding is the costly part of a build). */
const FILE_TEXT = new WeakMap<Bundle, string>();

/**
 * Adds the id (sha256 over the canonical JSON of `body`, as computeBundleId
 * does) and builds the canonical text of the whole bundle in the same pass:
 * each top-level member is encoded once and shared by both texts.
 */
function withId(body: Omit<Bundle, 'id'>): { bundle: Bundle; text: string } {
  const record = body as unknown as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => ({ key: k, text: `${JSON.stringify(k)}:${canonicalJson(record[k])}` }));
  const id = `sha256:${sha256Hex(`{${members.map((m) => m.text).join(',')}}`)}`;
  const idMember = { key: 'id', text: `"id":${JSON.stringify(id)}` };
  const all = [...members, idMember].sort((a, b) => (a.key < b.key ? -1 : 1));
  const bundle = { ...body, id } as Bundle;
  return { bundle, text: `{${all.map((m) => m.text).join(',')}}` };
}

/**
 * The text of `bundle.json`: the canonical JSON of the bundle (the exact bytes
 * whose id-less form is hashed), newline-terminated.
 */
export function serializeBundle(bundle: Bundle): string {
  return `${FILE_TEXT.get(bundle) ?? canonicalJson(bundle)}\n`;
}

/** Writes `outDir/bundle.json` (and `bundle.json.sig`, a detached EdDSA JWS over the id, when a key is given). */
export async function writeBundle(
  bundle: Bundle,
  outDir: string,
  opts: { signKeyPem?: string } = {},
): Promise<{ bundlePath: string; signaturePath: string | null }> {
  await mkdir(outDir, { recursive: true });
  const bundlePath = path.join(outDir, 'bundle.json');
  await writeFile(bundlePath, serializeBundle(bundle));
  if (!opts.signKeyPem) return { bundlePath, signaturePath: null };
  const signaturePath = path.join(outDir, 'bundle.json.sig');
  const { signBundleId } = await import('../bundle/sign.js');
  await writeFile(signaturePath, `${await signBundleId(bundle.id, opts.signKeyPem)}\n`);
  return { bundlePath, signaturePath };
}
