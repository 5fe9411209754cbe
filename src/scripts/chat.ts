// Chat view behaviour: the actions menu (its Rename and Delete use the library's dialogs), and the page's side of Share Chat.
import { openDelete, openRename } from './chat-actions';
import { setupShareDialog } from './share-dialog';
import { t } from './i18n';
import { toast } from './library';
import { setupBranchSwitch } from './branch-switch';

// Its own marker: the Share dialog and the sidebar's links also carry data-chat-id, and the dialog comes first.
const chatEl = document.querySelector<HTMLElement>('[data-chat-page]')!;
const chatId = chatEl.dataset.chatId!;
const thisChat = () => ({ id: chatId, title: chatEl.dataset.chatTitle ?? '', shared: chatEl.dataset.chatShared === 'true' });
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

document.querySelector('[data-rename]')?.addEventListener('click', () => { setMenu(false); openRename(thisChat(), menuBtn); });
document.querySelector('[data-delete]')?.addEventListener('click', () => { setMenu(false); openDelete(thisChat(), menuBtn); });

const conversation = document.getElementById('conversation');
if (conversation) setupBranchSwitch(conversation);
// A prompt's "Share this prompt and response" opens Share Chat with that part chosen (issue 17.4).
conversation?.addEventListener('click', (e) => {
  const btn = (e.target as HTMLElement).closest<HTMLElement>('[data-share-pair]');
  const dialog = document.querySelector<HTMLDialogElement>('[data-share-dialog]');
  if (btn && dialog) setupShareDialog(dialog).openPair(btn.dataset.sharePair!);
});

// The Share button says "Shared" while the link works, and the sidebar's dot follows, without a reload.
document.addEventListener('share-change', (e) => {
  const { chatId: id, share } = (e as CustomEvent<{ chatId: string; share: { status: string } }>).detail;
  if (id !== chatId) return;
  const active = share.status === 'active';
  chatEl.dataset.chatShared = String(active);
  const label = document.querySelector('[data-share-label]');
  if (label) label.textContent = active ? t('library.shared') : t('library.share');
  // The dot means a link that works: it comes with an active share and goes with a revoked or expired one.
  const link = document.querySelector<HTMLElement>(`.chat-link[data-chat-id="${CSS.escape(id)}"]`);
  const dot = link?.querySelector('.shared-dot');
  if (link && active && !dot) {
    const el = document.createElement('span');
    el.className = 'shared-dot';
    el.title = t('library.sharedDot');
    link.append(el);
  } else if (!active) dot?.remove();
});

// Arriving from the sidebar's "Share" item (/c/{id}?share=1) opens Share Chat straight away.
if (new URLSearchParams(location.search).get('share') === '1') {
  history.replaceState(null, '', location.pathname + location.hash);
  const dialog = document.querySelector<HTMLDialogElement>('[data-share-dialog]');
  if (dialog) setupShareDialog(dialog).open();
}

// Arriving from a share page's Clone Chat (/c/{id}?cloned=1): say that this is the copy, in the library now.
if (new URLSearchParams(location.search).get('cloned') === '1') {
  history.replaceState(null, '', location.pathname + location.hash);
  toast(t('library.clonedToast'));
}
