// Share page enhancements (the page reads fully without them): local times, copy buttons, live updates by polling.
(() => {
  'use strict';
  const localize = (root) => {
    root.querySelectorAll('.msg time[datetime]').forEach((t) => {
      const d = new Date(t.dateTime);
      if (!Number.isNaN(d.getTime())) t.textContent = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    });
  };
  localize(document);

  document.addEventListener('click', async (e) => {
    const btn = e.target instanceof Element ? e.target.closest('[data-copy]') : null;
    if (!btn) return;
    const code = btn.closest('.codeblock')?.querySelector('pre')?.textContent ?? '';
    try { await navigator.clipboard.writeText(code); btn.textContent = 'Copied'; } catch { btn.textContent = 'Press Ctrl+C'; }
    setTimeout(() => { btn.textContent = 'Copy'; }, 1500);
  });

  const body = document.body;
  const url = body.dataset.liveUrl;
  const token = body.dataset.liveToken;
  if (!url || !token) return;
  let version = body.dataset.version || '';
  const conversation = document.getElementById('conversation');
  const banner = document.querySelector('[data-live-banner]');
  const count = document.querySelector('[data-count]');
  const INTERVAL = 3000;
  let delay = INTERVAL;
  let timer = 0;
  let stopped = false;

  const stop = (message) => {
    stopped = true;
    clearTimeout(timer);
    if (banner) { banner.textContent = message; banner.hidden = false; }
    const badge = document.querySelector('.badge-live');
    if (badge) { badge.classList.add('badge-stopped'); badge.lastChild.textContent = 'Not updating'; }
  };

  const apply = (data) => {
    const known = new Set([...conversation.querySelectorAll('.msg')].map((m) => m.id));
    const nearBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160;
    conversation.innerHTML = data.html;
    conversation.querySelectorAll('.msg').forEach((m) => { if (!known.has(m.id)) m.classList.add('is-new'); });
    localize(conversation);
    if (count) count.textContent = `${data.messageCount} message${data.messageCount === 1 ? '' : 's'}`;
    version = data.version;
    if (nearBottom) window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'smooth' });
  };

  const poll = async () => {
    if (stopped) return;
    if (document.hidden) { timer = setTimeout(poll, INTERVAL); return; }
    try {
      const res = await fetch(`${url}?v=${encodeURIComponent(version)}&t=${encodeURIComponent(token)}`, { cache: 'no-store', credentials: 'same-origin' });
      if (res.status === 200) apply(await res.json());
      else if (res.status !== 204) {
        const data = await res.json().catch(() => ({}));
        return stop(data.detail || 'This live link is no longer available.');
      }
      delay = INTERVAL;
    } catch {
      delay = Math.min(delay * 2, 60000); // offline or restarting server: back off, never reload
    }
    timer = setTimeout(poll, delay);
  };
  timer = setTimeout(poll, INTERVAL);
  document.addEventListener('visibilitychange', () => { if (!document.hidden && !stopped) { clearTimeout(timer); poll(); } });
})();
