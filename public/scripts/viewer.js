// Share page enhancements (the page reads fully without them): local times, copy buttons, live updates by polling.
(() => {
  'use strict';
  // The page's words come with it (a JSON block in the head), in the page's language (<html lang>).
  let words = {};
  try { words = JSON.parse(document.getElementById('cs-viewer-words')?.textContent || '{}'); } catch { /* English below */ }
  const word = (key, fallback) => words[key] || fallback;
  const lang = document.documentElement.lang || undefined;
  const localize = (root) => {
    root.querySelectorAll('.msg time[datetime]').forEach((t) => {
      const d = new Date(t.dateTime);
      if (!Number.isNaN(d.getTime())) t.textContent = d.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
    });
  };
  localize(document);
  // The share's date, written in UTC by the server, again in the reader's own time zone.
  document.querySelectorAll('time[data-date]').forEach((t) => {
    const d = new Date(t.dateTime);
    if (!Number.isNaN(d.getTime())) t.textContent = d.toLocaleDateString(lang, { dateStyle: 'long' });
  });

  // The footer's language switch applies on change; its button is for pages without script.
  document.querySelectorAll('form[data-lang-switch]').forEach((form) => {
    const apply = form.querySelector('[data-lang-apply]');
    if (apply) apply.hidden = true;
    form.querySelector('select')?.addEventListener('change', () => form.requestSubmit());
  });

  document.addEventListener('click', async (e) => {
    const btn = e.target instanceof Element ? e.target.closest('[data-copy]') : null;
    if (!btn) return;
    const code = btn.closest('.codeblock')?.querySelector('pre')?.textContent ?? '';
    try { await navigator.clipboard.writeText(code); btn.textContent = word('copied', 'Copied'); } catch { btn.textContent = word('pressCtrlC', 'Press Ctrl+C'); }
    setTimeout(() => { btn.textContent = word('copy', 'Copy'); }, 1500);
  });

  // Copy link in the top bar: the page's own address (no query, no fragment), with a word of thanks in place.
  document.querySelectorAll('[data-copy-link]').forEach((btn) => {
    btn.hidden = false;
    btn.addEventListener('click', async () => {
      const link = location.origin + location.pathname;
      try { await navigator.clipboard.writeText(link); btn.textContent = word('linkCopied', 'Link copied'); } catch { btn.textContent = word('pressCtrlC', 'Press Ctrl+C'); }
      setTimeout(() => { btn.textContent = word('copyLink', 'Copy link'); }, 1800);
    });
  });

  // Print (when the owner allows downloads): the browser's own print, which can save a PDF; the print stylesheet pages it.
  document.querySelectorAll('[data-print]').forEach((btn) => {
    btn.hidden = false;
    btn.addEventListener('click', () => {
      btn.closest('details')?.removeAttribute('open');
      window.print();
    });
  });

  const body = document.body;
  // The page's token is an HttpOnly cookie (set with its counted view, scoped to this share): every answered poll
  // renews it, and it lapses after data-live-ttl seconds without one, so a hidden tab still polls before then.
  const url = body.dataset.liveUrl;
  const partUrl = body.dataset.partUrl;

  // "Show earlier messages": a plain link to ?part=N that works without script; here the part comes in place.
  document.addEventListener('click', async (e) => {
    const link = e.target instanceof Element ? e.target.closest('a[data-part]') : null;
    if (!link || !partUrl || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    const gap = link.closest('.conv-gap');
    if (!gap || gap.dataset.loading) return;
    gap.dataset.loading = '1';
    try {
      const res = await fetch(`${partUrl}?n=${encodeURIComponent(link.dataset.part)}&dir=${encodeURIComponent(link.dataset.dir || 'earlier')}`, { cache: 'no-store', credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      const data = await res.json();
      const html = link.dataset.dir === 'later' ? data.html + data.link : data.link + data.html;
      const holder = document.createElement('div');
      holder.innerHTML = html;
      localize(holder);
      gap.replaceWith(...holder.childNodes);
    } catch {
      window.location.href = link.href; // the plain link still works
    }
  });

  if (!url) return;
  const ttl = Number(body.dataset.liveTtl) || 120;
  let renewed = Date.now();
  let version = body.dataset.version || '';
  const conversation = document.getElementById('conversation');
  const banner = document.querySelector('[data-live-banner]');
  const count = document.querySelector('[data-count]');
  const INTERVAL = Math.min(3000, (ttl * 1000) / 3);
  let delay = INTERVAL;
  let timer = 0;
  let stopped = false;

  const stop = (message) => {
    stopped = true;
    clearTimeout(timer);
    if (banner) { banner.textContent = message; banner.hidden = false; }
    const badge = document.querySelector('.badge-live');
    if (badge) { badge.classList.add('badge-stopped'); badge.lastChild.textContent = word('notUpdating', 'Not updating'); }
  };

  const apply = (data) => {
    const known = new Set([...conversation.querySelectorAll('.msg')].map((m) => m.id));
    const nearBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160;
    if (typeof data.html === 'string') conversation.innerHTML = data.html; // the whole conversation
    else {
      // Only what changed: edited messages where the page shows them, added ones at the end.
      for (const change of data.changes || []) {
        const old = document.getElementById(`m-${change.id}`);
        if (!old || !conversation.contains(old)) continue;
        const holder = document.createElement('div');
        holder.innerHTML = change.html;
        old.replaceWith(...holder.childNodes);
      }
      if (data.appended) {
        conversation.querySelector(':scope > .empty-chat')?.remove();
        conversation.insertAdjacentHTML('beforeend', data.appended);
      }
    }
    conversation.querySelectorAll('.msg').forEach((m) => { if (!known.has(m.id)) m.classList.add('is-new'); });
    localize(conversation);
    if (count && data.countLabel) count.textContent = data.countLabel;
    version = data.version;
    if (nearBottom) window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'smooth' });
  };

  const poll = async () => {
    if (stopped) return;
    if (document.hidden && Date.now() - renewed < (ttl * 1000) / 3) { timer = setTimeout(poll, INTERVAL); return; }
    try {
      const res = await fetch(`${url}?v=${encodeURIComponent(version)}`, { cache: 'no-store', credentials: 'same-origin' });
      if (res.status === 200 || res.status === 204) renewed = Date.now();
      if (res.status === 200) apply(await res.json());
      else if (res.status === 503) throw new Error('busy'); // the owner's renders are queued: try again later
      else if (res.status !== 204) {
        const data = await res.json().catch(() => ({}));
        return stop(data.detail || word('liveGone', 'This live link is no longer available.'));
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
