import { type ActiveBundle, ActivationError, activateBundle } from '../activate/active-bundle.js';
import type { SecretLookup } from '../activate/secrets.js';
import { SignatureError, verifyBundleId } from '../../bundle/sign.js';
import { parseBundleText } from './parse.js';

/** Why a candidate bundle was not activated; the old bundle keeps serving. */
export class BundleRejected extends Error {
  override name = 'BundleRejected';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface LoadOptions {
  secrets: SecretLookup;
  /** PEM public key: when set, a valid detached signature is required. */
  verifyKeyPem?: string;
  defaultMaxBodyBytes?: number;
}

/**
 * Bundle text (+ signature) → ActiveBundle: parse, check the id against the
 * content, verify the signature when a key is configured, compile. Any
 * failure is a BundleRejected with a stable code.
 */
export async function loadBundle(text: string, signature: string | null, opts: LoadOptions): Promise<ActiveBundle> {
  let bundle: ReturnType<typeof parseBundleText>;
  try {
    bundle = parseBundleText(text);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new BundleRejected(typeof code === 'string' ? code : 'bundle_invalid', err instanceof Error ? err.message : String(err));
  }
  if (opts.verifyKeyPem !== undefined) {
    if (signature === null) throw new BundleRejected('signature_missing', 'a verify key is configured but the bundle has no signature');
    try {
      await verifyBundleId(bundle.id, signature, opts.verifyKeyPem);
    } catch (err) {
      if (err instanceof SignatureError) throw new BundleRejected(err.code, err.message);
      throw new BundleRejected('signature_invalid', 'bundle signature does not verify');
    }
  }
  try {
    return activateBundle(bundle, { secrets: opts.secrets, defaultMaxBodyBytes: opts.defaultMaxBodyBytes });
  } catch (err) {
    if (err instanceof ActivationError) throw new BundleRejected(err.code, err.message);
    throw new BundleRejected('activation_failed', err instanceof Error ? err.message : String(err));
  }
}
