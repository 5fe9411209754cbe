// Drops on the Shared Chats page: a chat from this sidebar opens its Share Chat dialog; a chat from another chatshare or
// Open WebUI (its JSON rides in the drag) or an export file is imported first, then the dialog opens for that chat. A file
// goes through the library's import (uploadExport), so the same progress panel shows it, then its result.
import { toast, uploadExport } from './library';
import { t } from './i18n';
import { openShareDialogFor } from './share-dialog-loader';
import { parseChatDrag } from '../lib/chats/drag-payload';

interface ImportAnswer { imported: Array<{ id: string; title: string }>; skipped: Array<{ title: string; existing_id: string }> }

/** POST /api/v1/chats/import; null after a toast saying why nothing came in. */
async function postImport(body: unknown): Promise<ImportAnswer | null> {
  const res = await fetch('/api/v1/chats/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
  if (!res) { toast(t('dialog.errOffline')); return null; }
  const data = await res.json().catch(() => ({}));
  // The server words its detail in the page's language (it reads the same cookie and Accept-Language).
  if (!res.ok) { toast(typeof data.detail === 'string' ? data.detail : t('dashboard.importFailed')); return null; }
  return { imported: data.imported ?? [], skipped: data.skipped ?? [] };
}

/** Imports, then opens the dialog for the first new chat; a chat already in the library (skipped) opens as itself. */
async function importThenShare(body: unknown, importing: string, reloadTo?: string): Promise<void> {
  toast(importing);
  const result = await postImport(body);
  if (result) await shareImported(result, reloadTo);
}

/** Opens the Share Chat dialog for what an import brought: its first new chat, else the first already in the library. */
async function shareImported(result: ImportAnswer, reloadTo?: string): Promise<void> {
  const first = result.imported[0];
  const existing = result.skipped[0];
  if (!first && !existing) return toast(t('dashboard.nothingImported'));
  const n = result.imported.length;
  const message = !first ? t('dashboard.alreadyInLibrary', { title: existing!.title })
    : n === 1 ? t('dashboard.importedOne', { title: first.title }) : t('dashboard.importedMany', { n, title: first.title });
  await openShareDialogFor(first ? first.id : existing!.existing_id, { changed: !!first, reloadTo, message });
}

/** Handles one drop on the page; `reloadTo` is the view to load once the dialog closes after a change. */
export async function handleDrop(data: DataTransfer, reloadTo?: string): Promise<void> {
  // Everything is read before the first await: the browser empties the DataTransfer once the handler returns.
  const file = data.files?.[0];
  const text = file ? '' : data.getData('application/json') || data.getData('text/plain');
  if (file) {
    const sent = await uploadExport(file);
    if (!sent) return;
    sent.progress.finished(sent.answer);
    return shareImported(sent.answer, reloadTo);
  }
  const drag = parseChatDrag(text);
  if (!drag) {
    if (text.trim()) toast(t('dashboard.notAChat'));
    return;
  }
  // Our own chat (this server, this account): straight to its dialog. The server decides ownership, not the payload.
  const sameServer = !drag.origin || drag.origin === location.origin;
  if (sameServer && await openShareDialogFor(drag.id, { reloadTo, quietIfMissing: true }) !== 'missing') return;
  // Someone else's chat (another server, another account): its JSON must be in the drag, then it becomes ours.
  if (!drag.item) {
    toast(t('dashboard.dragWithoutContent'));
    return;
  }
  await importThenShare([drag.item], drag.title ? t('dashboard.importingChat', { title: drag.title }) : t('dashboard.importingUntitled'), reloadTo);
}
