// The hot wallet's private key: from an ethers JSON keystore (scrypt-encrypted) or the
// environment. Only the withdrawal signer loads it; watchers never do.
import { readFile } from 'node:fs/promises';
import { Wallet } from 'ethers';

export interface KeySource {
  privateKey?: string;
  keystorePath?: string;
  keystorePassword?: string;
}

export async function loadHotKey(src: KeySource): Promise<Wallet> {
  if (src.keystorePath) {
    if (src.keystorePassword === undefined) throw new Error('keystore password missing');
    const json = await readFile(src.keystorePath, 'utf8');
    const w = await Wallet.fromEncryptedJson(json, src.keystorePassword);
    return new Wallet(w.privateKey);
  }
  if (src.privateKey) return new Wallet(src.privateKey.startsWith('0x') ? src.privateKey : '0x' + src.privateKey);
  throw new Error('no hot wallet key configured (keystore path + password, or private key)');
}
