import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HDNodeWallet } from 'ethers';
import { harness, onboard, say, botSays, fund, available, textOf, buttons } from './harness.ts';
import { currentTotp, newTotpSecret } from '../../core/admin/totp.ts';

const TINA = 100001;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1b1f60000000049454e44ae426082', 'hex');
const xpub = HDNodeWallet.fromPhrase('test test test test test test test test test test test junk', undefined, "m/44'/60'/0'").neuter().extendedKey;

test('wallet: balance, deposit address with QR code, withdrawal with fee and TOTP, KYC', async (t) => {
  // BSC can be sent on (an RPC and a hot key configured; the bot itself never calls it); Polygon and TRON cannot.
  const h = await harness(t, { env: { CHAIN_EVM_XPUB: xpub, BSC_RPC_URL: 'http://127.0.0.1:9/', EVM_HOT_WALLET_KEY: '11'.repeat(32) } });
  const me = await onboard(h, TINA);
  await fund(h, me, 100_000_000n);

  const w = await say(h, TINA, '💰 Wallet');
  assert.match(textOf(w), /Available: 100(\.0+)? USDT/);
  await h.tg.pressButton(TINA, TINA, w.message_id, 'wl:dep');
  const nets = await botSays(h, TINA, 'Which network');
  // Only the configured family is offered, named by its watched chains; a forged TRON press is refused.
  assert.deepEqual(buttons(nets), ['wl:dep:evm']);
  assert.deepEqual(nets.reply_markup!.inline_keyboard.flat().map((b) => b.text), ['BSC']);
  const noTron = await h.tg.pressButton(TINA, TINA, nets.message_id, 'wl:dep:tron', { force: true });
  assert.match(noTron.text!, /not available/);
  await h.tg.pressButton(TINA, TINA, nets.message_id, 'wl:dep:evm');
  const qr = await h.tg.waitFor(TINA, (m) => !!m.photo && (m.caption ?? '').includes('deposit address'), 15_000);
  const [addr] = await h.db.sql`SELECT address FROM deposit_addresses WHERE owner_type = 'user' AND owner_id = ${me}`;
  assert.ok(qr.caption!.includes(addr.address));

  // Withdrawal: bad address and bad amount are answered; the fee is shown before confirming.
  await h.tg.pressButton(TINA, TINA, w.message_id, 'wl:wd');
  const chains = await botSays(h, TINA, 'Withdraw USDT on which network');
  assert.deepEqual(buttons(chains), ['wd:c:bsc', 'wd:x']);
  await h.tg.pressButton(TINA, TINA, chains.message_id, 'wd:c:bsc');
  await botSays(h, TINA, 'Paste the BSC');
  assert.match(textOf(await say(h, TINA, '0x1234')), /not a valid BSC \(BEP-20\) address/);
  assert.match(textOf(await say(h, TINA, '0x000000000000000000000000000000000000dEaD')), /How many USDT/);
  assert.match(textOf(await say(h, TINA, '1e3')), /full digits/);
  const summary = await say(h, TINA, '20');
  assert.match(textOf(summary), /Network fee: 0.5 USDT/);
  assert.match(textOf(summary), /Total debited: 20.5 USDT/);
  await h.tg.pressButton(TINA, TINA, summary.message_id, 'wd:ok');
  await botSays(h, TINA, /Withdrawal #\d+ of 20 USDT requested/);
  const [wd] = await h.db.sql`SELECT status, amount, fee, to_address FROM withdrawals WHERE owner_id = ${me}`;
  assert.equal(wd.status, 'approved');
  assert.equal(BigInt(wd.amount), 20_000_000n);
  assert.equal(await available(h, me), 100_000_000n - 20_500_000n);

  // With 2FA on, a wrong code is refused and the right one accepted.
  const secret = newTotpSecret();
  await h.db.sql`UPDATE users SET totp_secret = ${secret} WHERE id = ${me}`;
  await h.tg.pressButton(TINA, TINA, w.message_id, 'wl:wd');
  const chains2 = await botSays(h, TINA, 'Withdraw USDT on which network', summary.message_id);
  await h.tg.pressButton(TINA, TINA, chains2.message_id, 'wd:c:bsc');
  await botSays(h, TINA, 'Paste the BSC', chains2.message_id);
  await say(h, TINA, '0x000000000000000000000000000000000000dEaD');
  const s2 = await say(h, TINA, '10 USDT');
  await h.tg.pressButton(TINA, TINA, s2.message_id, 'wd:ok');
  await botSays(h, TINA, '6-digit code', s2.message_id);
  assert.match(textOf(await say(h, TINA, '000000')), /not valid/);
  await say(h, TINA, currentTotp(secret));
  await botSays(h, TINA, /Withdrawal #\d+ of 10 USDT requested/, s2.message_id);
  assert.equal((await h.db.sql`SELECT count(*)::int AS n FROM withdrawals WHERE owner_id = ${me}`)[0].n, 2);

  const hist = await say(h, TINA, '/wallet');
  await h.tg.pressButton(TINA, TINA, hist.message_id, 'wl:hist');
  await botSays(h, TINA, 'withdrawal #', hist.message_id);

  // KYC: name, then two photos; text where a photo is expected is answered.
  await say(h, TINA, '/kyc');
  await say(h, TINA, 'Tina Trader');
  h.tg.sendPhoto(TINA, TINA, PNG);
  await botSays(h, TINA, 'selfie');
  assert.match(textOf(await say(h, TINA, 'selfie later')), /send a photo/);
  h.tg.sendPhoto(TINA, TINA, PNG);
  await botSays(h, TINA, 'submitted for review');
  const [k] = await h.db.sql`SELECT full_name, status FROM kyc_submissions WHERE user_id = ${me}`;
  assert.deepEqual([k.full_name, k.status], ['Tina Trader', 'pending']);
  assert.match(textOf(await say(h, TINA, '/kyc')), /being reviewed/);
});
