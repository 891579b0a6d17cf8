/**
 * `uac generate`: renders a target's templates over the compiled bundle.
 * Pure: returns the files; compiler/generate/write.ts puts them on disk.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Bundle } from '../../bundle/types.js';
import { catalog } from './catalog.js';
import { dockerCompose } from './docker-compose.js';
import { GenerateError } from './errors.js';
import { githubWorkflow } from './github-workflow.js';
import { kubernetes } from './kubernetes.js';
import { mcpClients } from './mcp-clients.js';
import { openapi } from './openapi.js';
import type { Target, TargetFile } from './target.js';
import { describeSource, type TemplateSource, TemplateSet } from './templates.js';

export { GenerateError } from './errors.js';
export type { Target } from './target.js';

export const TARGETS: readonly Target[] = [mcpClients, dockerCompose, kubernetes, catalog, openapi, githubWorkflow];

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8080';

export function findTarget(name: string): Target {
  const target = TARGETS.find((t) => t.name === name);
  if (!target) {
    throw new GenerateError('unknown-target', `unknown target '${name}' (targets: ${TARGETS.map((t) => t.name).join(', ')})`);
  }
  return target;
}

export interface GeneratedFile {
  path: string;
  content: string;
}

export interface GenerateOptions {
  gatewayUrl?: string;
  /** Folder whose files replace shipped templates of the same name. */
  templatesDir?: string;
  /** The contract repository's folder; workflows name it relative to its Git work tree. */
  contractsDir?: string;
}

/**
 * The contract repository as a workflow sees it: relative to the root of the
 * Git work tree that holds it (the nearest folder with a `.git`), `/`-separated,
 * `.` for the root itself. Outside Git, or when given nothing, `.`; never an
 * absolute path, so the output is the same on every machine.
 */
export function repoRelativeDir(dir: string | undefined): string {
  if (dir === undefined) return '.';
  const abs = resolve(dir);
  for (let root = abs; ; root = dirname(root)) {
    if (existsSync(join(root, '.git'))) return relative(root, abs).split(sep).join('/') || '.';
    if (dirname(root) === root) return '.';
  }
}

/** `http(s)://host[:port][/prefix]`, normalized without a trailing slash. */
export function normalizeGatewayUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GenerateError('gateway-url', `--gateway-url '${raw}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GenerateError('gateway-url', `--gateway-url must be http:// or https:// (got '${raw}')`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new GenerateError('gateway-url', `--gateway-url must have no query, fragment or credentials (got '${raw}')`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function generate(target: Target, bundle: Bundle, opts: GenerateOptions = {}): GeneratedFile[] {
  const templates = new TemplateSet(opts.templatesDir === undefined ? {} : { overrideDir: opts.templatesDir });
  // Every template compiles before anything renders: a broken one fails the whole run.
  const renders = target.files.map((f) => ({ file: f, render: templates.load(f.template) }));
  const view = target.view({
    bundle,
    gatewayUrl: normalizeGatewayUrl(opts.gatewayUrl ?? DEFAULT_GATEWAY_URL),
    contractsDir: repoRelativeDir(opts.contractsDir),
  });
  return renders.map(({ file, render }) => {
    const content = tidy(render(view), file.syntax);
    checkSyntax(file, templates.source(file.template), content);
    return { path: file.path, content };
  });
}

/**
 * Files end with exactly one newline. In Markdown, conditional sections leave
 * runs of blank lines that mean nothing there; JSON and YAML are left as the
 * template wrote them (a blank line may sit inside a YAML block scalar).
 */
function tidy(text: string, syntax: TargetFile['syntax']): string {
  const body = syntax === 'markdown' ? text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n') : text;
  return `${body.replace(/\s+$/, '')}\n`;
}

function checkSyntax(file: TargetFile, src: TemplateSource, content: string): void {
  let problem: string | undefined;
  if (file.syntax === 'json') {
    try {
      JSON.parse(content);
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
  } else if (file.syntax === 'yaml') {
    const errors = parseAllDocuments(content, { prettyErrors: true }).flatMap((d) => ('errors' in d ? d.errors : []));
    if (errors[0]) problem = errors[0].message;
  }
  if (problem !== undefined) {
    throw new GenerateError(
      'invalid-output',
      `template ${describeSource(src)} produced invalid ${file.syntax.toUpperCase()} for ${file.path}: ${problem}`,
      { template: file.template },
    );
  }
}
