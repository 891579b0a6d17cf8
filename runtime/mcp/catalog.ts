/**
 * Prompts and skills of one bundle (SPEC 2 "Skill", 6.1 "Skills extension"),
 * indexed once per bundle: skill entries as the Skills extension lists them
 * (`{uri, digest: "sha256:<hex>", size}` per file, frontmatter verbatim),
 * file contents by URI, folder listings by URI, and who may see what.
 */
import type { Resource } from '@modelcontextprotocol/server';
import type { Skill as SkillEntry } from '@modelcontextprotocol/server/ext/skills';
import { authDecision } from '../activate/active-bundle.js';
import type { Bundle, Policy, Prompt, Skill } from '../../bundle/types.js';
import type { Caller } from '../pipeline/types.js';

const DIRECTORY_MIME_TYPE = 'inode/directory';

export interface SkillFileContent {
  mimeType: string;
  text?: string;
  bytes?: Uint8Array;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  md: 'text/markdown',
  txt: 'text/plain',
  json: 'application/json',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  py: 'text/x-python',
  sh: 'text/x-shellscript',
  js: 'text/javascript',
  ts: 'text/typescript',
  html: 'text/html',
  csv: 'text/csv',
};

function mimeTypeOf(path: string, encoding: 'utf8' | 'base64'): string {
  const ext = path.includes('.') ? (path.split('.').pop() ?? '').toLowerCase() : '';
  return MIME_BY_EXTENSION[ext] ?? (encoding === 'utf8' ? 'text/plain' : 'application/octet-stream');
}

/** `skill://<name>/` — the folder URI of a skill, from its SKILL.md URI. */
function skillRoot(skill: Skill): string {
  return skill.uri.slice(0, skill.uri.length - 'SKILL.md'.length);
}

interface IndexedSkill {
  skill: Skill;
  entry: SkillEntry;
  policies: Policy[];
}

export class BundleCatalog {
  private readonly skills: IndexedSkill[];
  private readonly files = new Map<string, { skill: IndexedSkill; content: SkillFileContent }>();
  private readonly directories = new Map<string, { skill: IndexedSkill; resources: Resource[] }>();
  private readonly prompts: Array<{ prompt: Prompt; policies: Policy[] }>;
  /** True when some prompt or skill is hidden from some callers (→ cacheScope private). */
  readonly dependsOnCaller: boolean;

  constructor(bundle: Bundle) {
    const policiesOf = (names: string[]) => names.map((n) => bundle.policies[n]).filter((p): p is Policy => p !== undefined);
    this.prompts = bundle.prompts.map((prompt) => ({ prompt, policies: policiesOf(prompt.policies) }));
    this.skills = bundle.skills.map((skill) => {
      const root = skillRoot(skill);
      const entry: SkillEntry = {
        uri: skill.uri,
        frontmatter: skill.frontmatter as SkillEntry['frontmatter'],
        resources: skill.files.map((f) => ({ uri: `${root}${f.path}`, digest: `sha256:${f.sha256}`, size: f.size })),
      };
      return { skill, entry, policies: policiesOf(skill.policies) };
    });
    for (const indexed of this.skills) this.indexFiles(indexed);
    const restricted = (policies: Policy[]) => policies.some((p) => !p.auth.methods.includes('none'));
    this.dependsOnCaller = this.prompts.some((p) => restricted(p.policies)) || this.skills.some((s) => restricted(s.policies));
  }

  private indexFiles(indexed: IndexedSkill): void {
    const root = skillRoot(indexed.skill);
    const folder = (uri: string) => {
      let dir = this.directories.get(uri);
      if (dir === undefined) {
        dir = { skill: indexed, resources: [] };
        this.directories.set(uri, dir);
      }
      return dir;
    };
    folder(root);
    for (const file of indexed.skill.files) {
      const uri = `${root}${file.path}`;
      const mimeType = mimeTypeOf(file.path, file.encoding);
      const content: SkillFileContent =
        file.encoding === 'utf8' ? { mimeType, text: file.content } : { mimeType, bytes: Buffer.from(file.content, 'base64') };
      this.files.set(uri, { skill: indexed, content });
      // Every folder on the way lists its direct children; sub-folders once, as inode/directory.
      const segments = file.path.split('/');
      let dirUri = root;
      for (const [i, name] of segments.entries()) {
        const last = i === segments.length - 1;
        const childUri = last ? uri : `${dirUri}${name}/`;
        const dir = folder(dirUri);
        if (!dir.resources.some((r) => r.uri === childUri)) {
          dir.resources.push(
            last ? { uri: childUri, name, mimeType, size: file.size } : { uri: childUri, name, mimeType: DIRECTORY_MIME_TYPE },
          );
        }
        if (!last) folder(childUri);
        dirUri = childUri;
      }
    }
  }

  get hasPrompts(): boolean {
    return this.prompts.length > 0;
  }

  get hasSkills(): boolean {
    return this.skills.length > 0;
  }

  listPrompts(caller: Caller): Prompt[] {
    return this.prompts.filter((p) => authDecision(caller, p.policies) === null).map((p) => p.prompt);
  }

  prompt(caller: Caller, name: string): Prompt | undefined {
    const found = this.prompts.find((p) => p.prompt.name === name);
    return found !== undefined && authDecision(caller, found.policies) === null ? found.prompt : undefined;
  }

  listSkills(caller: Caller): SkillEntry[] {
    return this.skills.filter((s) => authDecision(caller, s.policies) === null).map((s) => s.entry);
  }

  skill(caller: Caller, uri: string): SkillEntry | undefined {
    const found = this.skills.find((s) => s.entry.uri === uri);
    return found !== undefined && authDecision(caller, found.policies) === null ? found.entry : undefined;
  }

  read(caller: Caller, uri: string): SkillFileContent | undefined {
    const found = this.files.get(uri);
    return found !== undefined && authDecision(caller, found.skill.policies) === null ? found.content : undefined;
  }

  readDirectory(caller: Caller, uri: string): Resource[] | undefined {
    const key = uri.endsWith('/') ? uri : `${uri}/`;
    const found = this.directories.get(key);
    return found !== undefined && authDecision(caller, found.skill.policies) === null ? found.resources : undefined;
  }

  /** Each visible SKILL.md, as `resources/list` shows it. */
  skillResources(caller: Caller): Resource[] {
    return this.listSkills(caller).map((entry) => {
      const skill = this.skills.find((s) => s.entry === entry)?.skill;
      return { uri: entry.uri, name: skill?.name ?? entry.uri, description: skill?.description ?? '', mimeType: 'text/markdown' };
    });
  }
}

/** SKILL.md body with `{{argument}}` placeholders filled; unknown placeholders stay as written. */
export function renderPrompt(template: string, args: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(args, name) ? (args[name] ?? '') : whole));
}
