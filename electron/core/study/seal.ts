import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/**
 * Sealed truth: AES-256-GCM under a key derived from the organizer's passphrase
 * with scrypt. GCM's tag makes a wrong passphrase fail loudly instead of
 * yielding garbage, so an unseal is all-or-nothing.
 */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const CHECK_TEXT = 'mirage-seal-check-v1';

export class WrongPassphraseError extends Error {
  constructor() {
    super('wrong passphrase: the study truth cannot be unsealed with it');
  }
}

export function newSalt(): Buffer {
  return randomBytes(16);
}

export function deriveKey(passphrase: string, salt: Buffer): Buffer {
  if (passphrase.length < 4) throw new Error('the passphrase must have at least 4 characters');
  return scryptSync(passphrase.normalize('NFC'), salt, 32, SCRYPT);
}

/** nonce (12) ‖ tag (16) ‖ ciphertext */
export function seal(key: Buffer, plaintext: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

export function unseal(key: Buffer, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new WrongPassphraseError();
  }
}

export function sealCheck(key: Buffer): Buffer {
  return seal(key, CHECK_TEXT);
}

/** Throws WrongPassphraseError unless key opens the study's check value. */
export function verifyKey(key: Buffer, check: Buffer): void {
  if (unseal(key, check) !== CHECK_TEXT) throw new WrongPassphraseError();
}
