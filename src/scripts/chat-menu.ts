// The sidebar's per-chat menu: one popover, placed by the row whose ⋯ button opened it and kept wholly on screen.
import { openDelete, openRename, type ChatRef } from './chat-actions';
import { t } from './i18n';

const menu = document.querySelector<HTMLElement>('[data-chat-menu-pop]');
let owner: HTMLButtonElement | null = null;
let chat: ChatRef | null = null;

const items = () => [...menu!.querySelectorAll<HTMLElement>('[role=menuitem]:not([hidden])')];

function closeMenu(returnFocus = false) {
  if (!menu || menu.hidden) return;
  menu.hidden = true;
  owner?.setAttribute('aria-expanded', 'false');
  if (returnFocus) owner?.focus();
}

/** Below the button when it fits, else above it; right edges aligned; never past the window's edges. */
function place(btn: HTMLElement) {
  const margin = 8;
  const gap = 4;
  const r = btn.getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  const height = document.documentElement.clientHeight;
  const { offsetWidth: w, offsetHeight: h } = menu!;
  const top = r.bottom + gap + h <= height - margin ? r.bottom + gap : Math.max(margin, r.top - gap - h);
  const left = Math.min(Math.max(margin, r.right - w), width - w - margin);
  menu!.style.top = `${Math.round(top)}px`;
  menu!.style.left = `${Math.round(Math.max(margin, left))}px`;
}

function openMenu(btn: HTMLButtonElement) {
  if (!menu) return;
  owner = btn;
  const row = btn.closest('li');
  const id = btn.dataset.chatMenu!;
  chat = { id, title: row?.querySelector('.chat-link .t')?.textContent?.trim() ?? '', shared: !!row?.querySelector('.shared-dot') };
  const enc = encodeURIComponent(id);
  menu.querySelector<HTMLAnchorElement>('[data-item=share]')!.href = `/c/${enc}?share=1`;
  menu.querySelector<HTMLAnchorElement>('[data-item=json]')!.href = `/api/v1/chats/${enc}/export?format=json`;
  menu.querySelector<HTMLAnchorElement>('[data-item=md]')!.href = `/api/v1/chats/${enc}/export?format=md`;
  menu.setAttribute('aria-label', t('library.chatMenuFor', { title: chat.title }));
  menu.querySelector('[data-item=pin]')!.textContent = t(btn.dataset.pinned === 'true' ? 'library.menuUnpin' : 'library.menuPin');
  menu.querySelector('[data-item=archive]')!.textContent = t(btn.dataset.archived === 'true' ? 'library.menuUnarchive' : 'library.menuArchive');
  menu.hidden = false; // measured before it is placed; nothing paints in between
  place(btn);
  btn.setAttribute('aria-expanded', 'true');
  items()[0]?.focus();
}

document.addEventListener('click', (e) => {
  if (!menu) return;
  const target = e.target as HTMLElement;
  const btn = target.closest<HTMLButtonElement>('[data-chat-menu]');
  if (btn) {
    e.preventDefault();
    const again = owner === btn && !menu.hidden;
    closeMenu();
    if (!again) openMenu(btn);
    return;
  }
  const item = target.closest<HTMLElement>('[data-chat-menu-pop] [role=menuitem]');
  if (!item) return closeMenu();
  closeMenu();
  if (!chat) return;
  // Rename and Delete act on the row's chat wherever it is, open or not; focus comes back to its ⋯ button.
  if (item.dataset.item === 'rename') openRename(chat, owner);
  if (item.dataset.item === 'delete') openDelete(chat, owner);
  // Pin and Archive flip the flag through Open WebUI's own routes, then the list is drawn again by the server.
  if (item.dataset.item === 'pin' || item.dataset.item === 'archive') void toggle(chat.id, item.dataset.item);
});

async function toggle(id: string, what: 'pin' | 'archive') {
  const res = await fetch(`/api/v1/chats/${encodeURIComponent(id)}/${what}`, { method: 'POST' }).catch(() => null);
  if (!res?.ok) {
    const toastEl = document.querySelector<HTMLElement>('[data-toast]');
    if (toastEl) { toastEl.textContent = t('library.offline'); toastEl.hidden = false; }
    return;
  }
  location.reload();
}

menu?.addEventListener('keydown', (e) => {
  const list = items();
  const at = list.indexOf(document.activeElement as HTMLElement);
  const move: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: list.length - 1 };
  if (e.key in move) {
    e.preventDefault();
    list[(move[e.key]! + list.length) % list.length]?.focus();
  } else if (e.key === 'Tab') closeMenu();
});
document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && menu && !menu.hidden) closeMenu(true); });
// The popover is fixed: when the list or the page scrolls it follows its row, and closes once the row is out of sight.
function follow() {
  if (!menu || menu.hidden || !owner) return;
  const r = owner.getBoundingClientRect();
  const list = owner.closest('[data-chat-list]')?.getBoundingClientRect();
  if (r.bottom < (list?.top ?? 0) || r.top > (list?.bottom ?? innerHeight)) closeMenu();
  else place(owner);
}
window.addEventListener('scroll', follow, { capture: true, passive: true });
window.addEventListener('resize', follow);
