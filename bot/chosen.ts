import { GrammyError, type Context } from 'grammy';

/**
 * A step's button was answered: the step message keeps its text, gains the chosen
 * button's label and loses its keyboard, so old buttons cannot be pressed again.
 */
export async function markChosen(ctx: Context): Promise<void> {
  const q = ctx.callbackQuery;
  const msg = q?.message;
  if (!q || !msg || !('text' in msg) || msg.text === undefined) return;
  const label = msg.reply_markup?.inline_keyboard.flat().find((b) => 'callback_data' in b && b.callback_data === q.data)?.text;
  if (!label) return;
  try {
    // Appending keeps the entity offsets valid; an edit without reply_markup drops the keyboard.
    await ctx.api.editMessageText(msg.chat.id, msg.message_id, `${msg.text}\n\n› ${label}`, { entities: msg.entities });
  } catch (e) {
    // Already edited (a double press) or too old to edit: the choice still counts.
    if (e instanceof GrammyError && e.error_code === 400) return;
    throw e;
  }
}
