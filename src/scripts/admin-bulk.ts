// Admin → Shares bulk moderation on top of the form that works without script: a box for the page, the count as you
// tick, "Select all N matching", and for every match a question with the count before Revoke or Restore runs.
import { t } from './i18n';

export function setupAdminBulk(form: HTMLFormElement): void {
  const checks = [...document.querySelectorAll<HTMLInputElement>('[data-row-check]')];
  const pageLabel = form.querySelector<HTMLElement>('[data-select-page]')!;
  const pageBox = pageLabel.querySelector<HTMLInputElement>('input')!;
  const countEl = form.querySelector<HTMLElement>('[data-bulk-count]')!;
  const bar = form.querySelector<HTMLElement>('[data-select-matches-bar]')!;
  const matchBtn = form.querySelector<HTMLButtonElement>('[data-select-matches]')!;
  const clearBtn = form.querySelector<HTMLButtonElement>('[data-clear-selection]')!;
  const barText = form.querySelector<HTMLElement>('[data-select-matches-text]')!;
  const scope = form.querySelector<HTMLInputElement>('input[name=scope]');
  const total = Number(form.dataset.total ?? 0);
  let allMatches = false;
  // With script the "every match" box steps back for the page box and the "Select all N matching" button.
  pageLabel.hidden = false;
  form.querySelector<HTMLElement>('[data-scope-all]')?.setAttribute('hidden', '');

  function update() {
    const ticked = checks.filter((c) => c.checked).length;
    pageBox.checked = ticked > 0 && ticked === checks.length;
    pageBox.indeterminate = ticked > 0 && ticked < checks.length;
    checks.forEach((c) => c.closest('tr')?.classList.toggle('selected', c.checked));
    const n = allMatches ? total : ticked;
    countEl.textContent = t('admin.selectedCount', { n });
    form.classList.toggle('has-selection', n > 0);
    form.querySelectorAll<HTMLButtonElement>('[data-bulk-btn]').forEach((b) => (b.disabled = n === 0));
    bar.hidden = !(allMatches || (pageBox.checked && total > checks.length));
    barText.hidden = !allMatches;
    matchBtn.hidden = allMatches;
    clearBtn.hidden = !allMatches;
    if (scope) scope.checked = allMatches;
  }
  checks.forEach((c) => c.addEventListener('change', () => { if (!c.checked) allMatches = false; update(); }));
  pageBox.addEventListener('change', () => {
    checks.forEach((c) => (c.checked = pageBox.checked));
    if (!pageBox.checked) allMatches = false;
    update();
  });
  matchBtn.addEventListener('click', () => { allMatches = true; update(); clearBtn.focus(); });
  clearBtn.addEventListener('click', () => {
    allMatches = false;
    checks.forEach((c) => (c.checked = false));
    update();
    pageBox.focus();
  });

  // Every match: the server-rendered question with the count (its own form posts the count back, which the server checks).
  form.addEventListener('submit', (e) => {
    if (!allMatches) return;
    const action = e.submitter instanceof HTMLButtonElement && e.submitter.value === 'bulk_restore' ? 'restore' : 'revoke';
    const ask = document.querySelector<HTMLDialogElement>(`[data-admin-confirm=${action}]`);
    if (!ask) return;
    e.preventDefault();
    ask.showModal();
  });
  // A question the server asked (no script, or a list that changed since) becomes a modal one.
  const asked = document.querySelector<HTMLDialogElement>('[data-admin-confirm][open]');
  if (asked) { asked.close(); asked.showModal(); }
  update();
}
