// The sandbox web chat: renders one chat for one persona and acts as that persona.
// Plain browser JavaScript, served as is (no build step).
(() => {
  'use strict';
  const body = document.body;
  const persona = body.dataset.persona;
  const chatId = Number(body.dataset.chat);
  const isGroup = body.dataset.group === '1';
  const list = document.getElementById('messages');
  const kbBox = document.getElementById('reply-keyboard');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const photo = document.getElementById('photo');
  const commandList = document.getElementById('commands');
  const toastBox = document.getElementById('toast');
  const kbToggle = document.getElementById('kb-toggle');
  let me = Number(body.dataset.me);
  let loading = false;
  let again = false;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  let toastTimer;
  function toast(text, kind) {
    toastBox.textContent = text;
    toastBox.className = 'toast' + (kind ? ' ' + kind : '');
    toastBox.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toastBox.hidden = true; }, 3500);
  }

  async function post(url, payload, raw) {
    const res = await fetch(url, raw
      ? { method: 'POST', body: raw, headers: { 'content-type': raw.type || 'application/octet-stream' } }
      : { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.error || res.statusText);
    return data;
  }

  // Text with Bot API entities (UTF-16 offsets, like JS strings) → DOM.
  const WRAP = {
    bold: 'strong', italic: 'em', underline: 'u', strikethrough: 's', spoiler: 'span',
    code: 'code', pre: 'pre', blockquote: 'blockquote', expandable_blockquote: 'blockquote',
    text_link: 'a', url: 'a', text_mention: 'a', mention: 'span', bot_command: 'span',
  };
  function richText(text, entities) {
    const frag = document.createDocumentFragment();
    if (!entities || !entities.length) { frag.append(text); return frag; }
    const cuts = new Set([0, text.length]);
    for (const e of entities) { cuts.add(e.offset); cuts.add(e.offset + e.length); }
    const points = [...cuts].filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i], to = points[i + 1];
      let node = document.createTextNode(text.slice(from, to));
      const covering = entities.filter((e) => e.offset <= from && e.offset + e.length >= to && WRAP[e.type]);
      for (let j = covering.length - 1; j >= 0; j--) {
        const e = covering[j];
        const w = el(WRAP[e.type], 'ent-' + e.type);
        if (e.type === 'text_link' || e.type === 'url') {
          const href = e.type === 'url' ? text.slice(e.offset, e.offset + e.length) : e.url;
          if (/^https?:\/\//i.test(href)) { w.href = href; w.target = '_blank'; w.rel = 'noopener'; }
        }
        if (e.type === 'spoiler') w.addEventListener('click', () => w.classList.add('shown'));
        w.append(node);
        node = w;
      }
      frag.append(node);
    }
    return frag;
  }

  function senderName(u) {
    return u ? [u.first_name, u.last_name].filter(Boolean).join(' ') : '';
  }

  function time(date) {
    const d = new Date(date * 1000);
    return d.getHours().toString().padStart(2, '0') + ':' + d.getMinutes().toString().padStart(2, '0');
  }

  function inlineKeyboard(m) {
    const kb = el('div', 'inline-kb');
    for (const row of m.reply_markup.inline_keyboard) {
      const r = el('div', 'kb-row');
      for (const b of row) {
        if (b.url) {
          const a = el('a', 'kb-btn url', b.text);
          a.href = b.url; a.target = '_blank'; a.rel = 'noopener';
          r.append(a);
        } else {
          const btn = el('button', 'kb-btn', b.text);
          btn.type = 'button';
          if (b.callback_data === undefined) btn.disabled = true;
          btn.addEventListener('click', () => press(m.message_id, b.callback_data, btn));
          r.append(btn);
        }
      }
      kb.append(r);
    }
    return kb;
  }

  function renderMessage(m) {
    const mine = m.from && m.from.id === me;
    const wrap = el('div', 'msg ' + (mine ? 'mine' : 'theirs') + (m.from && m.from.is_bot ? ' bot' : ''));
    wrap.id = 'm' + m.message_id;
    const bubble = el('div', 'bubble');
    if (isGroup && !mine) bubble.append(el('div', 'sender', senderName(m.from)));
    if (m.reply_to_message) {
      const r = m.reply_to_message;
      const quote = el('div', 'quote');
      quote.append(el('span', 'quote-from', senderName(r.from)));
      quote.append(el('span', 'quote-text', r.text || r.caption || (r.photo ? '🖼 Photo' : r.document ? '📄 File' : '')));
      bubble.append(quote);
    }
    if (m.photo && m.photo.length) {
      const big = m.photo[m.photo.length - 1];
      const img = el('img', 'photo');
      img.src = '/_sandbox/file/' + encodeURIComponent(big.file_id);
      img.alt = m.caption || 'photo';
      img.loading = 'lazy';
      img.addEventListener('load', () => stickToBottom && scrollDown());
      const link = el('a', 'photo-link');
      link.href = img.src; link.target = '_blank'; link.append(img);
      bubble.append(link);
    }
    if (m.document) {
      const a = el('a', 'document', '📄 ' + (m.document.file_name || 'file') + ' · ' + Math.ceil((m.document.file_size || 0) / 1024) + ' KB');
      a.href = '/_sandbox/file/' + encodeURIComponent(m.document.file_id);
      a.target = '_blank';
      bubble.append(a);
    }
    const text = m.text !== undefined ? m.text : m.caption;
    if (text) {
      const t = el('div', 'text');
      t.append(richText(text, m.text !== undefined ? m.entities : m.caption_entities));
      bubble.append(t);
    }
    const meta = el('div', 'meta', (m.edit_date ? 'edited ' : '') + time(m.edit_date || m.date));
    bubble.append(meta);
    wrap.append(bubble);
    if (m.reply_markup && m.reply_markup.inline_keyboard) wrap.append(inlineKeyboard(m));
    return wrap;
  }

  // Like Telegram's apps, the bot's reply keyboard can be folded away (⌨️ in the composer);
  // a different keyboard from the bot unfolds it again.
  const kbKey = 'kb-hidden:' + persona + ':' + chatId;
  let kbShown = '';
  function setKbHidden(hidden) {
    kbBox.hidden = hidden;
    kbToggle.classList.toggle('on', !hidden);
    kbToggle.setAttribute('aria-expanded', String(!hidden));
    try { hidden ? sessionStorage.setItem(kbKey, kbShown) : sessionStorage.removeItem(kbKey); } catch { /* private mode */ }
  }
  kbToggle.addEventListener('click', () => setKbHidden(!kbBox.hidden));

  function renderReplyKeyboard(kb) {
    kbBox.replaceChildren();
    kbToggle.hidden = !kb;
    if (!kb) { kbBox.hidden = true; return; }
    kbShown = JSON.stringify(kb.keyboard);
    for (const row of kb.keyboard) {
      const r = el('div', 'kb-row');
      for (const b of row) {
        const label = typeof b === 'string' ? b : b.text;
        const btn = el('button', 'kb-btn reply', label);
        btn.type = 'button';
        btn.addEventListener('click', () => send(label));
        r.append(btn);
      }
      kbBox.append(r);
    }
    let folded = null;
    try { folded = sessionStorage.getItem(kbKey); } catch { /* private mode */ }
    setKbHidden(folded === kbShown);
  }

  let stickToBottom = true;
  function scrollDown() { list.scrollTop = list.scrollHeight; }
  list.addEventListener('scroll', () => {
    stickToBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  });

  async function load() {
    if (loading) { again = true; return; }
    loading = true;
    try {
      const res = await fetch('/_sandbox/api/chat?as=' + encodeURIComponent(persona) + '&chat=' + chatId, { cache: 'no-store' });
      const data = await res.json();
      if (!res.ok) throw new Error(data.error || res.statusText);
      me = data.me;
      const items = data.messages.map(renderMessage);
      if (!items.length) items.push(el('p', 'empty', isGroup ? 'No messages yet.' : 'No messages yet — send /start.'));
      list.replaceChildren(...items);
      renderReplyKeyboard(data.replyKeyboard);
      const placeholder = data.replyKeyboard && data.replyKeyboard.input_field_placeholder;
      input.placeholder = data.forceReplyTo ? 'Reply…' : placeholder || 'Message or /command';
      commandList.replaceChildren(...data.commands.map((c) => { const o = el('option'); o.value = '/' + c.command; o.label = c.description; return o; }));
      if (stickToBottom) scrollDown();
    } catch (e) {
      toast('Could not load the chat: ' + e.message, 'error');
    } finally {
      loading = false;
      if (again) { again = false; load(); }
    }
  }

  async function send(text) {
    try {
      await post('/_sandbox/api/send', { as: persona, chat: chatId, text });
      stickToBottom = true;
      load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function press(messageId, data, btn) {
    btn.classList.add('pending');
    try {
      const { answer } = await post('/_sandbox/api/press', { as: persona, chat: chatId, message: messageId, data });
      if (answer && answer.text) {
        if (answer.show_alert) alert(answer.text);
        else toast(answer.text);
      }
      if (answer && answer.url) window.open(answer.url, '_blank', 'noopener');
    } catch (e) {
      toast(e.message, 'error');
    } finally {
      btn.classList.remove('pending');
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text);
  });

  photo.addEventListener('change', async () => {
    const file = photo.files && photo.files[0];
    photo.value = '';
    if (!file) return;
    const caption = input.value.trim();
    input.value = '';
    try {
      await post('/_sandbox/api/photo?as=' + encodeURIComponent(persona) + '&chat=' + chatId + '&caption=' + encodeURIComponent(caption), null, file);
      stickToBottom = true;
      load();
    } catch (e) {
      toast(e.message, 'error');
    }
  });

  for (const b of document.querySelectorAll('[data-action]')) {
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        const { message } = await post('/_sandbox/api/action', { as: persona, id: b.dataset.action });
        toast(message);
      } catch (e) {
        toast(e.message, 'error');
      } finally {
        b.disabled = false;
      }
    });
  }

  // Live updates: server-sent events, with a slow poll as a safety net.
  let timer;
  function schedule() { clearTimeout(timer); timer = setTimeout(load, 30); }
  if ('EventSource' in window) {
    const es = new EventSource('/_sandbox/api/events');
    es.onmessage = (ev) => {
      const e = JSON.parse(ev.data);
      if (e.chatId === chatId) schedule();
      else {
        const link = document.querySelector('.chat-link[data-chat="' + e.chatId + '"]');
        if (link && e.type === 'message') link.classList.add('unread');
      }
      // The bot wrote to another persona (an order card, a ping): mark that persona's tab.
      if (e.fromBot) {
        for (const tab of document.querySelectorAll('.persona:not(.active)')) {
          if ((tab.dataset.chats || '').split(',').includes(String(e.chatId))) {
            tab.classList.add('unread');
            tab.title = 'New messages';
          }
        }
      }
    };
    es.onopen = schedule;
  }
  setInterval(load, 15000);
  load();
  input.focus();
})();
