import type { FakeTelegram } from '../fake.ts';
import type { Persona } from '../options.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function initials(name: string): string {
  return esc([...name.trim()][0]?.toUpperCase() ?? '?');
}

/** The web chat shell; messages are rendered by chat.js from /_sandbox/api/chat. */
export function renderPage(tg: FakeTelegram, persona: Persona, chatId: number): string {
  const chats = tg.chatsOf(persona.user);
  const current = chats.find((c) => c.id === chatId) ?? chats[0];
  const title = (c: (typeof chats)[number]) => (c.type === 'private' ? tg.bot.first_name : (c as { title?: string }).title ?? String(c.id));
  const sub = (c: (typeof chats)[number]) => (c.type === 'private' ? `@${tg.bot.username} · private chat` : `${c.type} · ${c.id}`);
  const q = (key: string, chat?: number) => `/?as=${encodeURIComponent(key)}${chat === undefined ? '' : `&chat=${chat}`}`;
  // data-chats lets the script mark a persona's tab when the bot writes in one of its chats.
  const personaLinks = tg.personas
    .map((p) => `<a class="persona${p.key === persona.key ? ' active' : ''}" href="${q(p.key)}" data-chats="${tg.chatsOf(p.user).map((c) => c.id).join(',')}"${p.key === persona.key ? ' aria-current="page"' : ''}>${esc(p.label)}</a>`)
    .join('');
  const chatLinks = chats
    .map(
      (c) => `<a class="chat-link${c.id === current.id ? ' active' : ''}" data-chat="${c.id}" href="${q(persona.key, c.id)}">
        <span class="avatar${c.type === 'private' ? ' bot' : ' group'}">${initials(title(c))}</span>
        <span class="chat-text"><span class="chat-name">${esc(title(c))}</span><span class="chat-sub">${esc(sub(c))}</span></span>
        <span class="dot" aria-hidden="true"></span></a>`,
    )
    .join('');
  const actions = tg.extraActions.map((a) => `<button type="button" class="action" data-action="${esc(a.id)}">${esc(a.label)}</button>`).join('');
  const u = persona.user;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(persona.label)} · ${esc(title(current))} — otc-desk sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/_sandbox/chat.css">
</head>
<body data-persona="${esc(persona.key)}" data-chat="${current.id}" data-me="${u.id}" data-bot="${tg.bot.id}" data-group="${current.type === 'private' ? '0' : '1'}">
<header class="top">
  <div class="brand"><span class="logo">✈</span> otc-desk sandbox</div>
  <nav class="personas" aria-label="Act as">${personaLinks}</nav>
</header>
<div class="layout">
  <aside class="sidebar">
    <div class="me"><span class="avatar">${initials(u.first_name)}</span><span class="chat-text"><span class="chat-name">${esc([u.first_name, u.last_name].filter(Boolean).join(' '))}</span><span class="chat-sub">${u.username ? '@' + esc(u.username) : 'id ' + u.id} · ${esc(u.language_code ?? '')}</span></span></div>
    <nav class="chats" aria-label="Chats">${chatLinks}</nav>
    ${actions ? `<section class="actions" aria-label="Sandbox actions"><h2>Sandbox</h2>${actions}</section>` : ''}
  </aside>
  <main class="conversation">
    <div class="conv-head"><span class="avatar${current.type === 'private' ? ' bot' : ' group'}">${initials(title(current))}</span><span class="chat-text"><span class="chat-name">${esc(title(current))}</span><span class="chat-sub">${esc(sub(current))}</span></span></div>
    <div id="messages" class="messages" aria-live="polite"><p class="empty">Loading…</p></div>
    <div id="reply-keyboard" class="reply-keyboard" hidden></div>
    <form id="composer" class="composer" autocomplete="off">
      <label class="attach" title="Send a photo (e.g. a payment receipt)"><input type="file" id="photo" accept="image/*" hidden><span aria-hidden="true">📎</span><span class="sr">Photo</span></label>
      <input id="text" name="text" placeholder="Message or /command" list="commands" enterkeyhint="send">
      <datalist id="commands"></datalist>
      <button type="button" id="kb-toggle" class="kb-toggle" title="Show or hide the bot's keyboard" aria-controls="reply-keyboard" aria-expanded="true" hidden><span aria-hidden="true">⌨️</span><span class="sr">Keyboard</span></button>
      <button type="submit" class="send">Send</button>
    </form>
  </main>
</div>
<div id="toast" class="toast" role="status" hidden></div>
<noscript><p class="noscript">The web chat needs JavaScript.</p></noscript>
<script src="/_sandbox/chat.js" defer></script>
</body>
</html>`;
}
