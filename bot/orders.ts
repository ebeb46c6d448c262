import type { Sql } from '../db/client.ts';
import type { Order } from '../core/orders/types.ts';
import { currency } from '../core/money/index.ts';
import { renderCard, type Viewer } from './cards.ts';
import type { Api } from 'grammy';

/** Sends a fresh card for one viewer and makes it the one later edits go to. */
export async function sendCard(api: Api, sql: Sql, order: Order, viewer: Viewer, chatId: number, lang: string): Promise<void> {
  const { exponent } = await currency(sql, order.fiatCurrency);
  const card = renderCard(order, viewer, lang, exponent);
  const m = await api.sendMessage(chatId, card.text, { reply_markup: card.keyboard, parse_mode: 'HTML' });
  await sql`
    INSERT INTO order_cards (order_id, chat_id, message_id, role) VALUES (${order.id}, ${chatId}, ${m.message_id}, ${viewer})
    ON CONFLICT (order_id, chat_id) DO UPDATE SET message_id = excluded.message_id, role = excluded.role, updated_at = now()`;
}

/** The order whose card a message replies to, if any (the anonymous chat). */
export async function orderOfCard(sql: Sql, chatId: number, messageId: number): Promise<number | null> {
  const [r] = await sql`SELECT order_id FROM order_cards WHERE chat_id = ${chatId} AND message_id = ${messageId}`;
  return r ? Number(r.order_id) : null;
}
