import { defineCodes } from './registry.js';

/** 1xx: references between documents and to files. */
export const REFERENCE_CODES = defineCodes(
  [100, 199],
  [
    {
      code: 'UAC101',
      severity: 'error',
      title: 'Unknown policy',
      doc: 'An API, operation, skill, LLM route or the Project defaults name a Policy that no document defines.',
      hint: 'Define a Policy with that metadata.name, or fix the name.',
    },
    {
      code: 'UAC102',
      severity: 'error',
      title: 'Referenced file not found',
      doc: 'A file a contract points at (OpenAPI document, skill folder) does not exist. Paths are relative to the contract file’s folder.',
      hint: 'Fix the path (relative to the folder of the file that references it).',
    },
    {
      code: 'UAC103',
      severity: 'error',
      title: 'Path outside the repository',
      doc: 'Contracts may only reference files inside the contract repository: no absolute paths, no `..` escaping the root, no symlinks pointing outside.',
      hint: 'Copy the file into the repository and reference it with a relative path.',
    },
    {
      code: 'UAC104',
      severity: 'error',
      title: 'SKILL.md missing',
      doc: 'A Skill’s `spec.path` must be a folder holding a SKILL.md (Agent Skills format).',
      hint: 'Create SKILL.md in the folder (frontmatter `name` = folder name, `description`).',
    },
    {
      code: 'UAC105',
      severity: 'warning',
      title: 'Consumer scope used by no policy',
      doc: 'A consumer holds a scope that no Policy requires; usually a typo in the scope name.',
      hint: 'Check the scope against the policies’ `auth.scopes`, or remove it.',
    },
    {
      code: 'UAC106',
      severity: 'warning',
      title: 'Policy scope held by no consumer',
      doc: 'A Policy requires a scope no Consumer holds, so only JWT callers with that scope can pass it.',
      hint: 'Grant the scope to the consumers that need it, or fix the scope name.',
    },
    {
      code: 'UAC107',
      severity: 'error',
      title: 'Wrong file type',
      doc: 'A path points at a folder where a file is expected, or at a file where a folder is expected.',
      hint: 'Point the path at the right kind of entry.',
    },
    {
      code: 'UAC108',
      severity: 'error',
      title: 'Credential shared by two consumers',
      doc: 'The same API key hash, JWT subject or certificate fingerprint identifies two consumers, so the gateway could not tell which one calls.',
      hint: 'Give each consumer its own credential (`uac consumer add` makes a fresh key).',
    },
    {
      code: 'UAC109',
      severity: 'warning',
      title: 'API without operations',
      doc: 'The API has neither an `openapi` import nor `operations`, so it serves nothing.',
      hint: 'Add `openapi.path` or hand-written `operations`, or remove the API.',
    },
  ],
);
