// Library page behaviour: mobile nav, live title filter, import by upload or drop, toasts, copy buttons.
const toastEl = document.querySelector<HTMLElement>('[data-toast]');
let toastTimer: number | undefined;
export function toast(message: string): void {
  if (!toastEl) return;
  toastEl.textContent = message;
  toastEl.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (toastEl.hidden = true), 4000);
}

document.querySelector('[data-open-nav]')?.addEventListener('click', () => document.body.classList.add('nav-open'));
document.querySelector('[data-close-nav]')?.addEventListener('click', () => document.body.classList.remove('nav-open'));

// Filter the sidebar as the user types; the form still works without JS (server-side ?q=).
const search = document.querySelector<HTMLInputElement>('#chat-search');
search?.addEventListener('input', () => {
  const q = search.value.trim().toLowerCase();
  document.querySelectorAll<HTMLElement>('[data-chat-list] li[data-title]').forEach((li) => {
    li.hidden = !!q && !li.dataset.title!.includes(q);
  });
});

async function importFile(file: File): Promise<void> {
  if (file.size > 50 * 1024 * 1024) return toast('That file is over 50 MB.');
  toast(`Importing ${file.name}…`);
  let body: unknown;
  try {
    body = JSON.parse(await file.text());
  } catch {
    return toast(`${file.name} is not a JSON export.`);
  }
  const res = await fetch('/api/v1/chats/import', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) return toast(data.detail ?? 'Import failed.');
  const n = data.imported?.length ?? 0;
  const rejected = data.rejected?.length ?? 0;
  sessionStorage.setItem('cs-toast', `Imported ${n} chat${n === 1 ? '' : 's'}${rejected ? `, ${rejected} rejected` : ''}.`);
  location.href = n ? `/c/${data.imported[0].id}` : location.pathname;
}

const pending = sessionStorage.getItem('cs-toast');
if (pending) { sessionStorage.removeItem('cs-toast'); toast(pending); }

const importInput = document.querySelector<HTMLInputElement>('[data-import]');
importInput?.addEventListener('change', () => {
  const file = importInput.files?.[0];
  if (file) void importFile(file);
});
// A file chosen while this script was still loading (slow connection) is imported now rather than ignored.
if (importInput?.files?.[0]) void importFile(importInput.files[0]);

// Files dropped anywhere on the page import; chats dragged from the sidebar are handled by pages that want them.
let depth = 0;
const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
window.addEventListener('dragenter', (e) => { if (hasFiles(e)) { depth++; document.body.classList.add('dragging'); } });
window.addEventListener('dragleave', (e) => { if (hasFiles(e) && --depth <= 0) { depth = 0; document.body.classList.remove('dragging'); } });
window.addEventListener('dragover', (e) => { if (hasFiles(e)) e.preventDefault(); });
window.addEventListener('drop', (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  depth = 0;
  document.body.classList.remove('dragging');
  const file = e.dataTransfer!.files[0];
  if (file) void importFile(file);
});

document.addEventListener('click', async (e) => {
  const btn = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-copy]');
  if (!btn) return;
  const code = btn.closest('.codeblock')?.querySelector('pre')?.textContent ?? '';
  await navigator.clipboard?.writeText(code).catch(() => undefined);
  btn.textContent = 'Copied';
  setTimeout(() => (btn.textContent = 'Copy'), 1500);
});

// Times marked data-format are formatted by their own page (the admin panel: dates, and "5 min ago" as the server wrote it).
document.querySelectorAll<HTMLTimeElement>('time[datetime]:not([data-format])').forEach((t) => {
  const d = new Date(t.dateTime);
  if (!Number.isNaN(d.getTime())) t.textContent = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
});

// The sidebar's per-chat menu: one shared popover, placed next to the chat whose button opened it.
const chatMenu = document.querySelector<HTMLElement>('[data-chat-menu-pop]');
let menuOwner: HTMLButtonElement | null = null;
function closeChatMenu() {
  if (!chatMenu || chatMenu.hidden) return;
  chatMenu.hidden = true;
  menuOwner?.setAttribute('aria-expanded', 'false');
}
document.addEventListener('click', (e) => {
  const btn = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-chat-menu]');
  if (!chatMenu) return;
  if (!btn) { if (!(e.target as HTMLElement).closest('[data-chat-menu-pop]')) closeChatMenu(); return; }
  e.preventDefault();
  const same = menuOwner === btn && !chatMenu.hidden;
  closeChatMenu();
  if (same) return;
  menuOwner = btn;
  const id = btn.dataset.chatMenu!;
  chatMenu.querySelector<HTMLAnchorElement>('[data-item=share]')!.href = `/c/${id}?share=1`;
  chatMenu.querySelector<HTMLAnchorElement>('[data-item=json]')!.href = `/api/v1/chats/${id}/export?format=json`;
  chatMenu.querySelector<HTMLAnchorElement>('[data-item=md]')!.href = `/api/v1/chats/${id}/export?format=md`;
  const r = btn.getBoundingClientRect();
  chatMenu.style.top = `${Math.min(r.bottom + 4, window.innerHeight - 140)}px`;
  chatMenu.style.left = `${Math.max(8, r.right - 200)}px`;
  chatMenu.hidden = false;
  btn.setAttribute('aria-expanded', 'true');
  chatMenu.querySelector<HTMLElement>('a')?.focus();
});
document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && chatMenu && !chatMenu.hidden) { closeChatMenu(); menuOwner?.focus(); } });
