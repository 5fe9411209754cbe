// Chat view behaviour: the actions menu, rename and delete dialogs.
import { toast } from './library';

const chatId = document.querySelector<HTMLElement>('[data-chat-id]:not(a)')!.dataset.chatId!;
const menuBtn = document.querySelector<HTMLButtonElement>('[data-menu-btn]');
const menu = document.querySelector<HTMLElement>('[data-menu]');

function setMenu(open: boolean) {
  if (!menu || !menuBtn) return;
  menu.hidden = !open;
  menuBtn.setAttribute('aria-expanded', String(open));
  if (open) menu.querySelector<HTMLElement>('button, a')?.focus();
}
menuBtn?.addEventListener('click', () => setMenu(menu!.hidden));
// Choosing an item (an export link included) closes the menu.
menu?.addEventListener('click', (e) => { if ((e.target as HTMLElement).closest('a, button')) setMenu(false); });
document.addEventListener('click', (e) => { if (menu && !menu.hidden && !(e.target as HTMLElement).closest('.menu')) setMenu(false); });
document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && menu && !menu.hidden) { setMenu(false); menuBtn?.focus(); } });

const renameDialog = document.querySelector<HTMLDialogElement>('#rename-dialog')!;
document.querySelector('[data-rename]')?.addEventListener('click', () => { setMenu(false); renameDialog.showModal(); });
renameDialog.addEventListener('close', async () => {
  if (renameDialog.returnValue !== 'save') return;
  const title = (renameDialog.querySelector<HTMLInputElement>('#rename-input')!.value || '').trim();
  if (!title) return;
  const res = await fetch(`/api/v1/chats/${chatId}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat: { title } }),
  });
  if (!res.ok) return toast((await res.json().catch(() => ({}))).detail ?? 'Rename failed.');
  location.reload();
});

const deleteDialog = document.querySelector<HTMLDialogElement>('#delete-dialog')!;
document.querySelector('[data-delete]')?.addEventListener('click', () => { setMenu(false); deleteDialog.showModal(); });
deleteDialog.addEventListener('close', async () => {
  if (deleteDialog.returnValue !== 'delete') return;
  const res = await fetch(`/api/v1/chats/${chatId}`, { method: 'DELETE' });
  if (!res.ok) return toast((await res.json().catch(() => ({}))).detail ?? 'Delete failed.');
  sessionStorage.setItem('cs-toast', 'Chat deleted.');
  location.href = '/';
});
