import { type ActiveBundle, ActivationError, activateBundle } from '../activate/active-bundle.js';
import type { SecretSource } from '../activate/secrets.js';
import { BundleError, parseBundle, verifyBundleSignature } from '../../bundle/load.js';
import type { Bundle } from '../../bundle/types.js';

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
  /** Called once per activation, so every bundle sees the secrets as they are now. */
  secrets: SecretSource;
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
  let bundle: Bundle;
  try {
    bundle = parseBundle(text);
  } catch (err) {
    if (err instanceof BundleError) throw new BundleRejected(err.code, err.message);
    throw err;
  }
  if (opts.verifyKeyPem !== undefined) {
    if (signature === null) throw new BundleRejected('signature_missing', 'a verify key is configured but the bundle has no signature');
    try {
      await verifyBundleSignature(bundle, signature, opts.verifyKeyPem);
    } catch (err) {
      if (err instanceof BundleError) throw new BundleRejected(err.code, err.message);
      throw err;
    }
  }
  try {
    return activateBundle(bundle, { secrets: opts.secrets(), defaultMaxBodyBytes: opts.defaultMaxBodyBytes });
  } catch (err) {
    if (err instanceof ActivationError) throw new BundleRejected(err.code, err.message);
    throw new BundleRejected('activation_failed', err instanceof Error ? err.message : String(err));
  }
}
