/**
 * The MCP face of one ActiveBundle, computed once when the bundle is first
 * served and reused by every request on it: tool descriptors, `tools/list`
 * results per caller class, and fingerprints that tell a swap whether the
 * tool/prompt/resource lists changed (SPEC 6.1 "List changes").
 */
import { canonicalJson } from '../../bundle/canonical.js';
import type { Route, Tool } from '../../bundle/types.js';
import type { Caller } from '../pipeline/types.js';
import { BundleCatalog } from './catalog.js';
import type { ActiveBundle } from './ports.js';

/** `_meta` key naming the bundle a list answer was computed from. */
export const BUNDLE_META_KEY = 'dev.uac/bundle';
/** How long clients may cache list answers; a swap that changes them is announced on listen streams. */
export const LIST_TTL_MS = 60_000;

export interface ServedTool {
  tool: Tool;
  route: Route;
  /** The tool exactly as `tools/list` shows it. */
  descriptor: Record<string, unknown>;
}

export type ListToolsResult = Record<string, unknown> & { tools: Record<string, unknown>[] };

/** Upper bound of cached per-caller list answers per bundle (a cache, not a leak). */
const MAX_CALLER_CLASSES = 1024;

function toolDescriptor(tool: Tool): Record<string, unknown> {
  const descriptor: Record<string, unknown> = { name: tool.name };
  if (tool.title !== undefined) descriptor.title = tool.title;
  descriptor.description = tool.description;
  descriptor.inputSchema = tool.inputSchema;
  if (tool.outputSchema !== undefined) descriptor.outputSchema = tool.outputSchema;
  if (Object.keys(tool.annotations).length > 0) descriptor.annotations = tool.annotations;
  return descriptor;
}

function callerKey(caller: Caller): string {
  return JSON.stringify([caller.consumer, caller.tenant, caller.method, [...caller.scopes].sort()]);
}

export class BundleSurface {
  readonly tools: ReadonlyMap<string, ServedTool>;
  /** Changes exactly when some caller's `tools/list` answer could change. */
  readonly toolsFingerprint: string;
  readonly promptsFingerprint: string;
  readonly resourcesFingerprint: string;
  private readonly lists = new Map<string, ListToolsResult>();
  private catalogIndex: BundleCatalog | undefined;

  constructor(readonly active: ActiveBundle) {
    const tools = new Map<string, ServedTool>();
    const names = [...active.tools.keys()].sort();
    for (const name of names) {
      const entry = active.tools.get(name);
      if (entry !== undefined) tools.set(name, { ...entry, descriptor: toolDescriptor(entry.tool) });
    }
    this.tools = tools;
    const bundle = active.bundle;
    // Visibility depends on the routes' policies' auth and on consumers, so both are part of the print.
    const visibility = [...tools.values()].map((t) => ({
      tool: t.descriptor,
      policies: t.route.policies.map((p) => bundle.policies[p]?.auth ?? null),
    }));
    this.toolsFingerprint = canonicalJson({ visibility, consumers: bundle.consumers.map((c) => [c.name, c.tenant, c.scopes]) });
    this.promptsFingerprint = canonicalJson(bundle.prompts);
    this.resourcesFingerprint = canonicalJson(
      bundle.skills.map((s) => ({ uri: s.uri, description: s.description, files: s.files.map((f) => [f.path, f.sha256]) })),
    );
  }

  /** Prompts and skills, indexed on first use (most traffic never asks for them). */
  get catalog(): BundleCatalog {
    this.catalogIndex ??= new BundleCatalog(this.active.bundle);
    return this.catalogIndex;
  }

  get cacheScope(): 'public' | 'private' {
    return this.active.listDependsOnCaller ? 'private' : 'public';
  }

  /** The `tools/list` result (before era encoding) for this caller. */
  listTools(caller: Caller): ListToolsResult {
    const key = callerKey(caller);
    const cached = this.lists.get(key);
    if (cached !== undefined) return cached;
    const visible: Record<string, unknown>[] = [];
    for (const served of this.tools.values()) {
      if (this.active.mayCall(caller, served.route)) visible.push(served.descriptor);
    }
    const result: ListToolsResult = {
      tools: visible,
      ttlMs: LIST_TTL_MS,
      cacheScope: this.cacheScope,
      _meta: { [BUNDLE_META_KEY]: this.active.id },
    };
    if (this.lists.size >= MAX_CALLER_CLASSES) this.lists.clear();
    this.lists.set(key, result);
    return result;
  }
}

const surfaces = new WeakMap<ActiveBundle, BundleSurface>();

/** The (memoised) surface of a bundle; built on first use so a swap costs nothing until traffic arrives. */
export function surfaceOf(active: ActiveBundle): BundleSurface {
  let surface = surfaces.get(active);
  if (surface === undefined) {
    surface = new BundleSurface(active);
    surfaces.set(active, surface);
  }
  return surface;
}
