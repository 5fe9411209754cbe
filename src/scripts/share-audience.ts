// The Share Chat dialog's "Only people and groups you choose" (issue 17.1): a search box that finds people and groups by
// name (GET /api/v1/chats/shared/principals), a list to pick from with the mouse or the keyboard, and chips to remove.
import type { Principal, ShareForm } from './share-form';
import { t } from './i18n';

export interface AudiencePicker { render: () => void }

export function setupAudience(dialog: HTMLDialogElement, f: ShareForm, changed: () => void): AudiencePicker {
  const block = dialog.querySelector<HTMLElement>('[data-audience]');
  try { f.savedGrants = JSON.parse(dialog.dataset.grants || '[]') as Principal[]; } catch { f.savedGrants = []; }
  f.chosen = [...f.savedGrants];
  if (!block || !f.offersPeople) return { render: () => {} };
  const input = block.querySelector<HTMLInputElement>('[data-principal-search]')!;
  const list = block.querySelector<HTMLUListElement>('[data-principal-list]')!;
  const chips = block.querySelector<HTMLUListElement>('[data-chips]')!;
  const empty = block.querySelector<HTMLElement>('[data-chips-empty]')!;
  let found: Principal[] = [];
  let active = -1;
  let timer: number | undefined;
  let asked = 0;

  // A person's detail is their email for an administrator only (the search answers others without it): the kind alone.
  const detailOf = (p: Principal) => (p.type === 'group' ? t('dialog.audienceMembers', { n: Number(p.detail) || 0 }) : p.detail);
  const described = (p: Principal) => [t(p.type === 'group' ? 'dialog.audienceGroup' : 'dialog.audiencePerson'), detailOf(p)].filter(Boolean).join(' · ');
  const has = (p: Principal) => f.chosen.some((c) => c.type === p.type && c.id === p.id);

  function renderChips() {
    chips.replaceChildren(...f.chosen.map((p) => {
      const li = document.createElement('li');
      li.className = `sd-chip sd-chip-${p.type}`;
      li.dataset.principal = `${p.type}:${p.id}`;
      const label = document.createElement('span');
      label.className = 'sd-chip-name';
      label.textContent = p.name;
      label.title = `${p.name} · ${described(p)}`;
      const kind = document.createElement('span');
      kind.className = 'sd-chip-kind';
      kind.textContent = t(p.type === 'group' ? 'dialog.audienceGroup' : 'dialog.audiencePerson');
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'sd-chip-remove';
      remove.setAttribute('aria-label', t('dialog.audienceRemove', { name: p.name }));
      remove.textContent = '×';
      remove.addEventListener('click', () => {
        f.chosen = f.chosen.filter((c) => !(c.type === p.type && c.id === p.id));
        renderChips();
        changed();
        input.focus();
      });
      li.append(kind, label, remove);
      return li;
    }));
    empty.hidden = f.chosen.length > 0;
  }

  function closeList() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  /** The list, or in its place a line saying why it is empty (no match, too short a query, too many searches). */
  function renderList(none = 'dialog.audienceNoMatch') {
    const options = found.filter((p) => !has(p));
    list.replaceChildren(...(options.length ? options.map((p, i) => {
      const li = document.createElement('li');
      li.role = 'option';
      li.id = `${list.id}-${i}`;
      li.className = 'sd-combo-option';
      li.setAttribute('aria-selected', String(i === active));
      const name = document.createElement('span');
      name.className = 'sd-combo-name';
      name.textContent = p.name;
      const detail = document.createElement('span');
      detail.className = 'sd-combo-detail';
      detail.textContent = described(p);
      li.append(name, detail);
      li.addEventListener('mousedown', (e) => e.preventDefault()); // keeps focus in the box
      li.addEventListener('click', () => pick(p));
      return li;
    }) : [Object.assign(document.createElement('li'), { className: 'sd-combo-none', textContent: t(none) })]));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (active >= 0 && options[active]) input.setAttribute('aria-activedescendant', `${list.id}-${active}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function pick(p: Principal) {
    if (!has(p)) f.chosen = [...f.chosen, p];
    input.value = '';
    closeList();
    renderChips();
    changed();
    input.focus();
  }

  async function search() {
    const q = input.value.trim();
    const mine = ++asked;
    // The server finds nobody under 2 characters (no listing the instance's accounts a letter at a time): say so.
    if ([...q].length < 2) { found = []; active = -1; return renderList('dialog.audienceTypeMore'); }
    const res = await fetch(`/api/v1/chats/shared/principals?query=${encodeURIComponent(q)}`).catch(() => null);
    if (mine !== asked || document.activeElement !== input) return;
    if (!res?.ok) { found = []; return renderList(res?.status === 429 ? 'dialog.audienceSlowDown' : undefined); }
    const data = await res.json() as { users: { id: string; name: string; email?: string }[]; groups: { id: string; name: string; member_count: number }[] };
    found = [
      ...data.users.map((u): Principal => ({ type: 'user', id: u.id, name: u.name, detail: u.email ?? '' })),
      ...data.groups.map((g): Principal => ({ type: 'group', id: g.id, name: g.name, detail: String(g.member_count) })),
    ];
    active = -1;
    renderList();
  }

  input.addEventListener('input', (e) => {
    e.stopPropagation(); // typing a name is not an edit of the link's settings
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void search(), 150);
  });
  input.addEventListener('focus', () => void search());
  input.addEventListener('blur', () => window.setTimeout(closeList, 100));
  input.addEventListener('keydown', (e) => {
    const options = found.filter((p) => !has(p));
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) return void search();
      active = options.length ? (active + (e.key === 'ArrowDown' ? 1 : options.length - 1 + (active < 0 ? 1 : 0))) % options.length : -1;
      renderList();
    } else if (e.key === 'Enter') {
      e.preventDefault(); // never submits the dialog from the search box
      const p = options[active >= 0 ? active : 0];
      if (p && !list.hidden) pick(p);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      e.stopPropagation(); // closes the list, not the dialog
      closeList();
    }
  });

  function render() {
    const on = f.restricted;
    block!.hidden = !on;
    // People-only links are never public: the switch shows it, off and unavailable, while people-only is on.
    const pub = f.field('is_public');
    if (on) { pub.checked = false; pub.disabled = true; } else pub.disabled = !f.allowPublic;
    renderChips();
  }
  return { render };
}
