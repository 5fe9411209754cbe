// The < n/m > switcher in place: the pick is saved by the same form post the no-script page makes, and the answer on
// screen changes without a reload (reading is not editing: the chat keeps its place in the library).
import { t } from './i18n';
import { localizeTimes, toast } from './library';
export function setupBranchSwitch(conversation: HTMLElement): void {
  let busy = false;
  conversation.addEventListener('submit', async (e) => {
    const form = (e.target as HTMLElement).closest<HTMLFormElement>('form.branch');
    const button = e.submitter instanceof HTMLButtonElement ? e.submitter : null;
    if (!form || !button?.value) return;
    e.preventDefault();
    if (busy) return;
    busy = true;
    const messageId = button.value;
    const side = button.getAttribute('aria-label');
    form.setAttribute('aria-busy', 'true');
    // fetch follows the post's 303 to the chat page (the saved branch), the page this script swaps its parts from.
    const res = await fetch(form.action, { method: 'POST', body: new URLSearchParams({ message_id: messageId }) }).catch(() => null);
    const fresh = res?.ok && new URL(res.url).pathname === location.pathname ? new DOMParser().parseFromString(await res.text(), 'text/html') : null;
    const next = fresh?.querySelector('#conversation');
    busy = false;
    form.removeAttribute('aria-busy');
    if (!fresh || !next) {
      // Signed out, the chat gone: the post sent the browser on, and that address shows what happened.
      if (res?.redirected) return location.assign(res.url);
      // No answer, or one that is not a redirect (the server busy): the page stays as it is and says so. (Opening
      // res.url here showed a 404: it is the form's address, which only takes posts.)
      return toast(t(res ? 'library.branchFailed' : 'library.offline'));
    }
    conversation.innerHTML = next.innerHTML;
    const meta = fresh.querySelector('.meta-line');
    if (meta) document.querySelector('.meta-line')?.replaceWith(document.importNode(meta, true));
    localizeTimes(conversation);
    const line = document.querySelector('.meta-line');
    if (line) localizeTimes(line);
    updateShareDialog(fresh);
    // Focus stays on the switcher that was used (same side when there is one more that way), so the keys keep working.
    const nav = [...conversation.querySelectorAll<HTMLElement>('article.msg[data-message-id]')].find((m) => m.dataset.messageId === messageId)?.querySelector('form.branch');
    const buttons = [...(nav?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    (buttons.find((b) => b.getAttribute('aria-label') === side && !b.disabled) ?? buttons.find((b) => !b.disabled))?.focus();
  });
}

/** The Share dialog names the branch a share publishes and whether the snapshot is behind: both follow the switch. */
function updateShareDialog(fresh: Document) {
  const dialog = document.querySelector<HTMLDialogElement>('[data-share-dialog]');
  const from = fresh.querySelector<HTMLElement>('[data-share-dialog]');
  if (!dialog || !from) return;
  dialog.dataset.sharedBranch = from.dataset.sharedBranch ?? '';
  dialog.dataset.snapshotStale = from.dataset.snapshotStale ?? 'false';
  const note = dialog.querySelector('[data-branch-note]');
  const newNote = from.querySelector('[data-branch-note]');
  if (note && newNote) note.textContent = newNote.textContent;
  dialog.dispatchEvent(new CustomEvent('branch-change'));
}
