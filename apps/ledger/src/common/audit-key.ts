import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * The auditor's Ed25519 keys (LEDGER_AUDIT_KEY, LEDGER_AUDIT_PUBLIC_KEY): PEM, as `openssl genpkey -algorithm
 * ed25519` writes it, or the one-line base64 DER that `ledger anchor --generate-key` prints. Never read from
 * the data folder: whoever can rewrite the log could then sign an anchor of the rewrite.
 */
function keyInput<Type extends 'pkcs8' | 'spki'>(text: string, type: Type) {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return { key: trimmed, format: 'pem' as const };
  return { key: Buffer.from(trimmed, 'base64'), format: 'der' as const, type };
}

const shape = 'must be an Ed25519 key, PEM or one-line base64 DER';

function ed25519(read: () => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = read();
  } catch {
    // OpenSSL's own message (asn1 lengths...) helps no one choosing what to paste.
    throw new Error(shape);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${shape}, not ${key.asymmetricKeyType}`);
  return key;
}

export function parseAuditPrivateKey(text: string): KeyObject {
  return ed25519(() => createPrivateKey(keyInput(text, 'pkcs8')));
}

export function parseAuditPublicKey(text: string): KeyObject {
  // createPublicKey derives a public key from a private one: refuse it, the private key has no place here.
  if (text.includes('PRIVATE KEY')) throw new Error('must be the public key; keep the private one with the auditor');
  return ed25519(() => createPublicKey(keyInput(text, 'spki')));
}

/** A new key pair as the two environment lines to keep: the private one by the auditor only. */
export function generateAuditKeyLines(): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateDer = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const publicDer = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  return `LEDGER_AUDIT_KEY=${privateDer}\nLEDGER_AUDIT_PUBLIC_KEY=${publicDer}\n`;
}
