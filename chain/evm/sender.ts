// Pays EVM withdrawals from the hot wallet: sign (nonce from the DB) and store, then
// broadcast the stored bytes, then judge the outcome from the receipt and its Transfer
// event. A retry only ever rebroadcasts what is stored.
import { Interface, Transaction, type JsonRpcProvider, type Wallet } from 'ethers';
import type { Sql } from '../../db/client.ts';
import {
  signNextWithdrawal, claimInFlight, markBroadcast, noteBroadcastError, finishWithdrawal, fromMicroUsdt,
  type Withdrawal, type ChainName,
} from '../../core/wallet/index.ts';
import { ERC20_ABI, TRANSFER_TOPIC } from './abi.ts';

export interface SenderHooks {
  /** Test seams for crash simulation; each may throw. */
  afterSignStored?(w: Withdrawal): void | Promise<void>;
  afterBroadcast?(w: Withdrawal): void | Promise<void>;
  beforeFinish?(w: Withdrawal): void | Promise<void>;
}

export interface EvmSenderOptions {
  chain: ChainName;
  provider: JsonRpcProvider;
  token: string;
  decimals: number;
  confirmations: number;
  chainId: number;
  wallet: Wallet;
  gasLimit?: bigint;
  /** Rebroadcast a tracked transaction that has no receipt after this long. */
  rebroadcastMs?: number;
  hooks?: SenderHooks;
}

const iface = new Interface(ERC20_ABI);
const KNOWN = /already known|known transaction|nonce too low|nonce has already been used|already imported|replacement transaction underpriced/i;

export class EvmSender {
  constructor(private readonly sql: Sql, readonly o: EvmSenderOptions) {}

  /** Registers the hot wallet with the node's pending nonce the first time; a changed key is refused. */
  async init(): Promise<void> {
    const address = this.o.wallet.address;
    const nonce = await this.o.provider.getTransactionCount(address, 'pending');
    await this.sql`INSERT INTO hot_wallets (chain, address, next_nonce) VALUES (${this.o.chain}, ${address}, ${nonce}) ON CONFLICT (chain) DO NOTHING`;
    const [r] = await this.sql`SELECT address FROM hot_wallets WHERE chain = ${this.o.chain}`;
    if (r.address !== address) throw new Error(`${this.o.chain}: hot wallet in DB is ${r.address}, configured key is ${address}; refusing to sign`);
  }

  /** Signs and stores approved withdrawals, one transaction each. */
  async signPending(max = 20): Promise<number> {
    const fee = await this.o.provider.getFeeData();
    let n = 0;
    for (; n < max; n++) {
      const w = await signNextWithdrawal(this.sql, this.o.chain, async (w, nextNonce) => {
        const nonce = await nextNonce();
        const base = {
          chainId: this.o.chainId, nonce, to: this.o.token, value: 0n, gasLimit: this.o.gasLimit ?? 120_000n,
          data: iface.encodeFunctionData('transfer', [w.toAddress, fromMicroUsdt(w.amount, this.o.decimals)]),
        };
        // EIP-1559 where the chain has a base fee, legacy gas price otherwise.
        const tx = fee.maxFeePerGas != null
          ? Transaction.from({ ...base, type: 2, maxFeePerGas: fee.maxFeePerGas, maxPriorityFeePerGas: fee.maxPriorityFeePerGas ?? 1_000_000_000n })
          : Transaction.from({ ...base, type: 0, gasPrice: fee.gasPrice ?? 5_000_000_000n });
        const signedTx = await this.o.wallet.signTransaction(tx);
        return { signedTx, txHash: Transaction.from(signedTx).hash!, hotWallet: this.o.wallet.address, nonce };
      });
      if (!w) break;
      await this.o.hooks?.afterSignStored?.(w);
    }
    return n;
  }

  /** Broadcasts stored transactions and settles the ones the chain has confirmed. */
  async advance(max = 20): Promise<{ broadcast: number; confirmed: number; failed: number }> {
    const out = { broadcast: 0, confirmed: 0, failed: 0 };
    const head = await this.o.provider.getBlockNumber();
    await this.sql.begin(async (tx) => {
      for (const w of await claimInFlight(tx, this.o.chain, max)) {
        const receipt = await this.o.provider.send('eth_getTransactionReceipt', [w.txHash]);
        if (!receipt) {
          if (w.status === 'broadcast') {
            const [r] = await tx`SELECT updated_at < now() - make_interval(secs => ${(this.o.rebroadcastMs ?? 60_000) / 1000}) AS due FROM withdrawals WHERE id = ${w.id}`;
            if (!r.due) continue;
          }
          try {
            await this.o.provider.send('eth_sendRawTransaction', [w.signedTx]);
          } catch (e) {
            const msg = (e as Error).message ?? String(e);
            // "nonce too low" is only fine when the node knows *our* transaction; otherwise the
            // nonce was used by something else and an operator must look (we never re-sign).
            const ours = KNOWN.test(msg) && (await this.o.provider.send('eth_getTransactionByHash', [w.txHash]));
            if (!ours) {
              await noteBroadcastError(tx, w, msg);
              continue;
            }
          }
          const b = await markBroadcast(tx, w);
          out.broadcast++;
          await this.o.hooks?.afterBroadcast?.(b);
          continue;
        }
        if (w.status === 'signed') await markBroadcast(tx, w);
        const confs = head - Number(receipt.blockNumber) + 1;
        if (confs < this.o.confirmations) continue;
        await this.o.hooks?.beforeFinish?.(w);
        if (this.paid(receipt, w)) {
          await finishWithdrawal(tx, { ...w, status: 'broadcast' }, { ok: true });
          out.confirmed++;
        } else {
          await finishWithdrawal(tx, { ...w, status: 'broadcast' }, { ok: false, reason: Number(receipt.status) === 1 ? 'no_transfer_event' : 'reverted' });
          out.failed++;
        }
      }
    });
    return out;
  }

  /** Success is the receipt's status and a matching Transfer log — never a return value (USDT returns none). */
  private paid(receipt: any, w: Withdrawal): boolean {
    if (Number(receipt.status) !== 1) return false;
    const from = this.o.wallet.address.toLowerCase().slice(2);
    const to = w.toAddress.toLowerCase().slice(2);
    const value = fromMicroUsdt(w.amount, this.o.decimals);
    return (receipt.logs as any[]).some((l) =>
      l.address.toLowerCase() === this.o.token.toLowerCase() && l.topics[0] === TRANSFER_TOPIC &&
      l.topics[1].slice(26).toLowerCase() === from && l.topics[2].slice(26).toLowerCase() === to && BigInt(l.data) === value);
  }
}
