// Chat view behaviour: the actions menu, rename and delete dialogs, and the page's side of Share Chat.
import { toast } from './library';
import { setupShareDialog } from './share-dialog';

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

// The Share button says "Shared" while the link works, and the sidebar's dot follows, without a reload.
document.addEventListener('share-change', (e) => {
  const { chatId: id, share } = (e as CustomEvent<{ chatId: string; share: { status: string } }>).detail;
  if (id !== chatId) return;
  const active = share.status === 'active';
  const label = document.querySelector('[data-share-label]');
  if (label) label.textContent = active ? 'Shared' : 'Share';
  const link = document.querySelector<HTMLElement>(`.chat-link[data-chat-id="${CSS.escape(id)}"]`);
  if (link && !link.querySelector('.shared-dot')) {
    const dot = document.createElement('span');
    dot.className = 'shared-dot';
    dot.title = 'Shared';
    link.append(dot);
  }
});

// Arriving from the sidebar's "Share" item (/c/{id}?share=1) opens Share Chat straight away.
if (new URLSearchParams(location.search).get('share') === '1') {
  history.replaceState(null, '', location.pathname + location.hash);
  const dialog = document.querySelector<HTMLDialogElement>('[data-share-dialog]');
  if (dialog) setupShareDialog(dialog).open();
}
