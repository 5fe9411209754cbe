// Library page behaviour: live title filter, import by upload or drop, toasts, copy buttons; the sidebar menu's own module.
import './chat-menu';
import { locale, t } from './i18n';
import { importInProgress, showImportProgress, type ImportProgressPanel } from './import-progress';

const toastEl = document.querySelector<HTMLElement>('[data-toast]');
let toastTimer: number | undefined;
export function toast(message: string): void {
  if (!toastEl) return;
  toastEl.textContent = message;
  toastEl.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (toastEl.hidden = true), 4000);
}

// Filter the sidebar as the user types; the form still works without JS (server-side ?q=). A date header shows only
// while a chat under it does, and no match at all says so, with a way to clear the search.
const search = document.querySelector<HTMLInputElement>('#chat-search');
const noMatch = document.querySelector<HTMLElement>('[data-no-match]');
function filterList() {
  const q = search!.value.trim();
  const needle = q.toLowerCase();
  let header: HTMLElement | null = null;
  let shown = 0;
  for (const li of document.querySelectorAll<HTMLElement>('[data-chat-list] > li')) {
    if (li.classList.contains('list-group')) {
      header = li;
      li.hidden = true;
    } else if (li.dataset.title !== undefined) {
      li.hidden = !!needle && !li.dataset.title.includes(needle);
      if (!li.hidden) { shown++; if (header) header.hidden = false; }
    }
  }
  // A list the server already filtered (?q=) with nothing in it keeps its own message.
  if (noMatch && document.querySelector('[data-chat-list] li[data-title]')) {
    noMatch.hidden = !q || shown > 0;
    noMatch.querySelector('[data-no-match-text]')!.textContent = t('library.noMatch', { q });
  }
}
search?.addEventListener('input', filterList);
noMatch?.querySelector('[data-clear-search]')?.addEventListener('click', (e) => {
  // Filtered here: clear in place. Filtered by the server: the link reloads the page without ?q=.
  if (new URLSearchParams(location.search).has('q')) return;
  e.preventDefault();
  search!.value = '';
  filterList();
  search!.focus();
});

export interface ImportAnswer {
  imported: Array<{ id: string; title: string }>;
  rejected: Array<{ index: number; title?: string; reason: string }>;
  skipped: Array<{ index: number; title: string; reason: string; existing_id: string }>;
}

/** Sends a request with XMLHttpRequest (fetch reports no upload progress); its status and JSON, or null when offline. */
function send(url: string, contentType: string, body: Blob | string, onUpload?: (loaded: number, total: number) => void): Promise<{ status: number; data: any } | null> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', contentType);
    if (onUpload) xhr.upload.onprogress = (e) => { if (e.lengthComputable) onUpload(e.loaded, e.total); };
    xhr.onload = () => {
      let data: any = {};
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON: answered as a failure below */ }
      resolve({ status: xhr.status, data: data ?? {} });
    };
    xhr.onerror = xhr.onabort = xhr.ontimeout = () => resolve(null);
    xhr.send(body);
  });
}

/**
 * Posts an export (parsed JSON, or a ZIP archive as it is); the answer, or what went wrong in words. With `progress`,
 * the upload and then the server's figures show in the import panel while it runs.
 */
async function postImport(body: unknown, copies: boolean, progress?: ImportProgressPanel, zip = false): Promise<ImportAnswer | string> {
  const query = new URLSearchParams(copies ? { duplicates: 'copy' } : {});
  if (progress) query.set('import_id', progress.id);
  // A file is sent as it is (a ZIP archive, or a JSON export too big to read here); a parsed export as its text.
  const raw = body instanceof Blob;
  const sent = send(`/api/v1/chats/import${query.size ? `?${query}` : ''}`, zip ? 'application/zip' : 'application/json', raw ? body : JSON.stringify(body), progress?.uploaded);
  progress?.poll();
  const res = await sent;
  if (!res) return t('library.offline');
  const { status, data } = res;
  if (status < 200 || status >= 300) return typeof data.detail === 'string' ? data.detail : t('library.importFailed');
  return { imported: data.imported ?? [], rejected: data.rejected ?? [], skipped: data.skipped ?? [] };
}

/** Shows the toast on the next page and opens the first new chat (or stays, refreshed, when there is none). */
function goToImported(a: ImportAnswer, message: string): void {
  sessionStorage.setItem('cs-toast', message);
  location.href = a.imported.length ? `/c/${a.imported[0]!.id}` : location.pathname + location.search;
}

const resultDialog = document.querySelector<HTMLDialogElement>('[data-import-result]');

/** The entries the server could not read, each with its title (or its place in the file) and why. */
function rejectedItems(a: ImportAnswer): HTMLLIElement[] {
  return a.rejected.map((r) => {
    const li = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = r.title?.trim() ? t('library.importRejectedNamed', { title: r.title.trim(), n: r.index + 1 }) : t('library.importRejectedEntry', { n: r.index + 1 });
    li.append(name, t('library.importRejectedReason', { reason: r.reason }));
    return li;
  });
}

/**
 * Some chats were already in the library, or some entries could not be read: say so in plain words, name each one
 * (with the reason it was not imported), and offer copies of exactly the skipped ones.
 */
function showImportResult(a: ImportAnswer, body: unknown): void {
  if (!resultDialog) return;
  resultDialog.querySelector('[data-import-summary]')!.textContent =
    t('library.importSummary', { imported: a.imported.length, skipped: a.skipped.length, rejected: a.rejected.length });
  resultDialog.querySelector<HTMLElement>('[data-import-skipped-part]')!.hidden = !a.skipped.length;
  resultDialog.querySelector<HTMLElement>('[data-import-rejected-part]')!.hidden = !a.rejected.length;
  resultDialog.querySelector('[data-import-rejected]')!.replaceChildren(...rejectedItems(a));
  const list = resultDialog.querySelector('[data-import-skipped]')!;
  list.replaceChildren(...a.skipped.map((s) => {
    const li = document.createElement('li');
    const link = document.createElement('a');
    link.href = `/c/${encodeURIComponent(s.existing_id)}`;
    link.textContent = s.title;
    li.append(link);
    return li;
  }));
  const error = resultDialog.querySelector<HTMLElement>('[data-import-error]')!;
  error.hidden = true;
  const copiesBtn = resultDialog.querySelector<HTMLButtonElement>('[data-import-copies]')!;
  // Copies re-send the skipped entries themselves: possible when the file is a list of chats read here (not a ZIP
  // archive, nor Gemini activity, whose entries the server groups into chats).
  const items: unknown[] | null = body instanceof Blob ? null : Array.isArray(body) ? (body.some(isGeminiEntry) ? null : body)
    : Array.isArray((body as { chats?: unknown })?.chats) ? (body as { chats: unknown[] }).chats
    : Array.isArray((body as { conversations?: unknown })?.conversations) ? (body as { conversations: unknown[] }).conversations : [body];
  copiesBtn.hidden = !a.skipped.length || !items;
  copiesBtn.disabled = false;
  copiesBtn.textContent = t('library.importCopies', { n: a.skipped.length });
  copiesBtn.onclick = async () => {
    copiesBtn.disabled = true;
    copiesBtn.textContent = t('library.importingCopies');
    // The skipped entries, in the shapes the server reads a file in (a list, {chats: [...]}, {conversations: [...]}, or one chat).
    const copies = await postImport({ chats: a.skipped.map((s) => items![s.index]) }, true);
    if (typeof copies === 'string') {
      error.textContent = copies;
      error.hidden = false;
      copiesBtn.disabled = false;
      copiesBtn.textContent = t('library.importTryAgain');
      return;
    }
    const total = { ...copies, imported: [...a.imported, ...copies.imported] };
    goToImported(total, t('library.importedCopies', { copies: copies.imported.length, fresh: a.imported.length }));
  };
  resultDialog.onclose = () => {
    // New chats came in with the skipped or unreadable ones (Done or Escape): show them, as a plain import would.
    if (a.imported.length) goToImported(a, t('library.imported', { n: a.imported.length }));
  };
  if (!resultDialog.open) resultDialog.showModal();
  (a.skipped.length ? copiesBtn : resultDialog.querySelector<HTMLElement>('[data-import-done]')!).focus();
}

const MB = 1024 * 1024;
/** JSON exports up to this size are parsed in the page (copies of skipped chats need their entries); bigger ones are sent as they are. */
const READ_HERE_MB = 50;
const isGeminiEntry = (e: unknown) => !!e && typeof e === 'object' && ['Gemini Apps', 'Bard'].includes((e as { header?: string }).header ?? '');
/** A ZIP archive by its first bytes (PK\3\4), whatever its name or type says. */
const isZip = async (file: File) => {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
};

/**
 * Sends an export file (JSON, or a ZIP archive as it is) with the import panel showing its progress: the answer, the
 * body sent (to import copies of skipped chats) and the panel (to show the result); null after a toast saying why not.
 * The library and the Shared Chats page's drop both import files through here.
 */
export async function uploadExport(file: File): Promise<{ answer: ImportAnswer; body: unknown; progress: ImportProgressPanel } | null> {
  if (importInProgress()) { toast(t('library.importProgressBusy')); return null; }
  const zip = await isZip(file).catch(() => false);
  // The server reads an export of up to 1 GB, JSON or ZIP, as a stream from disk. A JSON file is read here too when it
  // is small enough (so the chats it skips can be sent again as copies); a bigger one would hold the tab for seconds and
  // goes as it is, like an archive.
  const max = 1024;
  if (file.size > max * MB) { toast(t('library.importTooLarge', { mb: max })); return null; }
  // The panel stays until the answer (a big archive takes minutes): its name, a bar, and where the import is.
  const progress = showImportProgress(file.name, zip);
  let body: unknown = file;
  if (!zip && file.size <= READ_HERE_MB * MB) {
    try {
      body = JSON.parse(await file.text());
    } catch {
      progress.close();
      toast(t('library.importNotJson', { name: file.name }));
      return null;
    }
  }
  const answer = await postImport(body, false, progress, zip);
  if (typeof answer === 'string') {
    progress.close();
    toast(answer);
    return null;
  }
  return { answer, body, progress };
}

async function importFile(file: File): Promise<void> {
  const sent = await uploadExport(file);
  if (!sent) return;
  const { answer: a, body, progress } = sent;
  if (a.skipped.length || a.rejected.length) {
    progress.close();
    return showImportResult(a, body);
  }
  progress.finished(a);
  goToImported(a, t('library.imported', { n: a.imported.length }));
}

const pending = sessionStorage.getItem('cs-toast');
if (pending) { sessionStorage.removeItem('cs-toast'); toast(pending); }

const importInput = document.querySelector<HTMLInputElement>('[data-import]');
importInput?.addEventListener('change', () => {
  const file = importInput.files?.[0];
  // Cleared so that choosing the same file again (a re-import) still fires change.
  importInput.value = '';
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
  btn.textContent = t('library.codeCopied');
  setTimeout(() => (btn.textContent = t('library.codeCopy')), 1500);
});

// Times marked data-format are formatted by their own page (the admin panel: dates, and "5 min ago" as the server wrote
// it). The rest: in the page's language and the reader's own time zone (the server can only write UTC).
const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
/** Also for parts a page swaps in later (a branch switched in place). */
export function localizeTimes(root: ParentNode = document): void {
  root.querySelectorAll<HTMLTimeElement>('time[datetime]:not([data-format])').forEach((el) => {
    const d = new Date(el.dateTime);
    if (!Number.isNaN(d.getTime())) el.textContent = dateTime.format(d);
  });
}
localizeTimes();
