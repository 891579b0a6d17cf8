// TODO(runtime): replace with parseBundle from bundle/load.ts once it is committed.
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
