// The Share Chat form's fields: filled from a saved share, read back as the API's body, and checked for problems.
import { EXPIRY_PRESETS, indexingProblem, normalizeShareId, parseCount, shareIdProblem } from '../lib/shares/manage/share-rules';
import { countMessage, shareIdMessage, type ShareField } from '../lib/shares/manage/share-form-errors';
import type { Translate } from '../lib/i18n/index';

/** A share as GET/POST /api/v1/chats/{id}/share answer it (the fields the dialog uses). */
export interface ShareState {
  share_id: string; url: string; type: 'snapshot' | 'live'; status: 'active' | 'expired' | 'revoked'; is_public: boolean;
  has_password: boolean; display_username: boolean; allow_cloning: boolean; expires_at: number | null; max_views: number;
  max_clones: number; allow_view_after_clone_limit: boolean; views: number; clones: number; show_qr_code: boolean;
  gradient_qr_code: boolean; allow_download: boolean; allow_indexing: boolean;
  /** The part it publishes (issue 17.4): null ids for the start / the end. */
  part?: 'whole' | 'up_to' | 'range' | 'from'; first_message_id?: string | null; last_message_id?: string | null; all_branches?: boolean;
  /** Who the link is for (issue 17.1). */
  audience?: 'anyone' | 'signed_in' | 'people';
  /** Revoked by an administrator: only an administrator can restore it. */
  moderated?: boolean;
  /** The administrator's reason, when one was given (issue 17.6). */
  moderation_reason?: string | null;
}

export const nowSec = () => Math.floor(Date.now() / 1000);
const pad = (n: number) => String(n).padStart(2, '0');
/** The value a datetime-local input takes, in local time. */
export const toLocalInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** A person or group chosen in the picker (a chip). */
export interface Principal { type: 'user' | 'group'; id: string; name: string; detail: string }

export class ShareForm {
  /** The expiry is sent only once the owner touched it: re-saving must not restart "24 hours" from now. */
  expiryTouched = false;
  /** The chips: the people and groups a people-only link is for. */
  chosen: Principal[] = [];
  /** The grants as saved (the chips start from them; isDirty compares with them). */
  savedGrants: Principal[] = [];

  /** `t` words the problems and placeholders in the page's language (src/scripts/i18n.ts). */
  constructor(readonly form: HTMLFormElement, readonly allowPublic: boolean, readonly t: Translate) {}

  field(name: string): HTMLInputElement { return this.form.elements.namedItem(name) as HTMLInputElement; }
  checked(name: string): boolean { return this.field(name).checked; }
  /** "Allow search engines" is on the form only where the administrator allows indexing. */
  get offersIndexing(): boolean { return !!this.form.elements.namedItem('allow_indexing'); }
  /** "Only people and groups you choose" is on the form only when the owner may grant people or groups. */
  get offersPeople(): boolean { return !!this.form.elements.namedItem('restricted'); }
  get restricted(): boolean { return this.offersPeople && this.checked('restricted'); }
  private grantKey(list: Principal[]): string { return list.map((p) => `${p.type}:${p.id}`).sort().join(','); }

  /** The "What to share" group is there when the chat has messages (ShareDialog's partMessages). */
  get offersPart(): boolean { return !!this.form.elements.namedItem('part_mode'); }
  /** The visible branch's message ids, in order. */
  get partPath(): string[] {
    const el = this.form.querySelector<HTMLElement>('[data-part-group]');
    return el ? JSON.parse(el.dataset.partPath || '[]') as string[] : [];
  }
  select(name: string): HTMLSelectElement { return this.form.elements.namedItem(name) as HTMLSelectElement; }

  /** The part the fields say, as the API's ids (null: from the start / to the end). */
  part(): { first: string | null; last: string | null } {
    const mode = this.select('part_mode').value;
    const first = this.select('first_message_id').value || null;
    const last = this.select('last_message_id').value || null;
    if (mode === 'pair' && first) {
      // "This prompt and response": the prompt and the message after it on the branch shown.
      const path = this.partPath;
      const i = path.indexOf(first);
      return { first, last: i >= 0 && i + 1 < path.length ? path[i + 1]! : first };
    }
    if (mode === 'up_to') return { first: null, last };
    if (mode === 'range') return { first, last };
    return { first: null, last: null };
  }

  /** Puts a saved part into the mode and the selects; defaults pick the latest prompt and the latest message. */
  fillPart(s: ShareState | null): void {
    const path = this.partPath;
    const first = s?.first_message_id ?? null;
    const last = s?.last_message_id ?? null;
    const roleOf = (id: string) => this.select('first_message_id').querySelector<HTMLOptionElement>(`option[value="${CSS.escape(id)}"]`)?.dataset.role;
    const latestPrompt = [...path].reverse().find((id, i) => i > 0 && roleOf(id) === 'user') ?? path.find((id) => roleOf(id) === 'user') ?? path[0] ?? '';
    const mode = !first && !last ? 'whole' : !first ? 'up_to'
      : last && path.indexOf(last) === path.indexOf(first) + 1 && path.includes(first) && roleOf(first) === 'user' ? 'pair' : 'range';
    this.select('part_mode').value = mode;
    this.select('first_message_id').value = first ?? latestPrompt;
    this.select('last_message_id').value = last ?? (mode === 'up_to' ? path.at(-1) ?? '' : '');
  }

  /** A typed limit as a number; a field with a problem counts as 0 here (problems() reports it). */
  count(name: 'max_views' | 'max_clones'): number {
    const r = parseCount(this.field(name).value);
    return 'value' in r ? r.value : 0;
  }

  /** Unix seconds from the preset or the custom date; null for Never or an unreadable date. */
  expiresAt(): number | null {
    const choice = this.field('expires_in').value;
    if (Object.hasOwn(EXPIRY_PRESETS, choice)) return nowSec() + EXPIRY_PRESETS[choice as keyof typeof EXPIRY_PRESETS];
    if (choice !== 'custom') return null;
    const t = new Date(this.field('expires_at').value).getTime();
    return Number.isFinite(t) ? Math.floor(t / 1000) : null;
  }

  /** Every problem in the form as it stands, keyed by the API's field name, in the order the fields appear. */
  problems(share: ShareState | null): Map<ShareField, string> {
    const out = new Map<ShareField, string>();
    const raw = this.field('share_id').value;
    if (raw.trim()) {
      const id = normalizeShareId(raw);
      const p = shareIdProblem(id);
      if (p) out.set('share_id', shareIdMessage(p, id.length, this.t));
    }
    const changingPassword = !!this.field('password').value || this.checked('remove_password');
    if (share?.has_password && changingPassword && !this.field('current_password').value) {
      out.set('current_password', this.t('dialog.errCurrentPasswordMissing'));
    }
    if (this.field('expires_in').value === 'custom' && (this.expiryTouched || !share)) {
      const at = this.expiresAt();
      if (at === null) out.set('expires_at', this.t('dialog.errExpiryMissing'));
      else if (at <= nowSec()) out.set('expires_at', this.t('dialog.errExpiryPast'));
    }
    for (const name of ['max_views', 'max_clones'] as const) {
      if (this.field(name).disabled) continue;
      const r = parseCount(this.field(name).value);
      if ('problem' in r) out.set(name, countMessage(r.problem, this.t));
    }
    if (this.offersIndexing && this.checked('allow_indexing')) {
      const closed = indexingProblem({
        is_public: !this.restricted && this.allowPublic && this.checked('is_public'),
        has_password: !this.checked('remove_password') && (!!this.field('password').value || !!share?.has_password),
        expires_at: this.field('expires_in').value === 'never' ? null : 1, // any expiry closes the link to search engines
        max_views: this.count('max_views'), max_clones: this.checked('allow_cloning') ? this.count('max_clones') : 0,
      });
      if (closed) out.set('allow_indexing', this.t(closed === 'not_public' ? 'dialog.errIndexingPublic' : closed === 'password' ? 'dialog.errIndexingPassword' : 'dialog.errIndexingLimits'));
    }
    return out;
  }

  /** The POST body; the custom id, password and expiry only when the owner changed them. */
  body(share: ShareState | null): Record<string, unknown> {
    const body: Record<string, unknown> = {
      is_public: !this.restricted && this.allowPublic && this.checked('is_public'), is_live: this.checked('is_live'),
      display_username: this.checked('display_username'), allow_cloning: this.checked('allow_cloning'),
      allow_view_after_clone_limit: this.checked('allow_view_after_clone_limit'),
      show_qr_code: this.checked('show_qr_code'), gradient_qr_code: this.checked('gradient_qr_code'),
      max_views: this.count('max_views'), max_clones: this.count('max_clones'), allow_download: this.checked('allow_download'),
    };
    if (this.offersIndexing) body.allow_indexing = this.checked('allow_indexing');
    if (this.offersPart) {
      const p = this.part();
      body.first_message_id = p.first;
      body.last_message_id = p.last;
      body.all_branches = this.checked('all_branches') && !this.checked('is_live'); // snapshots only (the API says so too)
    }
    // Who the link is for: people-only sends its chips; turning it off names the wider audience again.
    if (this.restricted) {
      body.audience = 'people';
      body.access_grants = this.chosen.map((p) => ({ principal_type: p.type, principal_id: p.id, permission: 'read' }));
    } else if (share?.audience === 'people') body.audience = body.is_public ? 'anyone' : 'signed_in';
    const customId = normalizeShareId(this.field('share_id').value);
    if (customId && customId !== share?.share_id) body.share_id = customId;
    if (!share || this.expiryTouched) {
      const choice = this.field('expires_in').value;
      if (choice === 'custom') body.expires_at = this.expiresAt();
      else body.expires_in = choice;
    }
    const remove = this.checked('remove_password');
    const password = this.field('password').value;
    if (remove) body.password = null;
    else if (password) body.password = password;
    const current = this.field('current_password').value;
    if ((remove || password) && current) body.current_password = current;
    return body;
  }

  /** True when saving would change the share. */
  isDirty(share: ShareState): boolean {
    const b = this.body(share);
    if (this.restricted !== (share.audience === 'people')) return true;
    if (this.restricted && this.grantKey(this.chosen) !== this.grantKey(this.savedGrants)) return true;
    return b.share_id !== undefined || b.password !== undefined || b.expires_in !== undefined || b.expires_at !== undefined
      || b.is_public !== share.is_public || b.is_live !== (share.type === 'live') || b.display_username !== share.display_username
      || b.allow_cloning !== share.allow_cloning || b.allow_view_after_clone_limit !== share.allow_view_after_clone_limit
      || b.show_qr_code !== share.show_qr_code || b.gradient_qr_code !== share.gradient_qr_code
      || b.allow_download !== share.allow_download || (b.allow_indexing !== undefined && b.allow_indexing !== share.allow_indexing)
      || (b.first_message_id !== undefined && (b.first_message_id !== (share.first_message_id ?? null) || b.last_message_id !== (share.last_message_id ?? null)))
      || (b.all_branches !== undefined && b.all_branches !== !!share.all_branches)
      || b.max_views !== share.max_views || (b.allow_cloning === true && b.max_clones !== share.max_clones);
  }

  /** Puts the saved share (or a new link's defaults) into the fields, dropping unsaved edits. */
  fill(share: ShareState | null): void {
    const s = share;
    this.form.reset();
    this.field('share_id').value = s?.share_id ?? '';
    this.field('is_public').checked = this.allowPublic && (s ? s.is_public : true);
    if (this.offersPeople) this.field('restricted').checked = s?.audience === 'people';
    this.chosen = [...this.savedGrants];
    this.field('is_live').checked = s?.type === 'live';
    this.field('display_username').checked = !!s?.display_username;
    this.field('allow_cloning').checked = s ? s.allow_cloning : true;
    this.field('allow_view_after_clone_limit').checked = !!s?.allow_view_after_clone_limit;
    this.field('show_qr_code').checked = !!s?.show_qr_code;
    this.field('gradient_qr_code').checked = !!s?.gradient_qr_code;
    this.field('allow_download').checked = s ? s.allow_download !== false : true;
    if (this.offersIndexing) this.field('allow_indexing').checked = !!s?.allow_indexing;
    this.field('max_views').value = s?.max_views ? String(s.max_views) : '';
    this.field('max_clones').value = s?.max_clones ? String(s.max_clones) : '';
    this.field('expires_in').value = s?.expires_at ? 'custom' : 'never';
    this.field('expires_at').value = s?.expires_at ? toLocalInput(new Date(s.expires_at * 1000)) : '';
    this.field('password').placeholder = this.t(s?.has_password ? 'dialog.passwordKeepPlaceholder' : 'dialog.passwordPlaceholder');
    if (this.offersPart) { this.fillPart(s); this.field('all_branches').checked = !!s?.all_branches; }
    this.expiryTouched = false;
  }
}
