import type { NodePath } from '../../model.js';
import type { Problem } from '../../problems.js';
import { REF_PATTERN } from '../../vars.js';
import type { Check } from '../check.js';
import { problem } from '../codes/index.js';
import { walkStrings } from '../walk.js';

/** Keys whose string value is a credential (compared lowercased, without `-` and `_`). */
const CREDENTIAL_KEY = /^(x?apikey|authorization|proxyauthorization|cookie|password|passwd|pwd|clientsecret|privatekey)$|(token|secret|password|apikey)$/;

/** Well-known credential shapes, wherever they appear. */
const CREDENTIAL_VALUES: Array<[RegExp, string]> = [
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/, 'an OpenAI/Anthropic-style secret key (sk-…)'],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{30,}/, 'a GitHub fine-grained token'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, 'a JWT'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:(?!\$\{secret:)[^/\s@]+@/i, 'a password in a URL'],
];

/** In header values: long opaque tokens (hex or base64) that are neither refs nor ordinary words. */
const OPAQUE_TOKEN = /(?:^|[\s:=])([A-Fa-f0-9]{32,}|[A-Za-z0-9+/_-]{32,}={0,2})(?:$|[\s;,])/;
/** Auth scheme words allowed in front of a `${secret:…}`. */
const SCHEME_WORDS = /^(bearer|basic|token|digest|apikey|api-key)$/i;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** What is left of a value once secret references and scheme words are removed. */
function literalPart(value: string): string {
  return value
    .replace(REF_PATTERN, (whole, kind: string) => (kind === 'secret' ? ' ' : whole))
    .split(/\s+/)
    .filter((w) => w !== '' && !SCHEME_WORDS.test(w))
    .join(' ');
}

function isHeaderValue(path: NodePath): boolean {
  return path.length === 4 && path[0] === 'spec' && path[1] === 'upstream' && path[2] === 'headers';
}

/** Why `value` (at `path`) looks like a credential, or undefined when it does not. */
export function credentialFinding(value: string, path: NodePath): string | undefined {
  const where = path.join('.');
  for (const [re, what] of CREDENTIAL_VALUES) if (re.test(value)) return `${where} contains what looks like ${what}`;
  const key = path[path.length - 1];
  const keyIsCredential = typeof key === 'string' && CREDENTIAL_KEY.test(normalizeKey(key));
  if (!keyIsCredential && !isHeaderValue(path)) return undefined;
  const literal = literalPart(value);
  if (literal === '') return undefined;
  if (keyIsCredential) {
    const viaVar = /\$\{var:/.test(literal);
    return `${where} holds a literal credential${viaVar ? ' (through a var, which puts the credential in uac.yaml)' : ''}`;
  }
  return OPAQUE_TOKEN.test(value) ? `header ${String(key)} holds a long opaque token that looks like a credential` : undefined;
}

/** Whether a value must not be echoed in a message (it may be a credential). */
export function mayBeCredential(value: string, path: NodePath): boolean {
  return credentialFinding(value, path) !== undefined || OPAQUE_TOKEN.test(value);
}

/** Credential-looking literals must be `${secret:…}` references. */
export const credentialsCheck: Check = {
  id: 'secrets.literals',
  codes: ['UAC503'],
  run(ctx) {
    const out: Problem[] = [];
    for (const doc of ctx.all) {
      const { spec, metadata } = doc as { spec?: unknown; metadata?: unknown };
      walkStrings({ metadata, spec }, (value, path) => {
        const finding = credentialFinding(value, path);
        if (finding) out.push(problem('UAC503', doc.at(path), finding));
      });
    }
    return out;
  },
};
