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

  // Links to a message: each message's link copies its address (`?m=` names the message to link previews, `#m-` to the
  // page) and says so beside it and to screen readers; without script it is a plain link to the message.
  const ANCHOR = /^[A-Za-z0-9_-]{1,64}$/;
  const status = document.createElement('span');
  status.className = 'sr-only';
  status.setAttribute('role', 'status');
  document.body.append(status);
  const enhanceLinks = (root) => root.querySelectorAll('a[data-msg-link]').forEach((a) => {
    if (a.dataset.enhanced) return;
    a.dataset.enhanced = '1';
    a.setAttribute('role', 'button');
    a.setAttribute('aria-label', word('copyMessageLink', 'Copy link to this message'));
    a.removeAttribute('title'); // the tip below says it, in the page's style
    const tip = a.querySelector('.msg-link-tip');
    if (tip) tip.textContent = word('copyMessageLink', 'Copy link to this message');
  });
  enhanceLinks(document);
  const copyMessageLink = async (a) => {
    const anchor = a.dataset.msgLink || '';
    if (!ANCHOR.test(anchor)) return;
    const link = `${location.origin}${location.pathname}?m=${anchor}#m-${anchor}`;
    const tip = a.querySelector('.msg-link-tip');
    let said = word('linkCopied', 'Link copied');
    try { await navigator.clipboard.writeText(link); } catch { said = word('pressCtrlC', 'Press Ctrl+C'); }
    if (tip) tip.textContent = said;
    status.textContent = said;
    a.classList.add('is-copied');
    clearTimeout(a.copiedTimer);
    a.copiedTimer = setTimeout(() => {
      a.classList.remove('is-copied');
      if (tip) tip.textContent = word('copyMessageLink', 'Copy link to this message');
      status.textContent = '';
    }, 1800);
  };
  document.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[data-msg-link]') : null;
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    void copyMessageLink(a);
  });
  document.addEventListener('keydown', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[data-msg-link]') : null;
    if (a && e.key === ' ') { e.preventDefault(); void copyMessageLink(a); }
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
      enhanceLinks(holder);
      gap.replaceWith(...holder.childNodes);
    } catch {
      window.location.href = link.href; // the plain link still works
    }
  });

  // Opening a link to a message: the browser scrolls to it and :target highlights it. One in a part of a long chat the
  // page does not carry yet: that part comes in place of the gap (with its links both ways), then the page goes to it.
  const targetAnchor = () => {
    const hash = location.hash.startsWith('#m-') ? location.hash.slice(3) : '';
    const anchor = hash || new URLSearchParams(location.search).get('m') || '';
    return ANCHOR.test(anchor) ? anchor : null;
  };
  const land = async () => {
    const anchor = targetAnchor();
    if (!anchor) return;
    let el = document.getElementById(`m-${anchor}`);
    const gaps = document.querySelectorAll('.conv-gap');
    // Only the main page: a part's own page (?part=N, the no-script way) has its gaps elsewhere.
    if (!el && partUrl && gaps.length === 1 && !new URLSearchParams(location.search).has('part')) {
      try {
        const res = await fetch(`${partUrl}?m=${encodeURIComponent(anchor)}`, { cache: 'no-store', credentials: 'same-origin' });
        if (!res.ok) return;
        const data = await res.json();
        const holder = document.createElement('div');
        holder.innerHTML = (data.link || '') + data.html + (data.later || '');
        localize(holder);
        enhanceLinks(holder);
        gaps[0].replaceWith(...holder.childNodes);
        el = document.getElementById(`m-${anchor}`);
      } catch { return; }
    }
    if (!el) return;
    document.querySelectorAll('.msg.is-target').forEach((m) => m.classList.remove('is-target'));
    el.classList.add('is-target');
    el.scrollIntoView({ block: 'start' });
  };
  void land();
  window.addEventListener('hashchange', () => { void land(); });

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
    enhanceLinks(conversation);
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
