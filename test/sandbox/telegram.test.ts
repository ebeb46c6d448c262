// The local Telegram driven by a real grammY bot over HTTP. No database needed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, GrammyError, InlineKeyboard, InputFile, Keyboard } from 'grammy';
import { DEFAULT_ACCEPTORS_GROUP_ID, startFakeTelegram, type FakeTelegram } from '../../sandbox/telegram/index.ts';

// 1×1 PNG, and a 200×100 PNG header (enough for the sandbox to read dimensions).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const WIDE_PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000c800000064', 'hex'), Buffer.alloc(40, 7)]);

function newBot(tg: FakeTelegram): Bot {
  return new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
}

async function expectApiError(p: Promise<unknown>, code: number, description: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof GrammyError, `expected GrammyError, got ${e}`);
    assert.equal(e.error_code, code);
    assert.match(e.description, description);
    return true;
  });
}

describe('bot in polling mode', () => {
  let tg: FakeTelegram;
  let bot: Bot;
  const seenCommands: string[] = [];

  before(async () => {
    tg = await startFakeTelegram({ botUsername: 'desk_test_bot' });
    bot = newBot(tg);
    bot.command('start', async (ctx) => {
      seenCommands.push(ctx.message!.entities![0].type);
      await ctx.reply(`<b>Welcome</b>, ${ctx.from!.first_name}!`, {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard().text('Buy', 'buy:1').text('Sell', 'sell:1'),
      });
    });
    bot.command('accept', (ctx) => ctx.reply(`accepted by ${ctx.from!.username} in ${ctx.chat.type}`));
    bot.command('menu', (ctx) => ctx.reply('pick one', { reply_markup: new Keyboard().text('Rates').text('Help').oneTime() }));
    bot.callbackQuery(/^buy:(\d+)$/, async (ctx) => {
      await ctx.editMessageText(`Buying order ${ctx.match[1]}`, { reply_markup: new InlineKeyboard().text('Cancel', 'cancel:1') });
      await ctx.answerCallbackQuery({ text: 'Order created' });
    });
    bot.callbackQuery('cancel:1', async (ctx) => {
      // Same text, same (absent) markup twice: the second edit is "not modified".
      await ctx.editMessageText('Cancelled');
      const again = await ctx.editMessageText('Cancelled').then(() => 'edited', (e: GrammyError) => e.description);
      await ctx.answerCallbackQuery({ text: again, show_alert: true });
    });
    bot.on('message:photo', async (ctx) => {
      const file = await ctx.getFile();
      const res = await fetch(`${tg.apiRoot}/file/bot${tg.token}/${file.file_path}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      await ctx.reply(`got ${bytes.length} bytes, caption ${ctx.message.caption}, equal ${bytes.equals(PNG)}`, {
        reply_parameters: { message_id: ctx.message.message_id },
      });
    });
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    void bot.start({ timeout: 2 });
    await new Promise((r) => setTimeout(r, 50));
  });

  after(async () => {
    await bot.stop();
    await tg.close();
  });

  test('/start reaches the bot as a bot_command and the HTML reply lands in history', async () => {
    const trader = tg.persona('trader').user;
    const sent = tg.sendText(trader, trader.id, '/start');
    assert.deepEqual(sent.entities, [{ type: 'bot_command', offset: 0, length: 6 }]);
    const reply = await tg.waitForMessage(trader.id);
    assert.equal(reply.text, `Welcome, ${trader.first_name}!`);
    assert.deepEqual(reply.entities, [{ type: 'bold', offset: 0, length: 7 }]);
    assert.equal(reply.raw_text, `<b>Welcome</b>, ${trader.first_name}!`);
    assert.equal(reply.parse_mode, 'HTML');
    assert.equal(reply.from?.id, tg.bot.id);
    assert.equal(reply.message_id, sent.message_id + 1);
    assert.deepEqual(seenCommands, ['bot_command']);
    assert.deepEqual(tg.history(trader.id).map((m) => m.message_id), [sent.message_id, reply.message_id]);
    assert.equal(tg.lastMessage(trader.id)?.message_id, reply.message_id);
  });

  test('pressing an inline button reaches the bot, edits in place and returns the answer', async () => {
    const u = tg.createUser({ first_name: 'Pat', username: 'pat' });
    tg.sendText(u, u.id, '/start');
    const menu = await tg.waitForMessage(u.id);
    const answer = await tg.pressButton(u, u.id, menu.message_id, 'buy:1');
    assert.deepEqual(answer, { text: 'Order created' });
    const edited = tg.message(u.id, menu.message_id)!;
    assert.equal(edited.text, 'Buying order 1');
    assert.ok(edited.edit_date);
    assert.deepEqual(edited.reply_markup, { inline_keyboard: [[{ text: 'Cancel', callback_data: 'cancel:1' }]] });
    assert.equal(tg.history(u.id).length, 2, 'edits do not add messages');

    // A button is found by its text too; an edit without reply_markup drops the keyboard,
    // and an identical second edit is refused as "message is not modified".
    const second = await tg.pressButton(u, u.id, menu.message_id, 'Cancel');
    assert.equal(second.show_alert, true);
    assert.match(second.text!, /^Bad Request: message is not modified/);
    assert.equal(tg.message(u.id, menu.message_id)!.reply_markup, undefined);
    assert.throws(() => tg.pressButton(u, u.id, menu.message_id, 'cancel:1'), /has no button/);
  });

  test('a press the bot never answers rejects', async () => {
    const u = tg.createUser({ first_name: 'Quinn' });
    tg.sendText(u, u.id, '/start');
    const menu = await tg.waitForMessage(u.id);
    await assert.rejects(tg.pressButton(u, u.id, menu.message_id, 'nobody-handles-this', { force: true, timeoutMs: 300 }), /did not answer/);
  });

  test('photo: user upload → getFile → download gives the same bytes; reply_to_message is set', async () => {
    const u = tg.createUser({ first_name: 'Rita' });
    const photoMsg = tg.sendPhoto(u, u.id, PNG, 'receipt #7');
    assert.equal(photoMsg.photo!.at(-1)!.width, 1);
    const reply = await tg.waitForMessage(u.id);
    assert.equal(reply.text, 'got 68 bytes, caption receipt #7, equal true'.replace('68', String(PNG.length)));
    assert.equal(reply.reply_to_message?.message_id, photoMsg.message_id);
  });

  test('photo sent by the bot has sizes, a caption, and downloads byte for byte', async () => {
    const u = tg.createUser({ first_name: 'Sam' });
    tg.sendText(u, u.id, 'hello');
    await tg.waitForMessage(u.id);
    const msg = await bot.api.sendPhoto(u.id, new InputFile(WIDE_PNG, 'qr.png'), { caption: '<i>deposit</i> QR', parse_mode: 'HTML' });
    assert.equal(msg.caption, 'deposit QR');
    assert.deepEqual(msg.caption_entities, [{ type: 'italic', offset: 0, length: 7 }]);
    const sizes = msg.photo!;
    assert.equal(sizes.length, 2);
    assert.deepEqual([sizes[1].width, sizes[1].height], [200, 100]);
    assert.ok(sizes[0].width < sizes[1].width);
    const file = await bot.api.getFile(sizes[1].file_id);
    assert.equal(file.file_unique_id, sizes[1].file_unique_id);
    const res = await fetch(`${tg.apiRoot}/file/bot${tg.token}/${file.file_path}`);
    assert.equal(res.status, 200);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(WIDE_PNG));
    // Re-sending by file_id reuses the stored photo.
    const again = await bot.api.sendPhoto(u.id, sizes[1].file_id);
    assert.equal(again.photo!.at(-1)!.file_unique_id, sizes[1].file_unique_id);
    const doc = await bot.api.sendDocument(u.id, new InputFile(Buffer.from('%PDF-1.4 test'), 'statement.pdf'));
    assert.equal(doc.document!.file_name, 'statement.pdf');
    assert.equal(doc.document!.mime_type, 'application/pdf');
    assert.equal((await fetch(`${tg.apiRoot}/file/bot${tg.token}/nope.jpg`)).status, 404);
  });

  test('supergroup: negative id, own message ids, /cmd@bot, membership', async () => {
    const a = tg.persona('acceptor').user;
    const b = tg.persona('acceptor2').user;
    const group = tg.createGroup({ title: 'Desk acceptors', members: [a, b] });
    assert.ok(group.id < -1000000000000);
    const m1 = tg.sendText(a, group.id, '/accept@desk_test_bot');
    assert.equal(m1.message_id, 1);
    assert.equal(m1.chat.type, 'supergroup');
    const reply = await tg.waitForMessage(group.id);
    assert.equal(reply.text, `accepted by ${a.username} in supergroup`);
    tg.sendText(b, group.id, 'hi all');
    const echo = await tg.waitForMessage(group.id);
    assert.equal(echo.text, 'echo: hi all');
    assert.deepEqual(tg.history(group.id).map((m) => m.message_id), [1, 2, 3, 4]);
    const outsider = tg.createUser({ first_name: 'Out' });
    assert.throws(() => tg.sendText(outsider, group.id, 'let me in'), /cannot write/);
    const status = await bot.api.getChatMember(group.id, a.id);
    assert.equal(status.status, 'member');
    assert.equal((await bot.api.getChatMember(group.id, outsider.id)).status, 'left');
    const chat = await bot.api.getChat(group.id);
    assert.equal(chat.title, 'Desk acceptors');
    assert.ok(tg.chatsOf(a).some((c) => c.id === group.id));
  });

  test('reply keyboards are tracked per chat and one-time keyboards close on use', async () => {
    const u = tg.createUser({ first_name: 'Uma' });
    tg.sendText(u, u.id, '/menu');
    await tg.waitForMessage(u.id);
    assert.deepEqual(tg.replyKeyboard(u.id)?.keyboard, [[{ text: 'Rates' }, { text: 'Help' }]]);
    tg.sendText(u, u.id, 'Rates');
    assert.equal(tg.replyKeyboard(u.id), undefined);
    await tg.waitForMessage(u.id, { predicate: (m) => m.text === 'echo: Rates' });
  });
});

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

describe('webhook mode', () => {
  let tg: FakeTelegram;
  const received: { headers: IncomingHttpHeaders; body: { update_id: number; message?: { text: string } } }[] = [];
  let failNext = 1;
  const hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end();
        return;
      }
      received.push({ headers: req.headers, body });
      // Replying with a method in the response body, as Telegram allows.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: 'sendMessage', chat_id: body.message.chat.id, text: `hooked ${body.message.text}` }));
    });
  });

  before(async () => {
    tg = await startFakeTelegram({ webhookRetryMs: 50, personas: [{ key: 'u', id: 55, first_name: 'W' }] });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    await tg.close();
    await new Promise((r) => hook.close(r));
  });

  test('updates are POSTed with the secret header, retried after a failure, and replies in the body run', async () => {
    const bot = newBot(tg);
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/tg`;
    await bot.api.setWebhook(url, { secret_token: 'S3cret_token-123' });
    await expectApiError(bot.api.getUpdates(), 409, /webhook is active/);
    tg.sendText(55, 55, 'first');
    tg.sendText(55, 55, 'second');
    const reply = await tg.waitFor(55, (m) => m.text === 'hooked second', 3000);
    assert.ok(reply);
    assert.deepEqual(received.map((r) => r.body.message?.text), ['first', 'second'], 'in order despite the retry');
    assert.equal(received[0].headers['x-telegram-bot-api-secret-token'], 'S3cret_token-123');
    const info = await bot.api.getWebhookInfo();
    assert.equal(info.url, url);
    assert.equal(info.pending_update_count, 0);
    assert.match(info.last_error_message ?? '', /500/);
    await bot.api.deleteWebhook();
    assert.equal((await bot.api.getWebhookInfo()).url, '');
    tg.sendText(55, 55, 'polled');
    assert.deepEqual((await bot.api.getUpdates()).map((u) => u.message?.text), ['polled']);
  });
});

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
