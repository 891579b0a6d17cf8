/**
 * Ajv validators for the contract schemas. Compiling them costs ~300 ms of
 * CPU, more than everything else `uac validate` does on a typical
 * repository, so the generated code is cached as a CommonJS module in the
 * package's own `node_modules/.cache/uac/` (keyed by a hash of the schemas,
 * the Ajv version and the options) and loaded from there on later runs.
 * Any problem with the cache falls back to compiling in memory.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, Options, ValidateFunction } from 'ajv/dist/2020.js';
import type standalone from 'ajv/dist/standalone/index.js';
import type { Kind } from '../model.js';

export const SCHEMA_FILES: Record<Kind, string> = {
  Project: 'project.schema.json',
  API: 'api.schema.json',
  Policy: 'policy.schema.json',
  Consumer: 'consumer.schema.json',
  Skill: 'skill.schema.json',
  LLMRoute: 'llmroute.schema.json',
};
const SHARED_FILES = ['common.schema.json'];
const ALL_FILES = [...SHARED_FILES, ...Object.values(SCHEMA_FILES)];

/** `verbose` keeps `parentSchema` on errors, where `x-uac-code` is read. */
const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true, discriminator: true };

const require = createRequire(import.meta.url);

/** Ajv itself is loaded only when the validators must be compiled (a cache miss). */
function ajvModules(): { Ajv: typeof Ajv2020; standaloneCode: typeof standalone.default } {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
  const standaloneCode = (require('ajv/dist/standalone/index.js') as typeof standalone).default;
  return { Ajv, standaloneCode };
}

/** The `schemas/` folder, from source (`compiler/validate`) or from `dist/compiler/validate`. */
export function schemasDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'schemas');
    if (fs.existsSync(path.join(candidate, 'common.schema.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('uac: cannot find the schemas/ folder of the package');
}

export type Validators = Map<Kind, ValidateFunction>;

/** Compiles the schemas with Ajv; `source: true` keeps the code for the cache. */
export function compileValidators(schemas: Record<string, object>, opts: { source?: boolean } = {}): { ajv: Ajv2020; validators: Validators } {
  const { Ajv } = ajvModules();
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: opts.source === true } });
  ajv.addKeyword({ keyword: 'x-uac-code', schemaType: 'string' });
  for (const file of ALL_FILES) ajv.addSchema(schemas[file]!, file);
  const validators: Validators = new Map();
  for (const [kind, file] of Object.entries(SCHEMA_FILES) as Array<[Kind, string]>) {
    const fn = ajv.getSchema(file);
    if (!fn) throw new Error(`uac: schema ${file} did not compile`);
    validators.set(kind, fn);
  }
  return { ajv, validators };
}

/** The package's `node_modules/.cache/uac/` (when the package has a node_modules folder). */
function defaultCacheDir(dir: string): string | undefined {
  const modules = path.join(path.dirname(dir), 'node_modules');
  return fs.existsSync(modules) ? path.join(modules, '.cache', 'uac') : undefined;
}

function cacheKey(texts: string[]): string {
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  return createHash('sha256').update(JSON.stringify([ajvVersion, AJV_OPTIONS, texts])).digest('hex').slice(0, 20);
}

function fromModule(mod: unknown): Validators | undefined {
  const out: Validators = new Map();
  for (const kind of Object.keys(SCHEMA_FILES) as Kind[]) {
    const fn = (mod as Record<string, unknown> | null)?.[kind];
    if (typeof fn !== 'function') return undefined;
    out.set(kind, fn as ValidateFunction);
  }
  return out;
}

/**
 * Validators from the cache when it is there and sound, else compiled (and
 * cached for next time). `cacheDir: null` disables the cache.
 */
export function loadValidators(opts: { cacheDir?: string | null } = {}): Validators {
  const dir = schemasDir();
  const texts = ALL_FILES.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir(dir) : opts.cacheDir;
  const file = cacheDir ? path.join(cacheDir, `contract-validators-${cacheKey(texts)}.cjs`) : undefined;
  if (file && fs.existsSync(file)) {
    try {
      const cached = fromModule(require(file));
      if (cached) return cached;
    } catch {
      // A damaged cache entry is rebuilt below.
    }
  }
  const schemas = Object.fromEntries(ALL_FILES.map((f, i) => [f, JSON.parse(texts[i]!) as object]));
  const { ajv, validators } = compileValidators(schemas, { source: file !== undefined });
  if (file) {
    try {
      const exportsByKind = Object.fromEntries(Object.entries(SCHEMA_FILES));
      const code = ajvModules().standaloneCode(ajv, exportsByKind);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Write then rename, so a concurrent run never loads half a file.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, file);
    } catch {
      // Read-only installs just compile every time.
    }
  }
  return validators;
}
