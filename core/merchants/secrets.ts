import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Merchant API secrets must be readable (HMAC needs the raw secret), so they are stored
 * AES-256-GCM encrypted under MERCHANT_SECRET_KEY, with the key id as associated data so a
 * ciphertext cannot be moved to another key row. A database dump alone reveals no secret.
 */
const VERSION = 'v1';

export function parseSecretKey(hex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('MERCHANT_SECRET_KEY must be 64 hex characters (32 bytes)');
  return Buffer.from(hex, 'hex');
}

/**
 * The encryption key from config. Outside production a missing key is generated once and
 * kept in DATA_DIR (0600) so the sandbox works with no setup; production refuses to start.
 */
export function loadMerchantSecretKey(cfg: { MERCHANT_SECRET_KEY?: string; DATA_DIR?: string; NODE_ENV?: string }): Buffer {
  if (cfg.MERCHANT_SECRET_KEY) return parseSecretKey(cfg.MERCHANT_SECRET_KEY);
  if (cfg.NODE_ENV === 'production') throw new Error('MERCHANT_SECRET_KEY is required in production');
  const dir = cfg.DATA_DIR ?? '.data';
  const file = join(dir, 'merchant-secret.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return parseSecretKey(readFileSync(file, 'utf8').trim());
}

export function encryptSecret(key: Buffer, keyId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyId));
  const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
}

export function decryptSecret(key: Buffer, keyId: string, stored: string): string {
  const [version, data] = stored.split(':');
  if (version !== VERSION || !data) throw new Error('unknown merchant secret format');
  const raw = Buffer.from(data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(keyId));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export const newKeyId = () => `mk_${randomBytes(10).toString('hex')}`;
export const newSecret = () => `sk_${randomBytes(32).toString('base64url')}`;
