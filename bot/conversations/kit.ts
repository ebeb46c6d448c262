import type { Conversation } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import { DeskError } from '../../core/errors.ts';
import type { BotContext } from '../context.ts';
import { markChosen } from '../chosen.ts';

export type Convo = Conversation<BotContext, Context>;

/** JSON-safe form of a value: bigints tagged, Dates as ISO strings (as replay gives them back). */
const enc = (v: unknown) => (v === undefined ? null : JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? { $big: x.toString() } : x))));
const dec = <T>(v: unknown): T => JSON.parse(JSON.stringify(v), (_k, x) => (x && typeof x === 'object' && typeof x.$big === 'string' ? BigInt(x.$big) : x));

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: DeskError };

/**
 * Runs a side effect once (never again on replay) and gives back the same value on the
 * first run and on every replay. A DeskError becomes a result, so steps can re-ask.
 */
export async function ext<T>(conversation: Convo, fn: () => Promise<T>): Promise<Outcome<T>> {
  const stored = await conversation.external(async () => {
    try {
      return { ok: true, value: enc(await fn()) };
    } catch (e) {
      if (e instanceof DeskError) return { ok: false, code: e.code, params: e.params };
      throw e;
    }
  });
  if (stored.ok) return { ok: true, value: dec<T>(stored.value) };
  return { ok: false, error: new DeskError(stored.code!, stored.params) };
}

export interface Input {
  ctx: Context;
  data?: string;
  text?: string;
  photo?: string;
}

/**
 * Waits for the next input meant for this step: a button with `prefix`, a text or a
 * photo. Other buttons (order cards, group posts) and other update kinds pass through
 * to the rest of the bot. A pressed step button is shown as chosen and its keyboard
 * removed, unless the step toggles buttons on the same message (keepKeyboard).
 */
export async function waitInput(conversation: Convo, prefix: string, opts: { keepKeyboard?: boolean } = {}): Promise<Input> {
  const u = await conversation.wait();
  const data = u.callbackQuery?.data;
  if (data !== undefined) {
    if (data.startsWith(prefix)) {
      await u.answerCallbackQuery();
      if (!opts.keepKeyboard) await markChosen(u);
      return { ctx: u, data: data.slice(prefix.length) };
    }
    await conversation.skip({ next: true });
  }
  if (!u.message) await conversation.skip({ next: true });
  const photo = u.message?.photo;
  if (photo?.length) return { ctx: u, photo: photo[photo.length - 1].file_id };
  if (u.message?.text !== undefined) return { ctx: u, text: u.message.text };
  return { ctx: u };
}
