/**
 * Skill folders → bundle skills (and prompts). SKILL.md frontmatter is checked
 * against the Agent Skills rules (UAC355), every file of the folder is packed
 * with its sha256 and size (UTF-8 text as is, anything else base64), and the
 * tools a skill names must be tools of the bundle (UAC354).
 */
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { sha256Hex } from '../../bundle/canonical.js';
import type { Prompt, Skill, SkillFile } from '../../bundle/types.js';
import type { ContractDocument } from '../model.js';
import type { Location, Problem } from '../problems.js';
import { problem } from '../validate/codes/index.js';

export interface SkillReader {
  readFile(relPath: string, from: Location, opts?: { encoding?: 'utf8' | 'buffer' }): { bytes?: Buffer; text?: string; problem?: Problem };
  listDir(relPath: string, from: Location): { files?: string[]; problem?: Problem };
}

/** Total bytes packed per skill: a bundle is loaded in memory by every runtime. */
export const MAX_SKILL_BYTES = 8 * 1024 * 1024;
const SKILL_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KNOWN_FIELDS = new Set(['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools']);

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits SKILL.md into frontmatter (parsed) and body. */
export function splitSkillMd(text: string): { frontmatter: unknown; body: string; error?: string } {
  const m = FRONTMATTER.exec(text.replace(/^\uFEFF/, ''));
  if (!m) return { frontmatter: null, body: text, error: 'SKILL.md must start with YAML frontmatter between --- lines' };
  try {
    return { frontmatter: parseYaml(m[1]!), body: text.replace(/^\uFEFF/, '').slice(m[0].length) };
  } catch (e) {
    return { frontmatter: null, body: text, error: `frontmatter is not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** Problems with a frontmatter, per the Agent Skills specification. */
export function frontmatterErrors(fm: unknown, folder: string): string[] {
  if (typeof fm !== 'object' || fm === null || Array.isArray(fm)) return ['frontmatter must be a YAML map'];
  const f = fm as Record<string, unknown>;
  const errors: string[] = [];
  const name = f['name'];
  if (typeof name !== 'string' || name.length === 0 || name.length > 64 || !SKILL_NAME.test(name)) {
    errors.push('`name` must be 1-64 lowercase letters, digits and single inner dashes');
  } else if (name !== folder) {
    errors.push(`\`name\` ${name} must equal the folder name ${folder}`);
  }
  const d = f['description'];
  if (typeof d !== 'string' || d.trim().length === 0 || d.length > 1024) {
    errors.push('`description` must be a non-empty string of at most 1024 characters');
  }
  if (f['license'] !== undefined && typeof f['license'] !== 'string') errors.push('`license` must be a string');
  const c = f['compatibility'];
  if (c !== undefined && (typeof c !== 'string' || c.length === 0 || c.length > 500)) {
    errors.push('`compatibility` must be a string of 1-500 characters');
  }
  const meta = f['metadata'];
  if (
    meta !== undefined &&
    (typeof meta !== 'object' || meta === null || Array.isArray(meta) || Object.values(meta).some((v) => typeof v !== 'string'))
  ) {
    errors.push('`metadata` must map strings to strings');
  }
  if (f['allowed-tools'] !== undefined && typeof f['allowed-tools'] !== 'string') {
    errors.push('`allowed-tools` must be a space-separated string');
  }
  for (const k of Object.keys(f)) if (!KNOWN_FIELDS.has(k)) errors.push(`unknown field \`${k}\``);
  return errors;
}

function fileEntry(rel: string, bytes: Buffer): SkillFile {
  const sha256 = sha256Hex(bytes);
  let text: string | null = null;
  if (!bytes.includes(0)) {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      text = null;
    }
  }
  return text === null
    ? { path: rel, sha256, size: bytes.length, encoding: 'base64', content: bytes.toString('base64') }
    : { path: rel, sha256, size: bytes.length, encoding: 'utf8', content: text };
}

export interface PackedSkill {
  skill: Skill;
  prompt: Prompt | null;
}

export function packSkill(
  doc: ContractDocument<'Skill'>,
  repo: SkillReader,
  defaultPolicies: string[],
): { packed: PackedSkill | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const at = doc.at(['spec', 'path']);
  const listing = repo.listDir(doc.spec.path, at);
  if (listing.problem || !listing.files) {
    if (listing.problem) problems.push(listing.problem);
    return { packed: null, problems };
  }
  const files: SkillFile[] = [];
  let total = 0;
  let skillMd: string | null = null;
  for (const rel of listing.files) {
    const read = repo.readFile(`${doc.spec.path}/${rel}`, at, { encoding: 'buffer' });
    if (read.problem || !read.bytes) {
      if (read.problem) problems.push(read.problem);
      continue;
    }
    total += read.bytes.length;
    if (total > MAX_SKILL_BYTES) {
      problems.push(problem('UAC006', at, `skill folder ${doc.spec.path} holds more than ${MAX_SKILL_BYTES} bytes`));
      return { packed: null, problems };
    }
    const entry = fileEntry(rel, read.bytes);
    if (rel === 'SKILL.md') skillMd = entry.encoding === 'utf8' ? entry.content : null;
    files.push(entry);
  }
  if (skillMd === null) {
    problems.push(problem('UAC104', at, `no UTF-8 SKILL.md in ${doc.spec.path}`));
    return { packed: null, problems };
  }
  const skillMdAt: Location = {
    file: path.posix.normalize(path.posix.join(path.posix.dirname(doc.file), doc.spec.path, 'SKILL.md')),
    line: 1,
    column: 1,
  };
  const split = splitSkillMd(skillMd);
  const folder = path.posix.basename(path.posix.normalize(doc.spec.path));
  const errors = split.error ? [split.error] : frontmatterErrors(split.frontmatter, folder);
  for (const e of errors) problems.push(problem('UAC355', skillMdAt, e));
  if (errors.length > 0) return { packed: null, problems };

  const fm = split.frontmatter as Record<string, unknown>;
  const name = fm['name'] as string;
  const description = fm['description'] as string;
  const policies = doc.spec.policies ?? defaultPolicies;
  const skill: Skill = {
    name,
    uri: `skill://${name}/SKILL.md`,
    description,
    frontmatter: fm,
    tools: doc.spec.tools ?? [],
    files,
    policies,
  };
  const p = doc.spec.prompt;
  const prompt: Prompt | null = p
    ? {
        name: p.name ?? name,
        description: p.description ?? description,
        arguments: (p.arguments ?? []).map((a) => ({
          name: a.name,
          ...(a.description ? { description: a.description } : {}),
          required: a.required === true,
        })),
        skill: name,
        template: split.body,
        policies,
      }
    : null;
  return { packed: { skill, prompt }, problems };
}

/** UAC354 for every tool a skill names that the bundle does not expose over MCP. */
export function checkSkillTools(doc: ContractDocument<'Skill'>, toolNames: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  (doc.spec.tools ?? []).forEach((t, i) => {
    if (!toolNames.has(t)) {
      problems.push(problem('UAC354', doc.at(['spec', 'tools', i]), `skill ${doc.metadata.name} names tool ${t}, which the bundle does not have`));
    }
  });
  return problems;
}
