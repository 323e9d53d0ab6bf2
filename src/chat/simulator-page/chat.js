/* global document, window, sessionStorage, location, fetch */
// The /dev/chat page: sends what the tester types to the simulator API and shows the bot's replies,
// with reply buttons as quick replies that send their payload. No inline script (CSP: script-src 'self').
const log = document.getElementById('log');
const quick = document.getElementById('quick');
const form = document.getElementById('composer');
const input = document.getElementById('text');
const userInput = document.getElementById('user-id');

const stored = sessionStorage.getItem('sim-user');
userInput.value = stored || `thu-nghiem-${Math.random().toString(36).slice(2, 8)}`;
userInput.addEventListener('change', () => sessionStorage.setItem('sim-user', userInput.value.trim()));
sessionStorage.setItem('sim-user', userInput.value);

function bubble(kind, text) {
  const div = document.createElement('div');
  div.className = `msg ${kind}`;
  div.textContent = text;
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
  return div;
}

function showReply(message) {
  if (message.type === 'text') bubble('bot', message.text);
  else if (message.type === 'list') {
    const div = bubble('bot', '');
    for (const el of message.elements) {
      const line = document.createElement(el.url ? 'a' : 'div');
      line.textContent = el.subtitle ? `${el.title} — ${el.subtitle}` : el.title;
      if (el.url) {
        line.href = el.url;
        line.target = '_blank';
        line.rel = 'noopener';
        line.style.display = 'block';
      }
      div.appendChild(line);
    }
  } else if (message.type === 'image') bubble('bot', `[Hình ảnh] ${message.text || ''}`);
  for (const b of message.buttons || []) addButton(b);
}

function addButton(b) {
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.textContent = b.title;
  if (b.type === 'oa.open.url')
    btn.addEventListener('click', () => window.open(b.payload, '_blank', 'noopener'));
  else if (b.type === 'oa.open.phone')
    btn.addEventListener('click', () => (location.href = `tel:${b.payload}`));
  // oa.query.show shows the payload as the citizen's message; oa.query.hide sends it without showing it.
  else btn.addEventListener('click', () => send(b.payload, b.type === 'oa.query.show' ? b.payload : b.title));
  quick.appendChild(btn);
}

async function send(text, shown = text) {
  if (!text.trim()) return;
  quick.replaceChildren();
  bubble('me', shown);
  try {
    const res = await fetch('/dev/simulator/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: userInput.value.trim() || 'thu-nghiem', text }),
    });
    const body = await res.json();
    if (!res.ok) return void bubble('system', body.error?.message || `Lỗi ${res.status}`);
    if (body.replies.length === 0)
      bubble(
        'system',
        body.mode === 'silent'
          ? 'Cán bộ đang phụ trách cuộc trò chuyện; bot không trả lời.'
          : '(Bot không trả lời)',
      );
    body.replies.forEach(showReply);
  } catch {
    bubble('system', 'Không kết nối được máy chủ.');
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = input.value;
  input.value = '';
  void send(text);
});

bubble('system', 'Gõ "menu" để bắt đầu.');
input.focus();
