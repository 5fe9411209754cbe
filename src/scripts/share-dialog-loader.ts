// Opens the Share Chat dialog for any chat from the Shared Chats page: fetches the dialog as the server renders it
// for that chat (/shared/dialog?chat=…) and wires it with the chat page's own script, so both pages show one dialog.
import { setupShareDialog } from './share-dialog';
import { toast } from './library';
import { t } from './i18n';

let current: HTMLDialogElement | null = null;

/**
 * Shows the dialog for `chatId`: 'opened', or 'missing' when the chat is not in the caller's library (said quietly when
 * `quietIfMissing`, so a drop can import instead), or 'failed' after a toast saying why.
 * When the dialog closes after a change (or `changed` says the library already moved), the page loads its view again.
 */
export async function openShareDialogFor(chatId: string, opts: { changed?: boolean; reloadTo?: string; quietIfMissing?: boolean; message?: string } = {}): Promise<'opened' | 'missing' | 'failed'> {
  const res = await fetch(`/shared/dialog?chat=${encodeURIComponent(chatId)}`, { headers: { accept: 'text/html' } }).catch(() => null);
  if (!res) { toast(t('dialog.errOffline')); return 'failed'; }
  if (res.status === 404 && opts.quietIfMissing) return 'missing';
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  const fresh = doc.querySelector<HTMLDialogElement>('dialog[data-share-dialog]');
  if (!res.ok || !fresh) { toast(doc.body.textContent?.trim() || t('dialog.errCannotOpen')); return res.status === 404 ? 'missing' : 'failed'; }
  current?.remove();
  const dialog = document.importNode(fresh, true);
  document.body.append(dialog);
  current = dialog;
  let changed = !!opts.changed;
  dialog.addEventListener('share-change', () => { changed = true; });
  // The table is server-rendered: after a change, load the same view again (never re-post a form by reloading).
  dialog.addEventListener('close', () => { if (changed) location.replace(opts.reloadTo ?? location.pathname + location.search); });
  const controller = setupShareDialog(dialog);
  controller.open();
  // Said inside the dialog: a page toast would sit under the modal's backdrop.
  if (opts.message) controller.notice(opts.message);
  return 'opened';
}
