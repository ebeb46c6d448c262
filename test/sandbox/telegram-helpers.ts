// Shared by the sandbox Telegram tests.
import assert from 'node:assert/strict';
import { Bot, GrammyError } from 'grammy';
import type { FakeTelegram } from '../../sandbox/telegram/index.ts';

// 1×1 PNG, and a 200×100 PNG header (enough for the sandbox to read dimensions).
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
export const WIDE_PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000c800000064', 'hex'), Buffer.alloc(40, 7)]);

export function newBot(tg: FakeTelegram): Bot {
  return new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
}

export async function expectApiError(p: Promise<unknown>, code: number, description: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof GrammyError, `expected GrammyError, got ${e}`);
    assert.equal(e.error_code, code);
    assert.match(e.description, description);
    return true;
  });
}

