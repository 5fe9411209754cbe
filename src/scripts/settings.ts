// Settings page behaviour: Copy for a new API key, a dialog that asks before a key is revoked, key dates in local time,
// and the avatar picker's preview.
import { t } from './i18n';

// The new key, shown once: the page opens at it (#new-key) and focus is on it, so Copy is one Tab away.
document.querySelector<HTMLElement>('[data-new-key]')?.focus();

// Picking an avatar shows it in place before saving, and a refused file's old error goes once another file is picked.
const avatarInput = document.querySelector<HTMLInputElement>('#avatar');
const preview = document.querySelector<HTMLImageElement>('[data-avatar-preview]');
const savedAvatar = preview?.src ?? '';
let previewUrl = '';
avatarInput?.addEventListener('change', () => {
  document.getElementById('avatar-error')?.remove();
  avatarInput.removeAttribute('aria-invalid');
  avatarInput.removeAttribute('aria-describedby');
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  const file = avatarInput.files?.[0];
  previewUrl = file && file.type.startsWith('image/') ? URL.createObjectURL(file) : '';
  if (preview) preview.src = previewUrl || savedAvatar;
  const note = document.querySelector<HTMLElement>('[data-avatar-picked]');
  if (note) note.hidden = !previewUrl;
});

const copyBtn = document.querySelector<HTMLButtonElement>('[data-copy-key]');
const secret = document.querySelector<HTMLElement>('[data-secret]');
if (copyBtn && secret) {
  copyBtn.hidden = false; // a button that needs script appears with it
  const label = copyBtn.querySelector('[data-copy-label]')!;
  let timer: number | undefined;
  copyBtn.addEventListener('click', async () => {
    const key = secret.textContent!.trim();
    const copied = await navigator.clipboard?.writeText(key).then(() => true, () => false);
    if (!copied) {
      // No clipboard access (an insecure origin, a refused permission): select the key so one keystroke copies it.
      getSelection()?.selectAllChildren(secret);
      label.textContent = t('settings.copySelected');
      return;
    }
    label.textContent = t('settings.copied');
    clearTimeout(timer);
    timer = window.setTimeout(() => (label.textContent = t('settings.copy')), 2000);
  });
}

// Revoke asks first. The form posts confirm=yes only once the dialog says so; without script the page asks instead.
const dialog = document.querySelector<HTMLDialogElement>('[data-revoke-dialog]');
let pending: HTMLFormElement | null = null;
document.addEventListener('submit', (e) => {
  const form = (e.target as HTMLElement).closest<HTMLFormElement>('form[data-revoke-form]');
  if (!form || !dialog) return;
  e.preventDefault();
  pending = form;
  dialog.querySelector('[data-revoke-title]')!.textContent = t('settings.revokeTitle', { name: form.dataset.keyName ?? '' });
  dialog.returnValue = '';
  dialog.showModal();
});
dialog?.addEventListener('close', () => {
  // 'close' fires a task after the dialog shut: if it was opened again meanwhile, this event belongs to the old round.
  if (dialog.open) return;
  const form = pending;
  pending = null;
  if (!form) return;
  if (dialog.returnValue !== 'revoke') return form.querySelector<HTMLButtonElement>('button')?.focus();
  const yes = document.createElement('input');
  yes.type = 'hidden';
  yes.name = 'confirm';
  yes.value = 'yes';
  form.append(yes);
  form.submit();
});

// A key's dates as the server wrote them are in UTC; here they are written again in the reader's own time zone.
for (const el of document.querySelectorAll<HTMLTimeElement>('time[data-msg]')) {
  const when = new Date(el.dateTime);
  if (!Number.isNaN(when.getTime())) el.textContent = t(el.dataset.msg!, { when });
}
