// Telegram's HTML parse mode and command detection as the local Telegram implements them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHtml, userEntities } from '../../sandbox/telegram/text.ts';
import { parseMultipart } from '../../sandbox/telegram/params.ts';
import { imageSize } from '../../sandbox/telegram/files.ts';

test('nested tags become entities with UTF-16 offsets over the decoded text', () => {
  const r = parseHtml('💰 <b>Order <i>#12</i></b> &lt;7.20&gt; &amp; <a href="https://x.test/?a=1&amp;b=2">link</a>');
  assert.equal(r.text, '💰 Order #12 <7.20> & link');
  assert.deepEqual(r.entities, [
    { type: 'bold', offset: 3, length: 9 },
    { type: 'italic', offset: 9, length: 3 },
    { type: 'text_link', offset: 22, length: 4, url: 'https://x.test/?a=1&b=2' },
  ]);
});

test('pre with a language, spoilers, blockquotes, numeric entities, user links', () => {
  const r = parseHtml('<pre><code class="language-json">{}</code></pre><tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span><blockquote expandable>q</blockquote>&#x4E2D;<a href="tg://user?id=5">u</a>');
  assert.equal(r.text, '{}stq中u');
  assert.deepEqual(r.entities!.map((e) => [e.type, e.offset, e.length]), [
    ['pre', 0, 2], ['spoiler', 2, 1], ['spoiler', 3, 1], ['expandable_blockquote', 4, 1], ['text_mention', 6, 1],
  ]);
  assert.equal((r.entities![0] as { language?: string }).language, 'json');
});

test('invalid HTML is refused with the byte offset Telegram reports', () => {
  assert.throws(() => parseHtml('价格 <foo>x</foo>'), /Unsupported start tag "foo" at byte offset 7/);
  assert.throws(() => parseHtml('<b>x</i>'), /Unmatched end tag.*expected "<\/b>", found "<\/i>"/);
  assert.throws(() => parseHtml('<b>x'), /Can't find end tag corresponding to start tag "b"/);
  assert.throws(() => parseHtml('x </b>'), /Unexpected end tag at byte offset 2/);
  assert.throws(() => parseHtml('<span>x</span>'), /tg-spoiler/);
  assert.deepEqual(parseHtml('plain & simple'), { text: 'plain & simple' });
});

test('user text gets bot_command and mention entities where Telegram puts them', () => {
  assert.deepEqual(userEntities('/buy 100'), [{ type: 'bot_command', offset: 0, length: 4 }]);
  assert.deepEqual(userEntities('/accept@otc_desk_bot now, ask @ada_admin'), [
    { type: 'bot_command', offset: 0, length: 20 },
    { type: 'mention', offset: 30, length: 10 },
  ]);
  assert.equal(userEntities('a/b 100 USDT'), undefined);
  assert.deepEqual(userEntities('好 /help'), [{ type: 'bot_command', offset: 2, length: 5 }]);
});

test('multipart parser takes grammY compact headers and standard ones', () => {
  const b = 'xx';
  const body = Buffer.from(`--${b}\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n1\r\n--${b}\r\nContent-Disposition: form-data; name="f"; filename="a b.png"\r\nContent-Type: image/png\r\n\r\n\x00\x01\r\n--${b}--\r\n`, 'latin1');
  const parts = parseMultipart(body, b);
  assert.deepEqual(parts.map((p) => [p.name, p.filename, p.contentType, [...p.data]]), [
    ['chat_id', undefined, undefined, [0x31]],
    ['f', 'a b.png', 'image/png', [0, 1]],
  ]);
});

test('image sizes come from PNG and JPEG headers', () => {
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000280000001e0', 'hex'), Buffer.alloc(8)]);
  assert.deepEqual(imageSize(png), { width: 640, height: 480 });
  const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffc0001108012c019003012200021101031101', 'hex');
  assert.deepEqual(imageSize(jpeg), { width: 400, height: 300 });
});
