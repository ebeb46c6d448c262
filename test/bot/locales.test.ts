// Every message exists in both languages with the same variables, and every key the bot
// source names (literally, or through the key families it builds) exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import { ORDER_STATUSES } from '../../db/schema/orders.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const LANGS = ['en', 'zh-CN'];

function ftl(lang: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const dir = join(ROOT, 'locales', lang);
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ftl')).sort()) {
    const src = readFileSync(join(dir, f), 'utf8');
    const bundle = new FluentBundle(lang);
    const errors = bundle.addResource(new FluentResource(src));
    assert.deepEqual(errors.map(String), [], `${lang}/${f} parses`);
    // Message ids start at column 0; continuation lines are indented.
    const blocks = src.split(/\n(?=[a-zA-Z][\w-]*\s*=)/);
    for (const b of blocks) {
      const m = /^([a-zA-Z][\w-]*)\s*=/.exec(b.replace(/^(#.*\n|\s*\n)*/, ''));
      if (!m) continue;
      assert.ok(!out.has(m[1]), `${lang}: duplicate message ${m[1]}`);
      assert.ok(bundle.hasMessage(m[1]), `${lang}/${f}: ${m[1]} not parsed`);
      out.set(m[1], new Set([...b.matchAll(/\{\s*\$([\w-]+)\s*\}/g)].map((x) => x[1])));
    }
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : n.endsWith('.ts') ? [p] : [];
  });
}

const [en, zh] = LANGS.map(ftl);

test('en and zh-CN define the same messages with the same variables', () => {
  const missingZh = [...en.keys()].filter((k) => !zh.has(k));
  const missingEn = [...zh.keys()].filter((k) => !en.has(k));
  assert.deepEqual(missingZh, [], 'missing in zh-CN');
  assert.deepEqual(missingEn, [], 'missing in en');
  for (const [k, vars] of en) assert.deepEqual([...zh.get(k)!].sort(), [...vars].sort(), `variables of ${k}`);
});

test('every key the bot source names exists in both languages', () => {
  const prefixes = new Set([...en.keys()].map((k) => k.split('-')[0]));
  const used = new Set<string>();
  for (const file of sources(join(ROOT, 'bot'))) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g)) if (prefixes.has(m[1].split('-')[0])) used.add(m[1]);
  }
  // Key families built at run time.
  const errorCodes = [...readFileSync(join(ROOT, 'core/errors.ts'), 'utf8').matchAll(/\|\s*'([a-z_]+)'/g)].map((m) => m[1]);
  const refusals = [...readFileSync(join(ROOT, 'core/money/decimal.ts'), 'utf8').match(/DecimalRefusal = ([^;]+);/)![1].matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  const kebab = (s: string) => s.replace(/_/g, '-');
  for (const c of errorCodes) used.add(`error-${kebab(c)}`);
  for (const r of refusals) used.add(`amount-${kebab(r)}`);
  for (const s of ORDER_STATUSES) used.add(`status-${s}`);
  for (const a of ['cancel', 'confirm', 'decline', 'paid', 'release', 'extend', 'appeal']) used.add(`card-btn-${a}`);
  for (const a of ['cancel', 'confirm', 'decline', 'release', 'extend', 'rate']) used.add(`order-done-${a}`);
  for (const a of ['confirm', 'paid', 'release', 'cancel', 'expire', 'extend', 'appeal', 'resolve', 'appeal-available']) used.add(`notify-order-${a}`);
  for (const side of ['buy', 'sell']) {
    used.add(`trade-${side}-title`).add(`trade-side-${side}`).add(`group-title-${side}`).add(`offer-side-${side}`);
    for (const v of ['trader', 'acceptor']) used.add(`card-title-${side}-${v}`);
  }
  for (const m of ['buy', 'sell', 'wallet', 'orders', 'methods', 'profile', 'acceptor', 'language']) used.add(`menu-${m}`);
  for (const s of ['seen', 'credited', 'orphaned']) used.add(`wallet-deposit-status-${s}`);
  for (const s of ['awaiting-approval', 'approved', 'signed', 'broadcast', 'confirmed', 'failed', 'rejected']) used.add(`wallet-withdrawal-status-${s}`);
  for (const s of ['pending', 'rejected', 'suspended']) used.add(`acceptor-status-${s}`);
  const commands = /COMMANDS = \[([^\]]+)\]/.exec(readFileSync(join(ROOT, 'bot/features/start.ts'), 'utf8'))![1];
  for (const m of commands.matchAll(/'([a-z0-9]+)'/g)) used.add(`cmd-${m[1]}`);
  for (const topic of ['user.frozen', 'user.unfrozen', 'user.buy_suspended', 'acceptor.approved', 'acceptor.rejected', 'acceptor.suspended', 'acceptor.offline',
    'deposit.seen', 'deposit.credited', 'deposit.dropped', 'withdrawal.approved', 'withdrawal.rejected', 'withdrawal.broadcast', 'withdrawal.confirmed',
    'withdrawal.failed', 'kyc.approved', 'kyc.rejected']) used.add(`notify-${topic.replace(/[._]/g, '-')}`);
  for (const topic of ['dispute.opened', 'dispute.escalated', 'kyc.submitted', 'withdrawal.awaiting_approval', 'withdrawal.stuck', 'chain.halted',
    'chain.resumed', 'ledger.violation', 'acceptor.applied']) used.add(`admin-${topic.replace(/[._]/g, '-')}`);
  assert.ok(used.size > 150, `found ${used.size} keys`);
  for (const [lang, msgs] of [['en', en], ['zh-CN', zh]] as const) {
    const missing = [...used].filter((k) => !msgs.has(k)).sort();
    assert.deepEqual(missing, [], `keys missing in ${lang}`);
  }
});
