// Shared Chats page behaviour on top of the server-rendered page: local times, copy link, live status, row menus,
// selection (page and every match), typed-word danger dialogs, filters that apply on change, Modify and drops.
import { toast } from './library';
import { openShareDialogFor } from './share-dialog-loader';
import { handleDrop } from './share-drop';
import { statusNote } from '../lib/shares/manage/status-note';
import { typedWordMatches } from '../lib/shares/manage/danger-words';
import { locale, t } from './i18n';
import './shared-stats';

const root = document.querySelector<HTMLElement>('[data-chat-drop-zone]');
if (root) setup(root);

function setup(root: HTMLElement) {
  const $$ = <T extends Element = HTMLElement>(sel: string, from: ParentNode = document) => [...from.querySelectorAll<T>(sel)];
  const returnTo = root.dataset.return ?? '/shared'; // the server's canonical address of this view

  // Controls that only work with script appear; the no-script fallbacks (Apply buttons, "every match" box) step back.
  $$('[data-copy-url], [data-select-page]').forEach((el) => (el.hidden = false));
  $$('[data-apply], [data-scope-all]').forEach((el) => (el.hidden = true));
  $$<HTMLInputElement>('[data-tz]').forEach((el) => (el.value = String(new Date().getTimezoneOffset())));
  if (location.search.includes('confirm=')) history.replaceState(null, '', returnTo + location.hash);

  // Times in the viewer's zone and the page's language, on one line: today's as the time of day, others as the date (the
  // year only when it is not this one); the time, quieter, stays for the phone's cards; the tooltip has both.
  const thisYear = new Date().getFullYear();
  const today = new Date().toDateString();
  for (const time of $$<HTMLTimeElement>('time[data-local-time]')) {
    const d = new Date(time.dateTime);
    if (Number.isNaN(d.getTime())) continue;
    const day = document.createElement('span');
    day.textContent = d.toDateString() === today ? d.toLocaleTimeString(locale, { timeStyle: 'short' })
      : d.toLocaleDateString(locale, d.getFullYear() === thisYear ? { month: 'short', day: 'numeric' } : { dateStyle: 'medium' });
    const clock = document.createElement('span');
    clock.className = 'muted';
    clock.textContent = d.toLocaleTimeString(locale, { timeStyle: 'short' });
    time.replaceChildren(day, ' ', clock);
    time.title = d.toLocaleString(locale, { dateStyle: 'full', timeStyle: 'long' });
  }

  // On a narrow page the filters besides search fold behind a "Filters" button (open when one is in use).
  const filterForm = document.querySelector<HTMLFormElement>('[data-filters]');
  const toggle = document.querySelector<HTMLButtonElement>('[data-filters-toggle]');
  if (filterForm && toggle) {
    toggle.hidden = false;
    const setOpen = (open: boolean) => { filterForm.classList.toggle('collapsed', !open); toggle.setAttribute('aria-expanded', String(open)); };
    setOpen(toggle.dataset.active !== '0');
    toggle.addEventListener('click', () => setOpen(filterForm.classList.contains('collapsed')));
  }

  // A GET form sends every field, empty or default; with script the address keeps only what narrows the view.
  const DEFAULTS: Record<string, string> = { order_by: 'updated_at', direction: 'desc', page_size: '20', page: '1' };
  $$<HTMLFormElement>('form[method=get][action="/shared"]').forEach((form) => form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const keep = new URLSearchParams();
    for (const [k, v] of data) if (typeof v === 'string' && v.trim() && !keep.has(k) && DEFAULTS[k] !== v) keep.set(k, v.trim());
    if (!keep.has('from') && !keep.has('to')) keep.delete('tz');
    if (keep.has('order_by') !== keep.has('direction')) { // one of the pair differs from its default: keep both
      keep.set('order_by', String(data.get('order_by') ?? DEFAULTS.order_by));
      keep.set('direction', String(data.get('direction') ?? DEFAULTS.direction));
    }
    location.assign(keep.size ? `/shared?${keep}` : '/shared');
  }));

  // Filters apply as soon as a choice changes; the search applies on Enter.
  $$<HTMLSelectElement | HTMLInputElement>('[data-autosubmit], .date-filter input').forEach((el) => el.addEventListener('change', () => el.form?.requestSubmit()));

  // ---- row menus (<details>): one open at a time, Escape and outside clicks close, opens upward near the bottom ----
  const menus = $$<HTMLDetailsElement>('[data-row-menu]');
  const closeMenus = (except?: HTMLDetailsElement) => menus.forEach((m) => { if (m !== except) m.open = false; });
  menus.forEach((m) => m.addEventListener('toggle', () => {
    if (!m.open) return;
    closeMenus(m);
    const pop = m.querySelector<HTMLElement>('.row-menu-pop')!;
    m.classList.remove('up');
    if (pop.getBoundingClientRect().bottom > window.innerHeight - 8) m.classList.add('up');
  }));
  document.addEventListener('click', (e) => { if (!(e.target as HTMLElement).closest('[data-row-menu]')) closeMenus(); });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    const open = menus.find((m) => m.open);
    if (open) { open.open = false; open.querySelector('summary')?.focus(); }
  });

  // ---- copy link ----
  document.addEventListener('click', async (e) => {
    const btn = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-copy-url]');
    if (!btn) return;
    const url = btn.dataset.copyUrl!;
    const ok = await navigator.clipboard?.writeText(url).then(() => true, () => false);
    closeMenus();
    toast(ok ? t('dashboard.toastCopied') : t('dashboard.toastCopyThis', { url }));
  });

  // ---- Modify: the Share Chat dialog for that row's chat ----
  document.addEventListener('click', (e) => {
    const link = (e.target as HTMLElement).closest<HTMLAnchorElement>('[data-modify]');
    if (!link || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    closeMenus();
    void openShareDialogFor(link.dataset.modify!, { reloadTo: returnTo });
  });

  // ---- drops: a chat or an export file anywhere on the page ----
  const droppable = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].some((type) => type === 'Files' || type === 'application/json' || type === 'text/plain');
  // Both dragenter and dragover must be cancelled for the browser to treat the page as a drop target.
  const accept = (e: DragEvent) => { if (droppable(e)) { e.preventDefault(); e.dataTransfer!.dropEffect = 'copy'; } };
  document.addEventListener('dragenter', accept);
  document.addEventListener('dragover', accept);
  document.addEventListener('drop', (e) => {
    if (!droppable(e)) return;
    e.preventDefault(); // the library's own file import stands aside
    if (root.dataset.canShare !== 'true') return toast(t('dashboard.toastSharingNotAllowed'));
    void handleDrop(e.dataTransfer!, returnTo);
  });

  setupSelection(root, $$);
  // Links expire by the server's clock: a device clock that is clearly off is corrected. Below 5 s the gap may be no more
  // than the time this page took to arrive and start (seconds on a busy machine), and correcting it would make links late.
  const skew = Number(root.dataset.now) - Date.now() / 1000;
  setupStatusTicking($$, Number.isFinite(skew) && Math.abs(skew) > 5 ? skew : 0);
  setupDangerDialogs($$);
}

function setupSelection(root: HTMLElement, $$: <T extends Element = HTMLElement>(sel: string) => T[]) {
  const form = document.querySelector<HTMLFormElement>('[data-bulk]');
  if (!form) return;
  const checks = $$<HTMLInputElement>('[data-row-check]');
  const pageBox = document.querySelector<HTMLInputElement>('[data-select-page]');
  const countEl = form.querySelector<HTMLElement>('[data-bulk-count]')!;
  const bar = form.querySelector<HTMLElement>('[data-select-matches-bar]')!;
  const barText = form.querySelector<HTMLElement>('[data-select-matches-text]')!;
  const matchBtn = form.querySelector<HTMLButtonElement>('[data-select-matches]')!;
  const clearBtn = form.querySelector<HTMLButtonElement>('[data-clear-selection]')!;
  const scope = form.querySelector<HTMLInputElement>('input[name=scope]');
  const total = Number(root.dataset.total ?? 0);
  form.classList.add('js-bulk'); // floats at the bottom while something is selected
  const matchInputs = document.createElement('div');
  matchInputs.hidden = true;
  form.append(matchInputs);
  let allMatches: number | null = null; // when set, every match of the filters is selected (ids from /shared/meta)
  let loadingMatches = false; // the actions wait for the matches: a click meanwhile would act on this page alone

  function update() {
    const ticked = checks.filter((c) => c.checked).length;
    if (pageBox) {
      pageBox.checked = ticked > 0 && ticked === checks.length;
      pageBox.indeterminate = ticked > 0 && ticked < checks.length;
    }
    checks.forEach((c) => c.closest('tr')?.classList.toggle('selected', c.checked));
    const n = allMatches ?? ticked;
    countEl.textContent = n ? t('dashboard.selectedCount', { n }) : t('dashboard.selectHint');
    form!.classList.toggle('has-selection', n > 0);
    $$<HTMLButtonElement>('[data-bulk-btn]').forEach((b) => (b.disabled = n === 0 || loadingMatches));
    const pageAll = ticked === checks.length && ticked > 0;
    bar.hidden = !(allMatches !== null || (pageAll && total > checks.length));
    matchBtn.hidden = allMatches !== null;
    clearBtn.hidden = allMatches === null;
    barText.textContent = allMatches !== null ? t('dashboard.allMatchesSelected', { n: allMatches }) : t('dashboard.allOnPageSelected', { n: ticked });
  }
  function leaveAllMatches() {
    allMatches = null;
    matchInputs.replaceChildren();
    if (scope) scope.checked = false;
  }

  checks.forEach((c) => c.addEventListener('change', () => { if (!c.checked) leaveAllMatches(); update(); }));
  pageBox?.addEventListener('change', () => {
    checks.forEach((c) => (c.checked = pageBox.checked));
    if (!pageBox.checked) leaveAllMatches();
    update();
  });
  matchBtn.addEventListener('click', async () => {
    matchBtn.disabled = loadingMatches = true;
    update();
    const res = await fetch(`/api/v1/chats/shared/meta?${root.dataset.apiFilters ?? ''}`).catch(() => null);
    const data = res?.ok ? await res.json().catch(() => null) as { items: Array<{ chat_id: string }> } | null : null;
    matchBtn.disabled = loadingMatches = false;
    update();
    if (!data) return toast(t('dashboard.loadMatchesFailed'));
    // Past the bulk limit the server resolves the filters itself; below it, exactly the links counted here are sent.
    if (data.items.length > 10_000 && scope) scope.checked = true;
    else {
      matchInputs.replaceChildren(...data.items.map((i) => Object.assign(document.createElement('input'), { type: 'hidden', name: 'chat_id', value: i.chat_id })));
    }
    allMatches = data.items.length;
    update();
  });
  // Every match (past this page) with Revoke or Reset: a question with the count first, as the danger zone asks its word.
  const ask = document.querySelector<HTMLDialogElement>('[data-bulk-confirm]');
  let confirmed = false;
  form.addEventListener('submit', (e) => {
    const btn = e.submitter instanceof HTMLButtonElement ? e.submitter : null;
    const kind = btn?.value === 'bulk_revoke' ? 'Revoke' : btn?.value === 'bulk_reset_stats' ? 'Reset' : null;
    if (!ask || !btn || !kind || allMatches === null || confirmed) return;
    e.preventDefault();
    const n = allMatches;
    ask.querySelector('[data-bulk-confirm-title]')!.textContent = t(`dashboard.bulkConfirm${kind}Title`, { n });
    ask.querySelector('[data-bulk-confirm-text]')!.textContent = t(`dashboard.bulkConfirm${kind}Text`);
    ask.querySelector('[data-bulk-confirm-yes]')!.textContent = t(`dashboard.bulkConfirm${kind}Go`, { n });
    ask.returnValue = '';
    ask.showModal();
    ask.addEventListener('close', () => {
      if (ask.returnValue !== 'yes') return btn.focus();
      confirmed = true;
      form.requestSubmit(btn);
    }, { once: true });
  });
  const clearAll = () => {
    leaveAllMatches();
    checks.forEach((c) => (c.checked = false));
    update();
  };
  clearBtn.addEventListener('click', clearAll);
  const closeBtn = form.querySelector<HTMLButtonElement>('[data-bulk-clear]');
  if (closeBtn) { closeBtn.hidden = false; closeBtn.addEventListener('click', clearAll); }
  update();
}

/** An active link whose time runs out turns Expired on the page within a second, with Restore in place of Revoke. */
function setupStatusTicking($$: <T extends Element = HTMLElement>(sel: string) => T[], skew: number) {
  let rows = $$<HTMLTableRowElement>('tr[data-expires-at]');
  if (!rows.length) return;
  const bump = (status: string, by: number) => {
    const el = document.querySelector(`[data-status-tab="${status}"] [data-count]`);
    if (el) el.textContent = (Number(el.textContent!.replace(/\D/g, '')) + by).toLocaleString(locale);
  };
  const tick = () => {
    const now = Date.now() / 1000 + skew;
    rows = rows.filter((row) => {
      const expiresAt = Number(row.dataset.expiresAt);
      const note = row.querySelector<HTMLElement>('[data-status-note]')!;
      if (expiresAt > now) {
        const text = statusNote({ status: 'active', expires_at: expiresAt, max_views: 0, views: 0, revoked_reason: null }, now, t);
        if (note.textContent !== text) note.textContent = text;
        return true;
      }
      row.dataset.status = 'expired';
      const pill = row.querySelector<HTMLElement>('[data-status-pill]')!;
      pill.className = 'pill pill-expired';
      pill.textContent = t('dashboard.statusExpired');
      note.textContent = statusNote({ status: 'expired', expires_at: expiresAt, max_views: 0, views: 0, revoked_reason: null }, now, t);
      row.querySelectorAll<HTMLElement>('[data-when=active]').forEach((el) => (el.hidden = true));
      row.querySelectorAll<HTMLElement>('[data-when=inactive]').forEach((el) => (el.hidden = false));
      bump('active', -1);
      bump('expired', 1);
      return false;
    });
    if (!rows.length) window.clearInterval(timer);
  };
  const timer = window.setInterval(tick, 250);
  tick();
}

/** Danger-zone confirmations as modal dialogs; the button stays off until the word is typed. */
function setupDangerDialogs($$: <T extends Element = HTMLElement>(sel: string) => T[]) {
  for (const dialog of $$<HTMLDialogElement>('[data-confirm-dialog]')) {
    const input = dialog.querySelector<HTMLInputElement>('input[name=confirm]')!;
    const submit = dialog.querySelector<HTMLButtonElement>('[data-confirm-submit]')!;
    const sync = () => (submit.disabled = !typedWordMatches(input.value, input.dataset.word ?? ''));
    input.addEventListener('input', sync);
    sync();
    dialog.querySelector('[data-close-confirm]')?.addEventListener('click', (e) => { e.preventDefault(); dialog.close(); });
    dialog.addEventListener('close', () => document.querySelector<HTMLElement>(`[data-open-confirm="${dialog.dataset.confirmDialog}"]`)?.focus());
    if (dialog.open) { // rendered open by the server (a wrong word, or ?confirm=): show it as a modal instead
      dialog.removeAttribute('open');
      dialog.showModal();
      input.focus();
    }
  }
  $$<HTMLAnchorElement>('[data-open-confirm]').forEach((a) => a.addEventListener('click', (e) => {
    e.preventDefault();
    const dialog = document.querySelector<HTMLDialogElement>(`[data-confirm-dialog="${a.dataset.openConfirm}"]`);
    if (!dialog) return;
    dialog.querySelector<HTMLInputElement>('input[name=confirm]')!.value = '';
    dialog.querySelector<HTMLButtonElement>('[data-confirm-submit]')!.disabled = true;
    dialog.showModal();
  }));
}
