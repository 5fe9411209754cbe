// Rename and delete any chat of the library, from the sidebar's menu or the open chat's menu, in the layout's dialogs.
import { t } from './i18n';

export interface ChatRef { id: string; title: string; shared: boolean }

const renameDialog = document.querySelector<HTMLDialogElement>('[data-rename-dialog]');
const deleteDialog = document.querySelector<HTMLDialogElement>('[data-delete-dialog]');
let target: ChatRef | null = null;
let opener: HTMLElement | null = null;

const isOpenChat = (id: string) => location.pathname === `/c/${encodeURIComponent(id)}`;

/** What went wrong, in the server's words when it gave some. */
async function failure(res: Response | null, fallback: string): Promise<string> {
  if (!res) return t('library.offline');
  const detail = (await res.json().catch(() => ({}))).detail;
  return typeof detail === 'string' ? detail : fallback;
}

function showError(el: HTMLElement, message: string) {
  el.textContent = message;
  el.hidden = false;
}

/** The list (and the open chat's heading) change with a rename or delete: reload, with a note for the next page. */
function done(message: string, goHome: boolean) {
  sessionStorage.setItem('cs-toast', message);
  if (goHome) location.href = '/';
  else location.reload();
}

for (const dialog of [renameDialog, deleteDialog]) {
  dialog?.querySelector('[data-dialog-cancel]')?.addEventListener('click', () => dialog.close());
  // Focus goes back to whatever opened the dialog (the row's ⋯ button, or the chat's menu button).
  // ('close' fires a task later: a dialog opened again meanwhile keeps its new opener.)
  dialog?.addEventListener('close', () => { if (!dialog.open) { opener?.focus(); opener = null; } });
}

export function openRename(chat: ChatRef, from: HTMLElement | null = null): void {
  if (!renameDialog) return;
  target = chat;
  opener = from;
  const input = renameDialog.querySelector<HTMLInputElement>('#rename-input')!;
  input.value = chat.title;
  input.removeAttribute('aria-invalid');
  renameDialog.querySelector<HTMLElement>('[data-rename-error]')!.hidden = true;
  renameDialog.showModal();
  input.select();
}

renameDialog?.querySelector('form')?.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!target) return;
  const input = renameDialog.querySelector<HTMLInputElement>('#rename-input')!;
  const error = renameDialog.querySelector<HTMLElement>('[data-rename-error]')!;
  const title = input.value.trim();
  const fail = (message: string) => { showError(error, message); input.setAttribute('aria-invalid', 'true'); input.focus(); };
  if (!title) return fail(t('library.renameEmpty'));
  if (title === target.title) return renameDialog.close();
  const res = await fetch(`/api/v1/chats/${encodeURIComponent(target.id)}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat: { title } }),
  }).catch(() => null);
  if (!res?.ok) return fail(await failure(res, t('library.renameFailed')));
  done(t('library.renamed'), false);
});

export function openDelete(chat: ChatRef, from: HTMLElement | null = null): void {
  if (!deleteDialog) return;
  target = chat;
  opener = from;
  deleteDialog.querySelector('[data-delete-text]')!.textContent = t(chat.shared ? 'library.deleteTextShared' : 'library.deleteText', { title: chat.title });
  deleteDialog.querySelector<HTMLElement>('[data-delete-error]')!.hidden = true;
  deleteDialog.showModal();
}

deleteDialog?.querySelector('form')?.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!target) return;
  const res = await fetch(`/api/v1/chats/${encodeURIComponent(target.id)}`, { method: 'DELETE' }).catch(() => null);
  if (!res?.ok) return showError(deleteDialog.querySelector<HTMLElement>('[data-delete-error]')!, await failure(res, t('library.deleteFailed')));
  done(t('library.deleted'), isOpenChat(target.id));
});
