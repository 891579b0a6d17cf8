// TODO(runtime): replace with parseBundle/verifyBundleSignature from bundle/load.ts once it is committed.
import { flattenedVerify, importSPKI } from 'jose';
import { computeBundleId } from '../../bundle/canonical.js';
import { BUNDLE_FORMAT, type Bundle } from '../../bundle/types.js';

export class BundleError extends Error {
  override name = 'BundleError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** bundle.json text → Bundle, with its id checked against its content. */
export function parseBundleText(text: string): Bundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BundleError('bundle_not_json', `bundle is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BundleError('bundle_invalid', 'bundle is not a JSON object');
  const obj = value as Record<string, unknown>;
  if (obj.format !== BUNDLE_FORMAT) throw new BundleError('bundle_format', `bundle format must be ${BUNDLE_FORMAT}`);
  for (const key of ['tools', 'routes', 'consumers', 'prompts', 'skills', 'llmRoutes']) {
    if (!Array.isArray(obj[key])) throw new BundleError('bundle_invalid', `bundle.${key} must be an array`);
  }
  if (typeof obj.policies !== 'object' || obj.policies === null) throw new BundleError('bundle_invalid', 'bundle.policies must be an object');
  const id = computeBundleId(obj);
  if (obj.id !== id) throw new BundleError('bundle_id_mismatch', `bundle id ${String(obj.id)} does not match its content (${id})`);
  return obj as unknown as Bundle;
}

/** Detached compact JWS (`header..signature`, EdDSA) over the bundle id. */
export async function verifyDetachedSignature(bundle: Bundle, jws: string, publicKeyPem: string): Promise<void> {
  const parts = jws.trim().split('.');
  if (parts.length !== 3 || parts[1] !== '') throw new BundleError('signature_malformed', 'signature is not a detached compact JWS');
  const key = await importSPKI(publicKeyPem, 'EdDSA');
  await flattenedVerify({ protected: parts[0] as string, payload: Buffer.from(bundle.id).toString('base64url'), signature: parts[2] as string }, key, {
    algorithms: ['EdDSA', 'Ed25519'],
  });
}
