import { Composer, InlineKeyboard, InputFile } from 'grammy';
import QRCode from 'qrcode';
import type { BotContext } from '../context.ts';
import { walletBalance, listWithdrawals, listDeposits, formatUsdt, type ChainFamily } from '../../core/wallet/index.ts';
import { kycStatus } from '../../core/kyc/index.ts';
import { depositAddressFor } from '../../chain/addresses.ts';
import { menuEntry } from '../menu.ts';
import { hhmm, chainName, chainLabel } from '../format.ts';
import type { Config } from '../../config.ts';

/** EVM chains deposits are watched on (an RPC configured). */
function evmChains(cfg: Config): string[] {
  return ([['ethereum', cfg.ETH_RPC_URL], ['bsc', cfg.BSC_RPC_URL], ['polygon', cfg.POLYGON_RPC_URL]] as const).filter(([, u]) => u).map(([c]) => c);
}

/** "Ethereum / BSC", or the token standards when no EVM chain is named in the configuration. */
function evmNames(t: (k: string) => string, cfg: Config, sep: string): string {
  const on = evmChains(cfg);
  return on.length ? on.map((c) => chainName(t, c)).join(sep) : t('chain-evm');
}

/** Wallet (balances, deposit address with QR code, withdrawals, history) and KYC entry. */
export function walletFeature() {
  const c = new Composer<BotContext>();

  const show = async (ctx: BotContext) => {
    const b = await walletBalance(ctx.deps.sql, { type: 'user', id: ctx.user!.id });
    await ctx.reply(ctx.t('wallet-balance', { available: formatUsdt(b.available), held: formatUsdt(b.held), incoming: formatUsdt(b.incomingUnconfirmed) }), {
      reply_markup: new InlineKeyboard()
        .text(ctx.t('wallet-deposit'), 'wl:dep').text(ctx.t('wallet-withdraw'), 'wl:wd').row()
        .text(ctx.t('wallet-history'), 'wl:hist'),
    });
  };
  c.command('wallet', show);
  c.filter((ctx) => menuEntry(ctx.message?.text) === 'wallet', show);

  c.callbackQuery('wl:dep', async (ctx) => {
    await ctx.answerCallbackQuery();
    // Only families whose xpub is configured; the EVM one names the chains that are watched.
    const cfg = ctx.deps.config;
    const kb = new InlineKeyboard();
    if (cfg.CHAIN_TRON_XPUB) kb.text(chainLabel(ctx.t, 'tron'), 'wl:dep:tron').row();
    if (cfg.CHAIN_EVM_XPUB) kb.text(evmNames(ctx.t, cfg, ' / '), 'wl:dep:evm');
    if (!cfg.CHAIN_TRON_XPUB && !cfg.CHAIN_EVM_XPUB) return void (await ctx.reply(ctx.t('wallet-deposit-unavailable')));
    await ctx.reply(ctx.t('wallet-deposit-choose'), { reply_markup: kb });
  });

  c.callbackQuery(/^wl:dep:(tron|evm)$/, async (ctx) => {
    const family = ctx.match[1] as ChainFamily;
    const xpub = family === 'tron' ? ctx.deps.config.CHAIN_TRON_XPUB : ctx.deps.config.CHAIN_EVM_XPUB;
    if (!xpub) return void (await ctx.answerCallbackQuery({ text: ctx.t('wallet-deposit-unavailable'), show_alert: true }));
    await ctx.answerCallbackQuery();
    const a = await depositAddressFor(ctx.deps.sql, { type: 'user', id: ctx.user!.id }, family, xpub);
    const png = await QRCode.toBuffer(a.address, { type: 'png', margin: 2, width: 360 });
    await ctx.replyWithPhoto(new InputFile(png, 'deposit.png'), {
      caption: ctx.t(family === 'tron' ? 'wallet-deposit-tron' : 'wallet-deposit-evm', { address: a.address, chains: evmNames(ctx.t, ctx.deps.config, ', ') }),
    });
  });

  c.callbackQuery('wl:wd', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('withdraw', ctx.lang, ctx.user!.id);
  });

  c.callbackQuery('wl:hist', async (ctx) => {
    await ctx.answerCallbackQuery();
    const owner = { type: 'user' as const, id: ctx.user!.id };
    const [ws, ds] = await Promise.all([
      listWithdrawals(ctx.deps.sql, { owner, limit: 10 }),
      listDeposits(ctx.deps.sql, owner, 10),
    ]);
    const lines = [
      ...ds.map((d) => ctx.t('wallet-history-deposit', { amount: formatUsdt(d.amount), chain: chainName(ctx.t, d.chain), status: ctx.t(`wallet-deposit-status-${d.status}`), time: hhmm(d.seenAt) })),
      ...ws.map((w) => ctx.t('wallet-history-withdrawal', { id: w.id, amount: formatUsdt(w.amount), chain: chainName(ctx.t, w.chain), status: ctx.t(`wallet-withdrawal-status-${w.status.replace(/_/g, '-')}`), time: hhmm(w.createdAt) })),
    ];
    await ctx.reply(lines.length ? lines.join('\n') : ctx.t('wallet-history-empty'));
  });

  const kyc = async (ctx: BotContext) => {
    const s = await kycStatus(ctx.deps.sql, ctx.user!.id);
    if (s.latest?.status === 'pending') return void (await ctx.reply(ctx.t('kyc-pending')));
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('kyc', ctx.lang, ctx.user!.id);
  };
  c.command('kyc', kyc);
  c.callbackQuery('kyc:start', async (ctx) => {
    await ctx.answerCallbackQuery();
    await kyc(ctx);
  });
  return c;
}
