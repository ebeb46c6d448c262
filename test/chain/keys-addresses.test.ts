import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HDNodeWallet, Mnemonic, Wallet, encryptKeystoreJson } from 'ethers';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabase } from '../helpers/db.ts';
import { deriveAddress, tronBase58FromHex20 } from '../../chain/hd.ts';
import { depositAddressFor, ownerOfAddress } from '../../chain/addresses.ts';
import { loadHotKey } from '../../chain/keys.ts';
import { normalizeAddress } from '../../chain/withdraw.ts';
import { toMicroUsdt, fromMicroUsdt, formatUsdt } from '../../core/wallet/index.ts';
import { isDeskError } from '../../core/errors.ts';
import { TEST_MNEMONIC, testXpubs } from './helpers.ts';

const db = await testDatabase();

test('xpub derivation matches the mnemonic paths (BIP-44 vectors)', () => {
  const { evm, tron } = testXpubs();
  // The well-known first Ethereum address of the "abandon … about" mnemonic.
  assert.equal(deriveAddress('evm', evm, 0).address, '0x9858EfFD232B4033E47d90003D41EC34EcaEda94');
  const m = Mnemonic.fromPhrase(TEST_MNEMONIC);
  for (const i of [1, 7, 1000]) {
    assert.equal(deriveAddress('evm', evm, i).address, HDNodeWallet.fromMnemonic(m, `m/44'/60'/0'/0/${i}`).address);
    const t = deriveAddress('tron', tron, i);
    assert.equal(t.address, tronBase58FromHex20(HDNodeWallet.fromMnemonic(m, `m/44'/195'/0'/0/${i}`).address.slice(2)));
    assert.match(t.address, /^T/);
  }
  assert.throws(() => deriveAddress('evm', HDNodeWallet.fromMnemonic(m, "m/44'/60'/0'/0").neuter().extendedKey, 0), /account-level/);
});

test('one deposit address per owner and family, even when asked concurrently', async () => {
  const { evm, tron } = testXpubs();
  const owner = { type: 'user' as const, id: 501 };
  const got = await Promise.all(Array.from({ length: 8 }, () => depositAddressFor(db.sql, owner, 'evm', evm)));
  assert.equal(new Set(got.map((g) => g.address)).size, 1);
  const t = await depositAddressFor(db.sql, owner, 'tron', tron);
  const other = await depositAddressFor(db.sql, { type: 'merchant', id: 501 }, 'evm', evm);
  assert.notEqual(other.address, got[0]!.address, 'a merchant with the same id is another owner');
  assert.deepEqual(await ownerOfAddress(db.sql, t.address), { type: 'user', id: 501, family: 'tron' });
  assert.deepEqual(await ownerOfAddress(db.sql, got[0]!.address.toLowerCase()), { type: 'user', id: 501, family: 'evm' });
  const rows = await db.sql`SELECT count(*)::int AS n FROM deposit_addresses WHERE owner_id = 501`;
  assert.equal(rows[0].n, 3);
});

test('hot key from an encrypted keystore or the environment; a wrong password fails', async () => {
  const w = Wallet.createRandom();
  const json = await encryptKeystoreJson({ address: w.address, privateKey: w.privateKey }, 'correct horse', { scrypt: { N: 1024 } });
  const dir = await mkdtemp(join(tmpdir(), 'ks-'));
  try {
    await writeFile(join(dir, 'hot.json'), json);
    assert.equal((await loadHotKey({ keystorePath: join(dir, 'hot.json'), keystorePassword: 'correct horse' })).address, w.address);
    await assert.rejects(loadHotKey({ keystorePath: join(dir, 'hot.json'), keystorePassword: 'wrong' }));
    assert.equal((await loadHotKey({ privateKey: w.privateKey.slice(2) })).address, w.address);
    await assert.rejects(loadHotKey({}), /no hot wallet key/);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('amount conversion at the chain boundary and address normalisation', () => {
  assert.deepEqual(toMicroUsdt(1_500_000_000_000_000_001n, 18), { amount: 1_500_000n, dust: 1n });
  assert.deepEqual(toMicroUsdt(999_999_999_999n, 18), { amount: 0n, dust: 999_999_999_999n });
  assert.deepEqual(toMicroUsdt(42n, 6), { amount: 42n, dust: 0n });
  assert.equal(fromMicroUsdt(1_500_000n, 18), 1_500_000_000_000_000_000n);
  assert.equal(formatUsdt(1_500_000n), '1.5');
  assert.equal(formatUsdt(10n), '0.00001');
  assert.equal(normalizeAddress('tron', ' TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t '), 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
  for (const bad of ['TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u', '41a614f803b6fd780986a42c78ec9c7f77e6ded13c', '0x9858EfFD232B4033E47d90003D41EC34EcaEda94', '']) {
    assert.throws(() => normalizeAddress('tron', bad), (e) => isDeskError(e, 'invalid_input'), bad);
  }
  assert.equal(normalizeAddress('bsc', '0x9858effd232b4033e47d90003d41ec34ecaeda94'), '0x9858EfFD232B4033E47d90003D41EC34EcaEda94');
  for (const bad of ['0x9858EfFD232B4033E47d90003D41EC34EcaEdA94', '0x0000000000000000000000000000000000000000', '9858EfFD232B4033E47d90003D41EC34EcaEda94', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t']) {
    assert.throws(() => normalizeAddress('ethereum', bad), (e) => isDeskError(e, 'invalid_input'), bad);
  }
});
