// The sandbox web chat: page, assets and the JSON/SSE endpoints its script uses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Bot, InlineKeyboard } from 'grammy';
import { DEFAULT_ACCEPTORS_GROUP_ID, startFakeTelegram, type FakeTelegram } from '../../sandbox/telegram/index.ts';
import { newBot, PNG } from './telegram-helpers.ts';

describe('web chat', () => {
  let tg: FakeTelegram;
  let bot: Bot;
  const ran: string[] = [];
  before(async () => {
    tg = await startFakeTelegram({
      extraActions: [{ id: 'faucet', label: 'Send me 100 test USDT', run: (p) => { ran.push(p.key); return `sent to ${p.user.username}`; } }],
    });
    bot = newBot(tg);
    bot.command('start', (ctx) => ctx.reply('<b>hi</b> &amp; welcome', { parse_mode: 'HTML', reply_markup: new InlineKeyboard().text('Go', 'go') }));
    bot.callbackQuery('go', (ctx) => ctx.answerCallbackQuery({ text: 'went' }));
    bot.on('message:photo', (ctx) => ctx.reply('receipt received'));
    void bot.start({ timeout: 1 });
  });
  after(async () => {
    await bot.stop();
    await tg.close();
  });

  test('serves the page, its script and stylesheet, and lists personas and chats', async () => {
    const page = await fetch(tg.url + '?as=acceptor');
    assert.equal(page.status, 200);
    const html = await page.text();
    for (const p of tg.personas) assert.ok(html.includes(`href="/?as=${p.key}"`), `persona ${p.key} listed`);
    assert.ok(html.includes('OTC Acceptors'), 'the acceptor sees the group');
    assert.ok(html.includes('Send me 100 test USDT'));
    assert.ok(html.includes('/_sandbox/chat.js') && html.includes('/_sandbox/chat.css'));
    const trader = await (await fetch(tg.url + '?as=trader')).text();
    assert.ok(!trader.includes('OTC Acceptors'), 'the trader is not in the group');
    const js = await fetch(`${tg.url}_sandbox/chat.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type')!, /javascript/);
    assert.match(await js.text(), /EventSource/);
    const css = await fetch(`${tg.url}_sandbox/chat.css`);
    assert.match(css.headers.get('content-type')!, /text\/css/);
    assert.equal((await fetch(tg.url + '?as=nobody')).status, 404);
  });

  test('the endpoints the page uses: send, live events, chat JSON, press, photo, action', async () => {
    const trader = tg.persona('trader').user;
    const events: string[] = [];
    const ac = new AbortController();
    const es = await fetch(`${tg.url}_sandbox/api/events`, { signal: ac.signal });
    const reader = es.body!.getReader();
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) break;
        events.push(Buffer.from(value!).toString());
      }
    })();
    const post = (path: string, body: unknown) => fetch(`${tg.url}_sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post('send', { as: 'trader', chat: trader.id, text: '/start' })).status, 200);
    const reply = await tg.waitForMessage(trader.id);
    const view = (await (await fetch(`${tg.url}_sandbox/api/chat?as=trader&chat=${trader.id}`)).json()) as { me: number; messages: { text: string; entities?: unknown[] }[] };
    assert.equal(view.me, trader.id);
    assert.deepEqual(view.messages.map((m) => m.text), ['/start', 'hi & welcome']);
    assert.equal((await fetch(`${tg.url}_sandbox/api/chat?as=trader&chat=${DEFAULT_ACCEPTORS_GROUP_ID}`)).status, 403);
    const pressed = (await (await post('press', { as: 'trader', chat: trader.id, message: reply.message_id, data: 'go' })).json()) as { answer: { text: string } };
    assert.equal(pressed.answer.text, 'went');
    const up = await fetch(`${tg.url}_sandbox/api/photo?as=trader&chat=${trader.id}&caption=paid`, { method: 'POST', body: PNG, headers: { 'content-type': 'image/png' } });
    assert.equal(up.status, 200);
    const photoMsg = tg.lastMessage(trader.id, 'trader')!;
    assert.equal(photoMsg.caption, 'paid');
    const img = await fetch(`${tg.url}_sandbox/file/${photoMsg.photo!.at(-1)!.file_id}`);
    assert.ok(Buffer.from(await img.arrayBuffer()).equals(PNG));
    await tg.waitForMessage(trader.id, { predicate: (m) => m.text === 'receipt received' });
    const action = (await (await post('action', { as: 'trader', id: 'faucet' })).json()) as { message: string };
    assert.equal(action.message, 'sent to tina_trader');
    assert.deepEqual(ran, ['trader']);
    assert.ok(events.join('').includes(`"chatId":${trader.id}`), 'change events streamed');
    // A force_reply prompt makes the next typed text a reply to it, as Telegram's apps do.
    const prompt = await bot.api.sendMessage(trader.id, 'Amount?', { reply_markup: { force_reply: true } });
    await post('send', { as: 'trader', chat: trader.id, text: '100' });
    assert.equal(tg.lastMessage(trader.id, 'trader')!.reply_to_message?.message_id, prompt.message_id);
    ac.abort();
  });
});

describe('control API (driving the fake from another process)', () => {
  test('create users and a group, send messages, read history and stats', async () => {
    const tg = await startFakeTelegram({ personas: [] });
    try {
      const post = (path: string, body: unknown) =>
        fetch(`${tg.url}_sandbox/control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
      assert.equal((await post('users', { users: [{ id: 71, first_name: 'A' }, { id: 72, first_name: 'B', username: 'bee' }] })).status, 200);
      const group = (await post('groups', { title: 'G', members: [71, '@bee'] })).body.chat as { id: number };
      const sent = await post('messages', { messages: [{ user: 71, text: '/start' }, { user: 'bee', chat: group.id, text: 'hi group' }] });
      assert.deepEqual(sent.body.message_ids, [1, 1]);
      const bot = newBot(tg);
      const updates = await bot.api.getUpdates();
      assert.deepEqual(updates.map((u) => [u.message?.chat.id, u.message?.text]), [[71, '/start'], [group.id, 'hi group']]);
      await bot.api.sendMessage(71, 'welcome');
      const history = (await (await fetch(`${tg.url}_sandbox/control/history?chat=71`)).json()) as { messages: { text: string }[] };
      assert.deepEqual(history.messages.map((m) => m.text), ['/start', 'welcome']);
      const stats = (await (await fetch(`${tg.url}_sandbox/control/stats`)).json()) as { sent: number; calls: Record<string, number> };
      assert.equal(stats.sent, 1);
      assert.equal(stats.calls.sendMessage, 1);
      assert.equal((await post('messages', { messages: [{ user: 999, text: 'x' }] })).status, 400);
    } finally {
      await tg.close();
    }
  });
});
