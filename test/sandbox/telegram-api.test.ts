// Bot API semantics of the local Telegram, called through grammY's Api without a running bot.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Bot, GrammyError, InlineKeyboard, InputFile } from 'grammy';
import { createFakeTelegram, inProcessFetch, startFakeTelegram, type FakeTelegram } from '../../sandbox/telegram/index.ts';
import { expectApiError, newBot, PNG } from './telegram-helpers.ts';

describe('Bot API semantics without a running bot', () => {
  let tg: FakeTelegram;
  let bot: Bot;
  before(async () => {
    tg = await startFakeTelegram({ personas: [{ key: 'u', id: 42, first_name: 'U' }] });
    bot = newBot(tg);
  });
  after(() => tg.close());

  test('personasStarted lets the bot write first', async () => {
    const started = await startFakeTelegram({ personasStarted: true });
    try {
      const b = newBot(started);
      const admin = started.persona('admin').user;
      await b.api.sendMessage(admin.id, 'dispute #4 needs you');
      assert.equal(started.lastMessage(admin.id)?.text, 'dispute #4 needs you');
    } finally {
      await started.close();
    }
  });

  test('getMe describes the bot', async () => {
    const me = await bot.api.getMe();
    assert.equal(me.id, Number(tg.token.split(':')[0]));
    assert.equal(me.is_bot, true);
    assert.equal(me.username, 'otc_desk_bot');
  });

  test('getUpdates: offset confirms, limit caps, timeout long-polls until an update arrives', async () => {
    tg.sendText(42, 42, 'one');
    tg.sendText(42, 42, 'two');
    const all = await bot.api.getUpdates({ timeout: 0 });
    assert.deepEqual(all.map((u) => u.message?.text), ['one', 'two']);
    assert.equal(all[1].update_id, all[0].update_id + 1);
    // Not confirmed yet: served again; limit caps the batch.
    assert.deepEqual((await bot.api.getUpdates({ limit: 1 })).map((u) => u.message?.text), ['one']);
    const afterFirst = await bot.api.getUpdates({ offset: all[0].update_id + 1 });
    assert.deepEqual(afterFirst.map((u) => u.message?.text), ['two']);
    const empty = await bot.api.getUpdates({ offset: all[1].update_id + 1, timeout: 0 });
    assert.deepEqual(empty, []);
    assert.equal(tg.pendingUpdates, 0);

    let t0 = Date.now();
    const timedOut = await bot.api.getUpdates({ offset: all[1].update_id + 1, timeout: 1 });
    assert.deepEqual(timedOut, []);
    assert.ok(Date.now() - t0 >= 900, 'waited for the timeout');

    t0 = Date.now();
    setTimeout(() => tg.sendText(42, 42, 'three'), 100);
    const woke = await bot.api.getUpdates({ offset: all[1].update_id + 1, timeout: 10 });
    assert.deepEqual(woke.map((u) => u.message?.text), ['three']);
    assert.ok(Date.now() - t0 < 2000, 'returned as soon as the update arrived');

    // allowed_updates filters what is queued from then on.
    await bot.api.getUpdates({ offset: woke[0].update_id + 1, allowed_updates: ['callback_query'] });
    tg.sendText(42, 42, 'filtered out');
    assert.deepEqual(await bot.api.getUpdates({ offset: woke[0].update_id + 1 }), []);
    await bot.api.getUpdates({ allowed_updates: [] });
  });

  test('a second getUpdates terminates the first with 409', async () => {
    const first = bot.api.getUpdates({ timeout: 5 });
    await new Promise((r) => setTimeout(r, 50));
    const second = bot.api.getUpdates({ timeout: 0 });
    await expectApiError(first, 409, /terminated by other getUpdates/);
    assert.deepEqual(await second, []);
  });

  test('refusals match Telegram', async () => {
    await expectApiError(bot.api.sendMessage(999, 'hi'), 400, /^Bad Request: chat not found$/);
    tg.createUser({ id: 77, first_name: 'Silent' });
    await expectApiError(bot.api.sendMessage(77, 'hi'), 400, /^Bad Request: chat not found$/);
    tg.createGroup({ title: 'shared', members: [77] });
    await expectApiError(bot.api.sendMessage(77, 'hi'), 403, /bot can't initiate conversation/);
    tg.sendText(42, 42, '/start');
    const m = await bot.api.sendMessage(42, 'ok');
    await expectApiError(bot.api.editMessageText(42, 9999, 'x'), 400, /^Bad Request: message to edit not found$/);
    await expectApiError(bot.api.editMessageText(42, m.message_id, 'ok'), 400, /^Bad Request: message is not modified/);
    await expectApiError(bot.api.editMessageText(42, m.message_id - 1, 'x'), 400, /message can't be edited/);
    await expectApiError(bot.api.sendMessage(42, 'x'.repeat(4097)), 400, /message is too long/);
    await bot.api.sendMessage(42, 'x'.repeat(4096));
    await expectApiError(bot.api.sendMessage(42, 'k', { reply_markup: new InlineKeyboard().text('big', 'd'.repeat(65)) }), 400, /BUTTON_DATA_INVALID/);
    await bot.api.sendMessage(42, 'k', { reply_markup: new InlineKeyboard().text('ok', 'd'.repeat(64)) });
    await expectApiError(bot.api.sendMessage(42, 'a < b > c', { parse_mode: 'HTML' }), 400, /can't parse entities: Unsupported start tag ""/);
    await expectApiError(bot.api.sendMessage(42, '<b>open', { parse_mode: 'HTML' }), 400, /Can't find end tag corresponding to start tag "b"/);
    await expectApiError(bot.api.sendMessage(42, ' '), 400, /message text is empty/);
    await expectApiError(bot.api.sendMessage(42, 'r', { reply_parameters: { message_id: 9999 } }), 400, /message to be replied not found/);
    await expectApiError(bot.api.deleteMessage(42, 9999), 400, /message to delete not found/);
    await expectApiError(bot.api.answerCallbackQuery('123'), 400, /query ID is invalid/);
    await expectApiError(bot.api.getFile('nope'), 400, /wrong file identifier/);
    const pending = (await bot.api.getUpdates()).at(-1)!.update_id + 1;
    tg.blockBot(42);
    await expectApiError(bot.api.sendMessage(42, 'x'), 403, /blocked by the user/);
    const [blocked] = await bot.api.getUpdates({ offset: pending });
    assert.equal(blocked.my_chat_member?.new_chat_member.status, 'kicked');
    tg.unblockBot(42);
    await bot.api.sendMessage(42, 'welcome back');
    const res = await fetch(`${tg.apiRoot}/bot123:wrong/getMe`);
    assert.equal(res.status, 401);
  });

  test('unknown methods fail loudly with 404 and are recorded', async () => {
    await expectApiError(bot.api.raw.sendDice({ chat_id: 42 }), 404, /^Not Found: method sendDice is not implemented by the sandbox$/);
    assert.deepEqual(tg.unknownMethods, ['sendDice']);
  });

  test('urlencoded and multipart bodies, case-insensitive method names, GET with query', async () => {
    tg.sendText(42, 42, 'hi');
    const form = await fetch(`${tg.apiRoot}/bot${tg.token}/SENDMESSAGE`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '42', text: 'via form', reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'x', callback_data: 'y' }]] }) }),
    }).then((r) => r.json() as Promise<{ ok: boolean; result: { text: string; reply_markup: unknown } }>);
    assert.equal(form.ok, true);
    assert.equal(form.result.text, 'via form');
    assert.deepEqual(form.result.reply_markup, { inline_keyboard: [[{ text: 'x', callback_data: 'y' }]] });
    const fd = new FormData();
    fd.set('chat_id', '42');
    fd.set('caption', 'standard multipart');
    fd.set('photo', new Blob([PNG], { type: 'image/png' }), 'p.png');
    const mp = await fetch(`${tg.apiRoot}/bot${tg.token}/sendPhoto`, { method: 'POST', body: fd }).then((r) => r.json() as Promise<{ ok: boolean; result: { caption: string } }>);
    assert.deepEqual([mp.ok, mp.result.caption], [true, 'standard multipart']);
    const get = await fetch(`${tg.apiRoot}/bot${tg.token}/getChat?chat_id=42`).then((r) => r.json() as Promise<{ result: { type: string } }>);
    assert.equal(get.result.type, 'private');
  });

  test('copyMessage and forwardMessage carry a receipt photo into a group', async () => {
    tg.createUser({ id: 44, first_name: 'Acc' });
    const g = tg.createGroup({ title: 'receipts', members: [44] });
    tg.sendText(42, 42, '/start');
    const photo = tg.sendPhoto(42, 42, PNG, 'receipt');
    const copied = await bot.api.copyMessage(g.id, 42, photo.message_id, { caption: '<b>Order 9</b> receipt', parse_mode: 'HTML' });
    const copy = tg.message(g.id, copied.message_id)!;
    assert.equal(copy.caption, 'Order 9 receipt');
    assert.deepEqual(copy.photo, photo.photo);
    assert.equal(copy.from?.id, tg.bot.id);
    const fwd = await bot.api.forwardMessage(g.id, 42, photo.message_id);
    assert.equal(fwd.caption, 'receipt');
    assert.equal((fwd.forward_origin as { sender_user: { id: number } }).sender_user.id, 42);
    await expectApiError(bot.api.copyMessage(g.id, 42, 99999), 400, /message to copy not found/);
  });

  test('setMyCommands, sendChatAction, setChatMenuButton', async () => {
    await bot.api.setMyCommands([{ command: 'start', description: 'Start' }, { command: 'buy', description: 'Buy USDT' }]);
    assert.deepEqual(tg.commands().map((c) => c.command), ['start', 'buy']);
    assert.deepEqual((await bot.api.getMyCommands()).length, 2);
    await expectApiError(bot.api.setMyCommands([{ command: 'Bad Command', description: 'x' }]), 400, /BOT_COMMAND_INVALID/);
    assert.equal(await bot.api.sendChatAction(42, 'typing'), true);
    assert.equal(await bot.api.setChatMenuButton({ menu_button: { type: 'commands' } }), true);
  });

  test('send log, call counters, onBotCall, and optional 429 with retry_after', async () => {
    tg.sendText(42, 42, 'x');
    tg.resetCalls();
    const seen: string[] = [];
    const off = tg.onBotCall((c) => seen.push(`${c.method}:${c.ok}`));
    const before = tg.sendLog.length;
    await bot.api.sendMessage(42, 'a');
    tg.setRateLimit(true);
    await expectApiError(bot.api.sendMessage(42, 'b'), 429, /Too Many Requests: retry after 1/);
    try {
      await bot.api.sendMessage(42, 'c');
    } catch (e) {
      assert.equal((e as GrammyError).parameters.retry_after, 1);
    }
    tg.setRateLimit(false);
    off();
    assert.equal(tg.callCount('sendMessage'), 3);
    assert.equal(tg.callCount(), 3);
    assert.deepEqual(seen, ['sendMessage:true', 'sendMessage:false', 'sendMessage:false']);
    const sends = tg.sendLog.slice(before);
    assert.equal(sends.length, 1);
    assert.equal(sends[0].chatId, 42);
    assert.ok(Math.abs(sends[0].at - Date.now()) < 5000);
  });

  test('group limit: 20 per minute', async () => {
    tg.createUser({ id: 43, first_name: 'G' });
    const g = tg.createGroup({ title: 'limits', members: [43] });
    tg.setRateLimit({ perChatPerSecond: 1e9 });
    for (let i = 0; i < 20; i++) await bot.api.sendMessage(g.id, `m${i}`);
    await expectApiError(bot.api.sendMessage(g.id, 'one too many'), 429, /retry after/);
    tg.setRateLimit(false);
    assert.equal(tg.sendLogFor(g.id).length, 20);
  });
});

describe('in-process fetch (no socket)', () => {
  test('a grammY bot polls, replies and uploads through inProcessFetch', async () => {
    const { tg } = createFakeTelegram({ personas: [{ key: 'u', id: 61, first_name: 'In' }] });
    const bot = new Bot(tg.token, { client: { fetch: inProcessFetch(tg) } });
    bot.command('start', (ctx) => ctx.replyWithPhoto(new InputFile(PNG, 'qr.png'), { caption: 'your QR' }));
    void bot.start({ timeout: 1 });
    try {
      tg.sendText(61, 61, '/start');
      const reply = await tg.waitForMessage(61);
      assert.equal(reply.caption, 'your QR');
      const file = tg.files.get(reply.photo!.at(-1)!.file_id)!;
      assert.ok(file.bytes.equals(PNG));
      await expectApiError(bot.api.sendMessage(999, 'x'), 400, /chat not found/);
    } finally {
      await bot.stop();
      await tg.close();
    }
  });
});
