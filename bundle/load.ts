/**
 * Reading a bundle back: the runtime, `uac inspect` and `uac diff` use this to
 * refuse anything that is not exactly a bundle the compiler could have written
 * (JSON, the right format, valid against schemas/bundle.schema.json, and an id
 * that matches the content).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { computeBundleId } from './canonical.js';
import { SignatureError, verifyBundleId } from './sign.js';
import { BUNDLE_FORMAT, type Bundle } from './types.js';

export type BundleErrorCode =
  | 'bundle_too_large'
  | 'bundle_not_json'
  | 'bundle_format'
  | 'bundle_schema'
  | 'bundle_id_mismatch'
  | 'bundle_signature';

export class BundleError extends Error {
  readonly code: BundleErrorCode;
  constructor(code: BundleErrorCode, message: string) {
    super(message);
    this.name = 'BundleError';
    this.code = code;
  }
}

/** Largest bundle text accepted (a runtime keeps the whole bundle in memory). */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

let validator: ValidateFunction | null = null;

/** The compiled bundle schema (from `schemas/bundle.schema.json`, found from source and from `dist/`). */
function bundleValidator(): ValidateFunction {
  if (validator) return validator;
  let text: string | null = null;
  for (const rel of ['../schemas/bundle.schema.json', '../../schemas/bundle.schema.json']) {
    try {
      text = readFileSync(new URL(rel, import.meta.url), 'utf8');
      break;
    } catch {
      // try the next location
    }
  }
  if (text === null) throw new Error('schemas/bundle.schema.json not found next to the bundle module');
  const ajv = new Ajv2020({ allErrors: false, strict: true });
  validator = ajv.compile(JSON.parse(text) as object);
  return validator;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return 'does not match the bundle schema';
  return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`;
}

/** Parses and checks a bundle; throws BundleError with a stable code. */
export function parseBundle(text: string): Bundle {
  if (text.length > MAX_BUNDLE_BYTES) {
    throw new BundleError('bundle_too_large', `bundle is larger than ${MAX_BUNDLE_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BundleError('bundle_not_json', 'bundle is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BundleError('bundle_not_json', 'bundle is not a JSON object');
  }
  const format = (value as Record<string, unknown>)['format'];
  if (format !== BUNDLE_FORMAT) {
    throw new BundleError('bundle_format', `unsupported bundle format ${JSON.stringify(format ?? null)} (expected ${BUNDLE_FORMAT})`);
  }
  const validate = bundleValidator();
  if (!validate(value)) throw new BundleError('bundle_schema', `bundle ${describe(validate.errors)}`);
  const bundle = value as Bundle;
  let actual: string;
  try {
    actual = computeBundleId(bundle as unknown as Record<string, unknown>);
  } catch {
    throw new BundleError('bundle_not_json', 'bundle holds values canonical JSON cannot encode');
  }
  if (actual !== bundle.id) {
    throw new BundleError('bundle_id_mismatch', `bundle id ${bundle.id} does not match its content (${actual})`);
  }
  return bundle;
}

/** Verifies the detached JWS of a bundle; throws BundleError('bundle_signature') when it does not verify. */
export async function verifyBundleSignature(bundle: Bundle, jws: string, publicKeyPem: string): Promise<void> {
  try {
    await verifyBundleId(bundle.id, jws, publicKeyPem);
  } catch (e) {
    if (e instanceof SignatureError) throw new BundleError('bundle_signature', e.message);
    throw e;
  }
}
