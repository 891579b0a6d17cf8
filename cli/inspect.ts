/**
 * `uac inspect BUNDLE [--tools|--routes|--policies] [--format human|json]
 * [--verify-key PEM]`: a summary of a bundle. The bundle is checked first
 * (schema and id, and the detached signature BUNDLE.sig with --verify-key);
 * a bundle that fails a check exits 1 with its stable code.
 */
import { readFile, stat } from 'node:fs/promises';
import { BundleError, MAX_BUNDLE_BYTES, parseBundle, verifyBundleSignature } from '../bundle/load.js';
import type { Bundle } from '../bundle/types.js';
import { oneOf, parseFlags, UsageError } from './args.js';

const HELP = `Usage: uac inspect BUNDLE [--tools|--routes|--policies] [--format human|json] [--verify-key PEM]

Prints a summary of a bundle after checking it against the bundle schema and
its id. --tools, --routes and --policies select sections (default: all).
--verify-key also verifies BUNDLE.sig with an Ed25519 public key (SPKI PEM).
`;

function toolsView(b: Bundle) {
  return b.tools.map((t) => ({
    name: t.name,
    title: t.title ?? null,
    route: t.route,
    annotations: t.annotations,
    hasOutputSchema: t.outputSchema !== undefined,
  }));
}

function routesView(b: Bundle) {
  return b.routes.map((r) => ({
    id: r.id,
    method: r.method,
    path: r.path,
    upstream: `${r.upstream.url}${r.upstream.path}`,
    policies: r.policies,
    expose: r.expose,
    tool: r.tool,
  }));
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

function human(b: Bundle, sections: Set<string>): string {
  const out: string[] = [
    `bundle   ${b.id}`,
    `project  ${b.project} (${b.environment})`,
    `source   ${b.source.revision ?? 'not a git checkout'}${b.source.dirty ? ' (dirty)' : ''}`,
    `compiler ${b.compiler}`,
    `contents ${b.tools.length} tools, ${b.routes.length} routes, ${b.prompts.length} prompts, ${b.skills.length} skills, ` +
      `${b.llmRoutes.length} LLM routes, ${Object.keys(b.policies).length} policies, ${b.consumers.length} consumers`,
  ];
  if (sections.has('tools')) {
    out.push('', 'Tools:');
    for (const t of b.tools) {
      const hints = Object.entries(t.annotations)
        .filter(([, v]) => v === true)
        .map(([k]) => k.replace(/Hint$/, ''));
      out.push(`  ${t.name}${hints.length ? ` [${hints.join(', ')}]` : ''} → ${t.route}`, `      ${firstLine(t.description)}`);
    }
  }
  if (sections.has('routes')) {
    out.push('', 'Routes:');
    for (const r of routesView(b)) {
      const via = [r.expose.rest ? 'rest' : null, r.tool ? `mcp:${r.tool}` : null].filter(Boolean).join(' ');
      out.push(`  ${r.method.padEnd(6)} ${r.path}  →  ${r.upstream}`, `      ${r.id}  policies: ${r.policies.join(', ') || '-'}  ${via}`);
    }
  }
  if (sections.has('policies')) {
    out.push('', 'Policies:');
    for (const p of Object.values(b.policies)) {
      const limits = p.rateLimit.map((l) => `${l.limit}/${l.windowMs}ms by ${l.by}`);
      out.push(
        `  ${p.name}: auth ${p.auth.methods.join('|')}${p.auth.scopes.length ? ` scopes ${p.auth.scopes.join(' ')}` : ''}` +
          `${limits.length ? `; rate ${limits.join(', ')}` : ''}` +
          `${p.tokens ? `; tokens ${p.tokens.limit}/${p.tokens.windowMs}ms by ${p.tokens.by}` : ''}` +
          `${p.quota ? `; quota ${p.quota.limit}/${p.quota.period} by ${p.quota.by}` : ''}` +
          `${p.maxBodyBytes !== null ? `; body ≤ ${p.maxBodyBytes} B` : ''}; fail ${p.failMode}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      tools: { type: 'boolean' },
      routes: { type: 'boolean' },
      policies: { type: 'boolean' },
      format: { type: 'string' },
      'verify-key': { type: 'string' },
    },
    HELP,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`expected one BUNDLE file\n\n${HELP}`);
  const format = oneOf('format', values.format, ['human', 'json'] as const, 'human');
  const file = positionals[0]!;

  let text: string;
  try {
    if ((await stat(file)).size > MAX_BUNDLE_BYTES) {
      process.stderr.write(`uac inspect: bundle_too_large: ${file} is larger than ${MAX_BUNDLE_BYTES} bytes\n`);
      return 1;
    }
    text = await readFile(file, 'utf8');
  } catch (e) {
    process.stderr.write(`uac inspect: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`);
    return 2;
  }
  let bundle: Bundle;
  try {
    bundle = parseBundle(text);
    if (values['verify-key']) {
      let key: string;
      let sig: string;
      try {
        key = await readFile(values['verify-key'], 'utf8');
        sig = await readFile(`${file}.sig`, 'utf8');
      } catch (e) {
        process.stderr.write(`uac inspect: cannot read the key or ${file}.sig (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`);
        return 2;
      }
      await verifyBundleSignature(bundle, sig, key);
    }
  } catch (e) {
    if (e instanceof BundleError) {
      process.stderr.write(`uac inspect: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }

  const chosen = ['tools', 'routes', 'policies'].filter((s) => values[s as 'tools']);
  const sections = new Set(chosen.length > 0 ? chosen : ['tools', 'routes', 'policies']);
  if (format === 'json') {
    const doc = {
      version: 1,
      id: bundle.id,
      verified: { id: true, signature: Boolean(values['verify-key']) },
      project: bundle.project,
      environment: bundle.environment,
      source: bundle.source,
      compiler: bundle.compiler,
      counts: {
        tools: bundle.tools.length,
        routes: bundle.routes.length,
        prompts: bundle.prompts.length,
        skills: bundle.skills.length,
        llmRoutes: bundle.llmRoutes.length,
        policies: Object.keys(bundle.policies).length,
        consumers: bundle.consumers.length,
      },
      ...(sections.has('tools') ? { tools: toolsView(bundle) } : {}),
      ...(sections.has('routes') ? { routes: routesView(bundle) } : {}),
      ...(sections.has('policies') ? { policies: bundle.policies } : {}),
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    process.stdout.write(human(bundle, sections));
  }
  return 0;
}
