/**
 * Handlebars templates for `uac generate`: the ones shipped in the package
 * (compiler/generate/templates/, listed in package.json "files"), each of
 * which a user can replace by putting a file of the same name in a
 * `--templates` folder. Templates are compiled strictly (an unknown field or
 * helper is an error with its line) and without HTML escaping: the outputs
 * are JSON, YAML and Markdown, and the helpers do the quoting.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { HELPERS } from './helpers.js';
import { GenerateError } from './errors.js';

/**
 * The shipped templates, found relative to this module so neither layout
 * needs a copy step: source (compiler/generate/) and build
 * (dist/compiler/generate/ → ../../../compiler/generate/templates).
 */
export function builtinTemplatesDir(moduleUrl: string = import.meta.url): string {
  for (const rel of ['./templates/', '../../../compiler/generate/templates/']) {
    const dir = fileURLToPath(new URL(rel, moduleUrl));
    if (existsSync(join(dir, 'catalog.md.hbs'))) return dir;
  }
  throw new GenerateError('templates-missing', 'the built-in templates folder compiler/generate/templates was not found');
}

export type Render = (context: unknown) => string;

/** Where a template came from, for error messages. */
export interface TemplateSource {
  name: string;
  file: string;
  overridden: boolean;
}

const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];

/** One Handlebars environment per generation, so helpers never leak into the global instance. */
export class TemplateSet {
  private readonly hb = Handlebars.create();
  private readonly builtinDir: string;
  private readonly overrideDir: string | undefined;
  private readonly cache = new Map<string, Render>();

  constructor(opts: { overrideDir?: string } = {}) {
    this.builtinDir = builtinTemplatesDir();
    if (opts.overrideDir !== undefined) {
      let isDir = false;
      try {
        isDir = statSync(opts.overrideDir).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir) throw new GenerateError('templates-dir', `--templates ${opts.overrideDir} is not a readable folder`);
    }
    this.overrideDir = opts.overrideDir;
    for (const [name, fn] of Object.entries(HELPERS)) this.hb.registerHelper(name, fn);
  }

  /** The user's file when one of that name exists, else the shipped one. */
  source(name: string): TemplateSource {
    if (this.overrideDir !== undefined) {
      const file = join(this.overrideDir, name);
      if (existsSync(file)) return { name, file, overridden: true };
    }
    return { name, file: join(this.builtinDir, name), overridden: false };
  }

  /** Compiles eagerly so a syntax error surfaces before anything is written. */
  load(name: string): Render {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const src = this.source(name);
    let text: string;
    try {
      text = readFileSync(src.file, 'utf8');
    } catch (err) {
      throw new GenerateError('template-read', `cannot read template ${describeSource(src)}: ${errMessage(err)}`);
    }
    const options: CompileOptions = {
      strict: true,
      noEscape: true,
      knownHelpersOnly: true,
      knownHelpers: Object.fromEntries([...BUILTIN_HELPERS, ...Object.keys(HELPERS)].map((h) => [h, true])),
    };
    let template: Handlebars.TemplateDelegate;
    try {
      // precompile runs the parser and the compiler's checks (unknown helpers) right away.
      this.hb.precompile(text, options);
      template = this.hb.compile(text, options);
    } catch (err) {
      throw templateError('template-syntax', src, err);
    }
    const render: Render = (context) => {
      try {
        return template(context, { allowProtoPropertiesByDefault: false });
      } catch (err) {
        if (err instanceof GenerateError) throw err;
        throw templateError('template-render', src, err);
      }
    };
    this.cache.set(name, render);
    return render;
  }
}

type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;

export function describeSource(src: TemplateSource): string {
  return src.overridden ? `${src.name} (from ${src.file})` : src.name;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Handlebars reports positions two ways: `lineNumber` on compiler errors
 * ("… - 2:5" in the message) and "Parse error on line N:" from the parser.
 * Both become "template NAME line N: what".
 */
function templateError(code: 'template-syntax' | 'template-render', src: TemplateSource, err: unknown): GenerateError {
  let message = errMessage(err);
  let line: number | undefined;
  const withLine = err as { lineNumber?: unknown };
  if (typeof withLine.lineNumber === 'number') {
    line = withLine.lineNumber;
    message = message.replace(/ - \d+:\d+$/, '');
  } else {
    const m = /^Parse error on line (\d+):\n?/.exec(message);
    if (m) {
      line = Number(m[1]);
      message = `parse error\n${message.slice(m[0].length)}`;
    }
  }
  message = message.replace(/ in \[object Object\]/, '');
  const where = line === undefined ? `template ${describeSource(src)}` : `template ${describeSource(src)} line ${line}`;
  return new GenerateError(code, `${where}: ${message}`, { template: src.name, line });
}
