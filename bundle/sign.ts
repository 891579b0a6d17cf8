/**
 * Detached EdDSA JWS over a bundle id (SPEC 4.3, RFC 7515 appendix F): the
 * compact JWS of the id with its payload part left empty (`header..signature`).
 * The id already commits to the whole bundle, so signing it signs the bundle.
 */
import { CompactSign, type CryptoKey, compactVerify, importPKCS8, importSPKI } from 'jose';

export class SignatureError extends Error {
  readonly code: 'signature_key' | 'signature_format' | 'signature_invalid';
  constructor(code: SignatureError['code'], message: string) {
    super(message);
    this.name = 'SignatureError';
    this.code = code;
  }
}

const ALG = 'EdDSA';
const TYP = 'uac-bundle+jws';

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Signs `id` with an Ed25519 private key (PKCS#8 PEM); returns the detached compact JWS. */
export async function signBundleId(id: string, privateKeyPem: string): Promise<string> {
  let key: CryptoKey;
  try {
    key = await importPKCS8(privateKeyPem, ALG);
  } catch {
    throw new SignatureError('signature_key', 'signing key is not an Ed25519 private key in PKCS#8 PEM');
  }
  const jws = await new CompactSign(new TextEncoder().encode(id)).setProtectedHeader({ alg: ALG, typ: TYP }).sign(key);
  const [header, , signature] = jws.split('.');
  return `${header}..${signature}`;
}

/** Verifies a detached JWS over `id` with an Ed25519 public key (SPKI PEM); throws SignatureError otherwise. */
export async function verifyBundleId(id: string, jws: string, publicKeyPem: string): Promise<void> {
  const parts = jws.trim().split('.');
  if (parts.length !== 3 || parts[1] !== '') {
    throw new SignatureError('signature_format', 'signature is not a detached compact JWS (header..signature)');
  }
  let key: CryptoKey;
  try {
    key = await importSPKI(publicKeyPem, ALG);
  } catch {
    throw new SignatureError('signature_key', 'verify key is not an Ed25519 public key in SPKI PEM');
  }
  try {
    const { protectedHeader } = await compactVerify(`${parts[0]}.${b64url(id)}.${parts[2]}`, key, { algorithms: [ALG] });
    if (protectedHeader.typ !== TYP) throw new Error('typ');
  } catch {
    throw new SignatureError('signature_invalid', 'bundle signature does not verify for this id and key');
  }
}
