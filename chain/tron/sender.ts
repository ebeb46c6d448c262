// Pays TRON withdrawals. The signed transaction has a fixed txID and expiration, so a
// retry rebroadcasts the very same bytes; the outcome is read from the solidified
// transaction info (receipt result and Transfer log) — TRON USDT's transfer() returns false.
import { createHash } from 'node:crypto';
import { AbiCoder, SigningKey, id as keccakId, type Wallet } from 'ethers';
import { utils as tronUtils } from 'tronweb';
import type { Sql } from '../../db/client.ts';
import { signNextWithdrawal, claimInFlight, markBroadcast, noteBroadcastError, finishWithdrawal, fromMicroUsdt, type Withdrawal } from '../../core/wallet/index.ts';
import { tronBase58FromHex20, tronHex20FromBase58 } from '../hd.ts';
import type { TronClient } from './client.ts';
import type { SenderHooks } from '../evm/sender.ts';

export interface TronSenderOptions {
  client: TronClient;
  token: string;
  wallet: Wallet;
  feeLimitSun?: number;
  hooks?: SenderHooks;
}

const sha256 = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
const TRANSFER_TOPIC = keccakId('Transfer(address,address,uint256)').slice(2);
const SELECTOR = keccakId('transfer(address,uint256)').slice(2, 10);

export class TronSender {
  readonly hotHex: string;
  readonly hotAddress: string;

  constructor(private readonly sql: Sql, readonly o: TronSenderOptions) {
    this.hotHex = o.wallet.address.slice(2).toLowerCase();
    this.hotAddress = tronBase58FromHex20(this.hotHex);
  }

  async init(): Promise<void> {
    await this.sql`INSERT INTO hot_wallets (chain, address, next_nonce) VALUES ('tron', ${this.hotAddress}, 0) ON CONFLICT (chain) DO NOTHING`;
    const [r] = await this.sql`SELECT address FROM hot_wallets WHERE chain = 'tron'`;
    if (r.address !== this.hotAddress) throw new Error(`tron: hot wallet in DB is ${r.address}, configured key is ${this.hotAddress}; refusing to sign`);
  }

  async signPending(max = 20): Promise<number> {
    let n = 0;
    for (; n < max; n++) {
      const w = await signNextWithdrawal(this.sql, 'tron', async (w) => {
        const tx = await this.build(w);
        const sig = new SigningKey(this.o.wallet.privateKey).sign('0x' + tx.txID);
        const signed = { ...tx, signature: [sig.r.slice(2) + sig.s.slice(2) + sig.v.toString(16)] };
        return { signedTx: JSON.stringify(signed), txHash: tx.txID, hotWallet: this.hotAddress, expiresAt: new Date(Number(tx.raw_data.expiration)) };
      });
      if (!w) break;
      await this.o.hooks?.afterSignStored?.(w);
    }
    return n;
  }

  /** Asks the node to build the TRC-20 transfer, then checks it is exactly what we asked for before signing. */
  private async build(w: Withdrawal): Promise<any> {
    const to20 = tronHex20FromBase58(w.toAddress);
    const parameter = AbiCoder.defaultAbiCoder().encode(['address', 'uint256'], ['0x' + to20, fromMicroUsdt(w.amount, 6)]).slice(2);
    const r = await this.o.client.triggerSmartContract({
      owner_address: '41' + this.hotHex, contract_address: '41' + tronHex20FromBase58(this.o.token),
      function_selector: 'transfer(address,uint256)', parameter, fee_limit: this.o.feeLimitSun ?? 30_000_000, call_value: 0, visible: false,
    });
    const tx = r?.transaction;
    if (!r?.result?.result || !tx?.raw_data) throw new Error(`tron triggersmartcontract failed: ${JSON.stringify(r).slice(0, 200)}`);
    const c = tx.raw_data.contract?.[0];
    const v = c?.parameter?.value ?? {};
    const ok = tx.raw_data.contract.length === 1 && c.type === 'TriggerSmartContract'
      && String(v.owner_address).toLowerCase() === '41' + this.hotHex
      && String(v.contract_address).toLowerCase() === '41' + tronHex20FromBase58(this.o.token)
      && String(v.data).toLowerCase() === SELECTOR + parameter && !v.call_value;
    const rawHex = tronUtils.transaction.txPbToRawDataHex(tronUtils.transaction.txJsonToPb(tx)).toLowerCase();
    if (!ok || rawHex !== String(tx.raw_data_hex).toLowerCase() || sha256(rawHex) !== tx.txID) throw new Error('tron: node returned a transaction that differs from the request; not signing');
    return tx;
  }

  async advance(max = 20): Promise<{ broadcast: number; confirmed: number; failed: number }> {
    const out = { broadcast: 0, confirmed: 0, failed: 0 };
    const { client } = this.o;
    const solid = await client.solidBlock();
    await this.sql.begin(async (tx) => {
      for (const w of await claimInFlight(tx, 'tron', max)) {
        const final = await client.txInfo(w.txHash!, true);
        if (final?.id) {
          if (w.status === 'signed') await markBroadcast(tx, w);
          await this.o.hooks?.beforeFinish?.(w);
          const paid = this.paid(final, w);
          await finishWithdrawal(tx, { ...w, status: 'broadcast' }, paid ? { ok: true } : { ok: false, reason: final.receipt?.result ? String(final.receipt.result).toLowerCase() : 'no_transfer_event' });
          paid ? out.confirmed++ : out.failed++;
          continue;
        }
        const included = await client.txInfo(w.txHash!, false);
        if (included?.id) {
          if (w.status === 'signed') await markBroadcast(tx, w);
          continue; // in a block, waiting for solidification
        }
        const signed = JSON.parse(w.signedTx!);
        if (Number(signed.raw_data.expiration) < solid.timestamp) {
          // Irreversible blocks are past its expiration and it is in none: it can never be included.
          await finishWithdrawal(tx, w, { ok: false, reason: 'expired' });
          out.failed++;
          continue;
        }
        const r = await client.broadcast(signed);
        if (r.result || r.code === 'DUP_TRANSACTION_ERROR') {
          const b = await markBroadcast(tx, w);
          out.broadcast++;
          await this.o.hooks?.afterBroadcast?.(b);
        } else {
          await noteBroadcastError(tx, w, `${r.code}: ${r.message ? Buffer.from(r.message, 'hex').toString() : ''}`);
        }
      }
    });
    return out;
  }

  private paid(info: any, w: Withdrawal): boolean {
    if (info.receipt?.result !== 'SUCCESS') return false;
    const token = tronHex20FromBase58(this.o.token);
    const to = tronHex20FromBase58(w.toAddress);
    const value = fromMicroUsdt(w.amount, 6);
    return (info.log ?? []).some((l: any) =>
      String(l.address).replace(/^41(?=[0-9a-fA-F]{40}$)/, '').toLowerCase() === token && l.topics?.[0] === TRANSFER_TOPIC &&
      l.topics[1].slice(24).toLowerCase() === this.hotHex && l.topics[2].slice(24).toLowerCase() === to && BigInt('0x' + l.data) === value);
  }
}
