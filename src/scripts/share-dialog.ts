// Share Chat dialog behaviour: the link card, live validation, saving, copy, QR and the revoke question.
// Any page can use it: render <ShareDialog>, then setupShareDialog(dialog).open(); changes arrive as `share-change` events.
import { describeExpiry } from '../lib/shares/manage/expiry-summary';
import { normalizeShareId, shareIdProblem } from '../lib/shares/manage/share-rules';
import { plainShareError, type ShareField } from '../lib/shares/manage/share-form-errors';
import { drawQr, downloadPng } from './share-qr';
import { browserEnv, communityPayload, communityUpload } from './community-share';
import { ShareForm, nowSec, toLocalInput, type ShareState } from './share-form';
import { locale, t } from './i18n';
import { setupScanPanel } from './share-scan';
import { setupAudience } from './share-audience';

export type { ShareState };
export interface ShareDialogController { open: () => void; openPair: (promptId: string) => void; close: () => void; share: () => ShareState | null; notice: (message: string) => void }

const controllers = new WeakMap<HTMLDialogElement, ShareDialogController>();

/** Wires one rendered dialog (once; later calls return the same controller). */
export function setupShareDialog(dialog: HTMLDialogElement): ShareDialogController {
  const existing = controllers.get(dialog);
  if (existing) return existing;
  const chatId = dialog.dataset.chatId!;
  const api = `/api/v1/chats/${encodeURIComponent(chatId)}/share`;
  const linkBase = dialog.dataset.linkBase ?? `${location.origin}/s/`;
  let sharedBranch = dialog.dataset.sharedBranch || '';
  // Whether the chat changed since its snapshot was rendered; a new snapshot (create, refresh, live to snapshot) is current.
  let snapshotStale = dialog.dataset.snapshotStale === 'true';
  const f = new ShareForm(dialog.querySelector<HTMLFormElement>('[data-share-form]')!, dialog.dataset.allowPublic !== 'false', t);
  const $ = <T extends HTMLElement = HTMLElement>(sel: string) => dialog.querySelector<T>(sel)!;
  let share: ShareState | null = dialog.dataset.share ? JSON.parse(dialog.dataset.share) as ShareState : null;
  const touched = new Set<string>(); // fields validated as you type: the ones the owner has edited
  // The scan for secrets (share-scan.ts): on every open; its Update snapshot is the card's.
  // It covers the regenerations as soon as "All branches" is ticked, before Share publishes them.
  const branchesChosen = () => f.offersPart && f.checked('all_branches') && !f.checked('is_live');
  const scan = setupScanPanel(dialog, chatId, () => $<HTMLButtonElement>('[data-refresh]').click(), branchesChosen);
  // Only people and groups you choose (issue 17.1): its chips are part of the form; a change re-checks it like an edit.
  const audience = setupAudience(dialog, f, () => { touched.add('access_grants'); refreshForm(); });
  let poller: number | undefined;
  let noticeTimer: number | undefined;
  let copyTimer: number | undefined;

  // ---- problems, beside their field ----
  function setFieldError(name: string, message: string | null) {
    const el = dialog.querySelector<HTMLElement>(`[data-error-for="${name}"]`);
    if (el) { el.textContent = message ?? ''; el.hidden = !message; }
    const input = f.field(name);
    if (message) input?.setAttribute('aria-invalid', 'true');
    else input?.removeAttribute('aria-invalid');
  }

  function showProblems(found: Map<ShareField, string>, only?: Set<string>) {
    for (const el of dialog.querySelectorAll<HTMLElement>('[data-error-for]')) {
      const name = el.dataset.errorFor!;
      if (!only || only.has(name)) setFieldError(name, found.get(name as ShareField) ?? null);
    }
  }

  function setFormError(message: string | null) {
    const el = $('[data-form-error]');
    el.textContent = message ?? '';
    el.hidden = !message;
    if (message) el.focus();
  }

  function focusField(name: string) {
    if (name === 'current_password') $('[data-current-password]').hidden = false;
    if (name === 'expires_at') $('[data-custom-date]').hidden = false;
    f.field(name)?.focus();
    // Its error in view as well, under the field: a field scrolled only to the body's lower edge hid the words (phone).
    const error = dialog.querySelector<HTMLElement>(`[data-error-for="${name}"]`);
    (error && !error.hidden ? error : f.field(name))?.scrollIntoView({ block: 'nearest' });
  }

  /** A short message inside the dialog: a modal dialog sits in the top layer, above any page toast. */
  function notice(message: string) {
    const el = $('[data-notice]');
    el.textContent = message;
    el.classList.add('sd-notice-on');
    window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(() => { el.classList.remove('sd-notice-on'); el.textContent = ''; }, 4000);
  }

  // ---- the form, kept consistent as it changes ----
  const countHint = (count: number, max: number, kind: 'views' | 'clones') => (max > 0 && max < count
    ? t(`dialog.${kind}HintBelow`, { n: count, next: count + 1 })
    : count ? t(`dialog.${kind}SoFar`, { n: count }) : '');

  function refreshForm() {
    $('[data-custom-date]').hidden = f.field('expires_in').value !== 'custom';
    f.field('expires_at').min = toLocalInput(new Date());
    const cloning = f.checked('allow_cloning');
    f.field('max_clones').disabled = !cloning;
    f.field('allow_view_after_clone_limit').disabled = !cloning;
    f.field('gradient_qr_code').disabled = !f.checked('show_qr_code');
    if (f.offersPart) refreshPart();
    const remove = f.checked('remove_password');
    f.field('password').disabled = remove;
    $('[data-current-password]').hidden = !(share?.has_password && (remove || f.field('password').value));

    const raw = f.field('share_id').value.trim();
    const id = normalizeShareId(raw);
    $('[data-share-id-hint]').textContent = !raw
      ? t(share ? 'dialog.customLinkKeeps' : 'dialog.customLinkRandom')
      : shareIdProblem(id) || id === share?.share_id ? '' : share ? t('dialog.customLinkReplaces', { url: `${linkBase}${id}` }) : `${linkBase}${id}`;
    $('[data-views-hint]').textContent = countHint(share?.views ?? 0, f.count('max_views'), 'views');
    $('[data-clones-hint]').textContent = cloning ? countHint(share?.clones ?? 0, f.count('max_clones'), 'clones') : t('dialog.clonesHintOff');

    const found = f.problems(share);
    const limitsBroken = found.has('max_views') || found.has('expires_at') || (cloning && found.has('max_clones'));
    $('[data-expiry-summary]').textContent = limitsBroken ? t('dialog.expiryFixFirst') : describeExpiry({
      expiresAt: f.expiresAt(), maxViews: f.count('max_views'), maxClones: cloning ? f.count('max_clones') : 0,
      allowViewAfterCloneLimit: f.checked('allow_view_after_clone_limit'), allowCloning: cloning, locale,
    }, t);
    showProblems(found, touched);
    audience.render();
    renderQr();
    $('[data-dirty]').hidden = !share || !f.isDirty(share);
  }

  // "What to share": which selects the mode needs; a prompt-and-response offers prompts only, "up to" no open end.
  function refreshPart() {
    const mode = f.select('part_mode').value;
    $('[data-part-group]').hidden = mode === 'whole';
    $('[data-branch-note]').hidden = mode !== 'whole'; // "Shares the conversation as shown" is the whole one
    $('[data-part-first]').hidden = mode === 'up_to';
    $('[data-part-last]').hidden = mode === 'pair';
    $('[data-part-first-label]').textContent = t(mode === 'pair' ? 'dialog.partPrompt' : 'dialog.partFirst');
    const first = f.select('first_message_id');
    for (const o of first.options) o.hidden = mode === 'pair' && o.dataset.role !== 'user';
    if (first.selectedOptions[0]?.hidden) first.value = [...first.options].reverse().find((o) => !o.hidden)?.value ?? '';
    const last = f.select('last_message_id');
    const end = last.querySelector<HTMLOptionElement>('[data-part-end]')!;
    end.hidden = mode === 'up_to';
    if (mode === 'up_to' && !last.value) last.value = f.partPath.at(-1) ?? '';
  }

  function fillForm() {
    f.fill(share);
    $('[data-password-label]').textContent = t(share?.has_password ? 'dialog.newPassword' : 'dialog.password');
    $('[data-password-hint]').textContent = t(share?.has_password ? 'dialog.passwordSetHint' : 'dialog.passwordHint');
    $('[data-remove-password-row]').hidden = !share?.has_password;
    touched.clear();
    showProblems(new Map());
    setFormError(null);
    refreshForm();
  }

  // Saving a revoked link (not one an administrator revoked) makes a new link with a new id: the server's rule (manage.ts).
  const renews = (s: ShareState | null) => !!s && s.status === 'revoked' && !s.moderated;

  // ---- the link card ----
  function renderCard() {
    const s = share;
    $('[data-empty]').hidden = !!s;
    $('[data-link]').hidden = !s;
    // A part's first and last messages sit under "No link yet", or under the link's counts (beside its QR code).
    const part = dialog.querySelector('[data-part-group]');
    const host = s ? $('.sd-link-main') : $('[data-empty]');
    if (part && part.parentElement !== host) host.append(part);
    $('[data-revoke]').hidden = !s || s.status === 'revoked';
    $('[data-submit]').textContent = t(!s ? 'dialog.createLink' : renews(s) ? 'dialog.newLink' : 'dialog.updateLink');
    if (!s) return renderQr();
    $<HTMLInputElement>('[data-share-url]').value = s.url;
    $<HTMLAnchorElement>('[data-open-link]').href = s.url;
    const badge = $('[data-status-badge]');
    badge.textContent = t(s.status === 'active' ? 'dialog.statusActive' : s.status === 'expired' ? 'dialog.statusExpired' : 'dialog.statusRevoked');
    badge.className = `sd-badge sd-badge-${s.status}`;
    $('[data-kind-badge]').textContent = t(s.type === 'live' ? 'dialog.kindLive' : 'dialog.kindSnapshot');
    $('[data-visibility-badge]').textContent = t(s.audience === 'people' ? 'dialog.visibilityPeople' : s.is_public ? 'dialog.visibilityPublic' : 'dialog.visibilitySignedIn');
    $('[data-password-badge]').hidden = !s.has_password;
    const stats = [t('dialog.views', { n: s.views })];
    if (s.allow_cloning || s.clones) stats.push(t('dialog.clones', { n: s.clones }));
    stats.push(describeExpiry({
      expiresAt: s.expires_at, maxViews: s.max_views, maxClones: s.max_clones, allowCloning: s.allow_cloning,
      allowViewAfterCloneLimit: s.allow_view_after_clone_limit, now: nowSec(), locale, short: true,
    }, t));
    $('[data-stats]').textContent = stats.join(' · ');
    $('[data-status-note]').hidden = s.status === 'active';
    $('[data-status-text]').textContent = s.moderated ? t('dialog.moderatedNote') : s.status === 'revoked' ? t('dialog.revokedNote')
      : s.status === 'expired' ? t('dialog.expiredNote') : '';
    // The administrator's reason, in their words, beside "An administrator revoked this link" (issue 17.6).
    const reason = $('[data-moderation-reason]');
    reason.hidden = !(s.moderated && s.moderation_reason);
    reason.textContent = s.moderated && s.moderation_reason ? t('dialog.moderatedReason', { reason: s.moderation_reason }) : '';
    $('[data-restore]').hidden = !!s.moderated; // the owner's restore would be refused
    $('[data-refresh]').hidden = s.type !== 'snapshot' || s.status !== 'active';
    $('[data-card]').classList.toggle('sd-inactive', s.status !== 'active');
    $('[data-copy-link]').classList.toggle('btn-primary', s.status === 'active'); // nothing to hand out while it is off
    const line = $('[data-branch-line]');
    // The sentence names the whole branch on screen: a link sharing a part (issue 17.4) says what it shares in its selects.
    line.hidden = !sharedBranch || s.status !== 'active' || (s.type === 'snapshot' && !snapshotStale) || (!!s.part && s.part !== 'whole');
    line.textContent = t(s.type === 'live' ? 'dialog.branchLineLive' : 'dialog.branchLineSnapshot', { branch: sharedBranch });
    renderQr();
  }

  // The QR follows its two options as they are toggled, before saving: what you see is what Download PNG saves.
  let qrKey = '';
  function renderQr() {
    const show = !!share && f.checked('show_qr_code');
    $('[data-qr]').hidden = !show;
    if (!show || !share) return;
    const gradient = f.checked('gradient_qr_code');
    const key = `${share.url}|${gradient}`;
    if (key === qrKey) return;
    qrKey = key;
    const img = $<HTMLImageElement>('[data-qr-img]');
    void drawQr(share.url, gradient, 264).then((src) => {
      if (qrKey !== key) return;
      img.src = src;
      img.dataset.gradient = String(gradient);
    });
  }

  // ---- the server ----
  async function call(method: 'DELETE', body?: unknown, path?: string): Promise<boolean | null>;
  async function call(method: string, body?: unknown, path?: string): Promise<ShareState | null>;
  async function call(method: string, body?: unknown, path = api): Promise<ShareState | boolean | null> {
    setFormError(null);
    let res: Response;
    try {
      res = await fetch(path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    } catch {
      setFormError(t('dialog.errOffline'));
      return null;
    }
    const data = await res.json().catch(() => ({})) as { detail?: unknown; code?: unknown };
    if (res.ok) return data as ShareState;
    const p = plainShareError(data.detail, data.code, res.status, t);
    if (p.field && dialog.querySelector(`[data-error-for="${p.field}"]`)) {
      touched.add(p.field);
      setFieldError(p.field, p.message);
      focusField(p.field);
    } else setFormError(p.message);
    return null;
  }

  function changed(next: ShareState) {
    share = next;
    dialog.dispatchEvent(new CustomEvent('share-change', { detail: { chatId, share: next }, bubbles: true }));
  }

  f.form.addEventListener('input', (e) => {
    const name = (e.target as HTMLInputElement).name;
    if (name === 'expires_in' || name === 'expires_at') f.expiryTouched = true;
    if (name) touched.add(name);
    refreshForm();
  });
  let scannedBranches = branchesChosen();
  f.form.addEventListener('change', (e) => {
    const name = (e.target as HTMLInputElement).name;
    if (name === 'expires_in' || name === 'expires_at') { f.expiryTouched = true; touched.add('expires_at'); }
    refreshForm();
    if (branchesChosen() !== scannedBranches) { scannedBranches = branchesChosen(); void scan.refresh(); }
  });

  let busy = false;
  f.form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    const found = f.problems(share);
    if (found.size) {
      for (const name of found.keys()) touched.add(name);
      showProblems(found);
      return focusField([...found.keys()][0]!);
    }
    const body = f.body(share);
    const created = !share;
    const renewed = renews(share);
    const submit = $<HTMLButtonElement>('[data-submit]');
    busy = submit.disabled = true;
    submit.textContent = t(created ? 'dialog.creating' : 'dialog.saving');
    const result = await call('POST', body);
    busy = submit.disabled = false;
    if (!result) return renderCard();
    if (created || renewed || (result.type === 'snapshot' && share?.type === 'live')) snapshotStale = false;
    if (body.audience === 'people') f.savedGrants = [...f.chosen];
    changed(result);
    fillForm();
    renderCard();
    void scan.refresh();
    const adjusted = typeof body.max_views === 'number' && body.max_views > 0 && result.max_views !== body.max_views;
    notice(created ? t('dialog.noticeCreated', { qr: result.show_qr_code ? 'yes' : 'no' })
      : renewed ? t('dialog.noticeNewLink')
      : adjusted ? t('dialog.noticeSavedAdjusted', { max: result.max_views }) : t('dialog.noticeSaved'));
    if (created || renewed) $('[data-copy-link]').focus();
  });

  $('[data-copy-link]').addEventListener('click', async () => {
    if (!share) return;
    let ok = true;
    try { await navigator.clipboard.writeText(share.url); } catch {
      const url = $<HTMLInputElement>('[data-share-url]');
      url.focus();
      url.select();
      ok = document.execCommand('copy');
    }
    if (!ok) return notice(t('dialog.noticeCopyBlocked'));
    const setCopied = (on: boolean) => {
      $('[data-copy-label]').textContent = t(on ? 'dialog.copied' : 'dialog.copy');
      $('[data-copy-icon]').hidden = on;
      $('[data-copied-icon]').hidden = !on;
    };
    setCopied(true);
    notice(t('dialog.noticeCopied'));
    window.clearTimeout(copyTimer);
    copyTimer = window.setTimeout(() => setCopied(false), 2500);
  });

  $('[data-qr-download]').addEventListener('click', async () => {
    if (!share) return;
    await downloadPng(share.url, f.checked('gradient_qr_code'), `chatshare-${share.share_id}-qr.png`, $('[data-qr]'));
    notice(t('dialog.noticeQrSaved'));
  });

  // Revoking asks first, inside the dialog (a browser confirm() would sit outside it), focused on the safe answer.
  const showConfirm = (on: boolean) => { $('[data-revoke-confirm]').hidden = !on; $('[data-foot-row]').hidden = on; };
  $('[data-revoke]').addEventListener('click', () => { showConfirm(true); $('[data-revoke-cancel]').focus(); });
  $('[data-revoke-cancel]').addEventListener('click', () => { showConfirm(false); $('[data-revoke]').focus(); });
  $('[data-revoke-yes]').addEventListener('click', async () => {
    // DELETE answers true or false, as Open WebUI's does; the revoked link's state is read after it.
    const revoked = await call('DELETE');
    showConfirm(false);
    if (revoked === null) return;
    const result = await call('GET');
    if (!result) return;
    changed(result);
    renderCard();
    notice(t('dialog.noticeRevoked'));
    $('[data-restore]').focus();
  });
  $('[data-restore]').addEventListener('click', async () => {
    const result = await call('POST', undefined, `${api}/restore`);
    if (!result) return;
    changed(result);
    fillForm(); // restoring can clear the expiry settings
    renderCard();
    notice(t('dialog.noticeRestored'));
    $('[data-copy-link]').focus();
  });
  // The chat page switched branches in place (branch-switch.ts): the branch named and the snapshot's standing follow.
  dialog.addEventListener('branch-change', () => {
    sharedBranch = dialog.dataset.sharedBranch || '';
    snapshotStale = dialog.dataset.snapshotStale === 'true';
    renderCard();
  });
  $('[data-refresh]').addEventListener('click', async () => {
    const result = await call('POST', { refresh_snapshot: true });
    if (!result) return;
    snapshotStale = false;
    changed(result);
    renderCard();
    notice(t('dialog.noticeSnapshotUpdated'));
    void scan.refresh();
  });
  dialog.querySelector('[data-community-share]')?.addEventListener('click', async () => {
    const outcome = await communityUpload(browserEnv, dialog.dataset.communityUrl!, () => communityPayload(chatId));
    if (outcome === 'blocked') notice(t('dialog.noticePopupBlocked'));
    else if (outcome === 'failed') notice(t('dialog.noticeCommunityFailed'));
    else if (outcome === 'timeout') notice(t('dialog.noticeCommunityTimeout'));
  });
  for (const sel of ['[data-close]', '[data-cancel]']) $(sel).addEventListener('click', () => dialog.close());

  // While the dialog is open its status and counts follow the server: views can expire a link meanwhile.
  const sync = async () => {
    if (!share || !dialog.open) return;
    const res = await fetch(api).catch(() => null);
    if (!res?.ok) return;
    const fresh = await res.json() as ShareState;
    if (fresh.status !== share.status || fresh.views !== share.views || fresh.clones !== share.clones || fresh.moderated !== share.moderated
      || fresh.moderation_reason !== share.moderation_reason) {
      changed({ ...share, status: fresh.status, views: fresh.views, clones: fresh.clones, moderated: fresh.moderated, moderation_reason: fresh.moderation_reason });
      renderCard();
      refreshForm();
    }
  };

  function open() {
    fillForm();
    renderCard();
    showConfirm(false);
    if (!dialog.open) dialog.showModal();
    $('[data-body]').scrollTop = 0;
    // Focus starts on the first field: the link once there is one (selected, ready to copy), else the custom link.
    if (share) {
      const url = $<HTMLInputElement>('[data-share-url]');
      url.focus();
      url.select();
    } else f.field('share_id').focus();
    void sync();
    void scan.refresh();
    window.clearInterval(poller);
    poller = window.setInterval(sync, 2000);
  }
  dialog.addEventListener('close', () => window.clearInterval(poller));

  fillForm();
  renderCard();
  /** Opens the dialog with "this prompt and response" chosen (a prompt's share button on the chat page). */
  function openPair(promptId: string) {
    open();
    if (!f.offersPart) return;
    f.select('part_mode').value = 'pair';
    f.select('first_message_id').value = promptId;
    refreshForm();
    f.select('first_message_id').focus();
  }
  const controller: ShareDialogController = { open, openPair, close: () => dialog.close(), share: () => share, notice };
  controllers.set(dialog, controller);
  // Buttons that open it: data-open-share, empty (the page's one chat) or naming this chat.
  for (const btn of document.querySelectorAll<HTMLElement>('[data-open-share]')) {
    if (!btn.dataset.openShare || btn.dataset.openShare === chatId) btn.addEventListener('click', open);
  }
  return controller;
}

for (const d of document.querySelectorAll<HTMLDialogElement>('[data-share-dialog]')) setupShareDialog(d);
