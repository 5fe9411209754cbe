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

/** Reads a dropped or chosen export file as JSON; null (after a toast saying why) when it is not one. */
export async function readExportFile(file: File): Promise<unknown | null> {
  if (file.size > 50 * 1024 * 1024) { toast('That file is over 50 MB.'); return null; }
  try {
    return JSON.parse(await file.text());
  } catch {
    toast(`${file.name} is not a JSON export.`);
    return null;
  }
}

/** POST /api/v1/chats/import; null (after a toast with the server's reason) when nothing was imported. */
export async function postImport(body: unknown): Promise<{ imported: Array<{ id: string; title: string }>; rejected: unknown[] } | null> {
  const res = await fetch('/api/v1/chats/import', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  }).catch(() => null);
  const data = await res?.json().catch(() => ({})) ?? {};
  if (!res?.ok) { toast(data.detail ?? 'Import failed.'); return null; }
  return { imported: data.imported ?? [], rejected: data.rejected ?? [] };
}

async function importFile(file: File): Promise<void> {
  toast(`Importing ${file.name}…`);
  const body = await readExportFile(file);
  if (body === null) return;
  const data = await postImport(body);
  if (!data) return;
  const n = data.imported.length;
  const rejected = data.rejected.length;
  sessionStorage.setItem('cs-toast', `Imported ${n} chat${n === 1 ? '' : 's'}${rejected ? `, ${rejected} rejected` : ''}.`);
  location.href = n ? `/c/${data.imported[0]!.id}` : location.pathname;
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

// Files dropped anywhere on the page import; a page with [data-chat-drop-zone] (Shared Chats) also takes chats dragged
// from a sidebar and handles every drop itself (it calls preventDefault first, so the import here stands aside).
let depth = 0;
const chatDropPage = !!document.querySelector('[data-chat-drop-zone]');
const accepts = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].some((t) => t === 'Files' || (chatDropPage && (t === 'application/json' || t === 'text/plain')));
const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
window.addEventListener('dragenter', (e) => { if (accepts(e)) { depth++; document.body.classList.add('dragging'); } });
window.addEventListener('dragleave', (e) => { if (accepts(e) && --depth <= 0) { depth = 0; document.body.classList.remove('dragging'); } });
window.addEventListener('dragover', (e) => { if (accepts(e)) e.preventDefault(); });
window.addEventListener('dragend', () => { depth = 0; document.body.classList.remove('dragging'); });
window.addEventListener('drop', (e) => {
  depth = 0;
  document.body.classList.remove('dragging');
  if (!hasFiles(e) || e.defaultPrevented) return;
  e.preventDefault();
  const file = e.dataTransfer!.files[0];
  if (file) void importFile(file);
});

// Dragging a chat out of the sidebar carries Open WebUI's payload, {type: 'chat', id, item}, where item is the chat row,
// so another chatshare (or Open WebUI) can import it. dragstart cannot wait for a fetch: the row is fetched when the
// pointer goes down on the link, which comes well before the drag starts.
const dragRows = new Map<string, unknown>();
document.addEventListener('pointerdown', (e) => {
  if (e.pointerType === 'touch' || e.button !== 0) return; // a finger scrolls or taps, and only the main button drags
  const link = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[data-chat-id][draggable=true]');
  const id = link?.dataset.chatId;
  if (!id || dragRows.has(id)) return;
  dragRows.set(id, null);
  fetch(`/api/v1/chats/${encodeURIComponent(id)}`).then((r) => (r.ok ? r.json() : null)).then((row) => {
    if (!row) return dragRows.delete(id);
    dragRows.set(id, row);
    if (dragRows.size > 20) dragRows.delete(dragRows.keys().next().value!); // chats can be large: keep a few
  }).catch(() => dragRows.delete(id));
});
document.addEventListener('dragstart', (e) => {
  const link = (e.target as HTMLElement).closest?.<HTMLAnchorElement>('a[data-chat-id][draggable=true]');
  if (!link || !e.dataTransfer) return;
  const id = link.dataset.chatId!;
  const payload = JSON.stringify({ type: 'chat', id, origin: location.origin, title: link.textContent?.trim() ?? '', item: dragRows.get(id) ?? null });
  e.dataTransfer.setData('application/json', payload);
  e.dataTransfer.setData('text/plain', payload);
  e.dataTransfer.effectAllowed = 'copyLink';
});

document.addEventListener('click', async (e) => {
  const btn = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-copy]');
  if (!btn) return;
  const code = btn.closest('.codeblock')?.querySelector('pre')?.textContent ?? '';
  await navigator.clipboard?.writeText(code).catch(() => undefined);
  btn.textContent = 'Copied';
  setTimeout(() => (btn.textContent = 'Copy'), 1500);
});

document.querySelectorAll<HTMLTimeElement>('time[datetime]').forEach((t) => {
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
