// Webhook delivery of the local Telegram to a tiny local HTTP server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeTelegram, type FakeTelegram } from '../../sandbox/telegram/index.ts';
import { expectApiError, newBot } from './telegram-helpers.ts';

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
