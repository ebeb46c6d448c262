import type { Config } from '../config.ts';
import { formatUnits } from '../core/money/index.ts';
import type { Translate } from './i18n.ts';

/** The admin panel page each admin-channel topic points to. */
const PAGE: Record<string, (p: Record<string, any>) => string> = {
  'dispute.opened': (p) => `/disputes/${Number(p.orderId)}`,
  'dispute.escalated': (p) => `/disputes/${Number(p.orderId)}`,
  'kyc.submitted': () => '/kyc',
  'withdrawal.awaiting_approval': () => '/withdrawals',
  'withdrawal.stuck': () => '/withdrawals',
  'chain.halted': () => '/',
  'chain.resumed': () => '/',
  'ledger.violation': () => '/',
  'acceptor.applied': (p) => `/users/${Number(p.userId)}`,
};

export function adminPanelUrl(config: Config): string {
  return (config.ADMIN_PUBLIC_URL ?? `http://${config.HTTP_HOST}:${config.ADMIN_PORT}`).replace(/\/+$/, '');
}

/**
 * The text an admin gets for one admin-channel event, in the admin's language, or null
 * for a topic nobody is told about (logged by the caller). Amounts arrive as micro-USDT
 * strings; anything user-written is passed as a Fluent variable, never as markup.
 */
export function adminNotice(t: Translate, config: Config, topic: string, p: Record<string, any>): string | null {
  const page = PAGE[topic];
  if (!page) return null;
  const key = `admin-${topic.replace(/[._]/g, '-')}`;
  const str = (v: unknown) => (v == null ? '' : String(v));
  const text = t(key, {
    id: Number(p.orderId ?? p.withdrawalId ?? p.submissionId ?? p.userId ?? 0),
    user: Number(p.userId ?? 0),
    reason: str(p.reason),
    chain: str(p.chain),
    kind: str(p.kind),
    amount: p.amount != null && /^\d+$/.test(String(p.amount)) ? formatUnits(BigInt(p.amount), 6) : str(p.amount),
    owner: `${str(p.ownerType)} #${str(p.ownerId)}`,
    tx: str(p.txHash) || '-',
    error: str(p.error),
    count: Array.isArray(p.violations) ? p.violations.length : 0,
    block: str(p.from),
  });
  if (text === key) return null;
  return `${text}\n${t('admin-open-panel', { url: adminPanelUrl(config) + page(p) })}`;
}
