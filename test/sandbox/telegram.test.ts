// The local Telegram driven by a real grammY bot over HTTP (long polling). No database needed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Bot, GrammyError, InlineKeyboard, InputFile, Keyboard } from 'grammy';
import { startFakeTelegram, type FakeTelegram } from '../../sandbox/telegram/index.ts';
import { newBot, PNG, WIDE_PNG } from './telegram-helpers.ts';

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
