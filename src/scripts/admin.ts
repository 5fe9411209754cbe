// Admin panel niceties on top of forms that work without script: filters apply on change, the member picker filters
// as you type and counts the ticks, and a typed confirmation enables its delete button only when it matches.
import { locale, t } from './i18n';
import { setupAdminBulk } from './admin-bulk';

document.querySelectorAll<HTMLSelectElement>('select[data-autosubmit]').forEach((select) => {
  select.addEventListener('change', () => select.form?.requestSubmit());
});
// Date filters: days in the admin's own zone (the server reads tz), applied once a whole date is picked.
document.querySelectorAll<HTMLInputElement>('[data-tz]').forEach((el) => (el.value = String(new Date().getTimezoneOffset())));
document.querySelectorAll<HTMLInputElement>('input[data-autosubmit-date]').forEach((input) => {
  input.addEventListener('change', () => { if (!input.value || input.validity.valid) input.form?.requestSubmit(); });
});

document.querySelectorAll<HTMLElement>('[data-member-picker]').forEach((picker) => {
  const filter = picker.querySelector<HTMLInputElement>('[data-member-filter]');
  const rows = [...picker.querySelectorAll<HTMLElement>('[data-member]')];
  const none = picker.querySelector<HTMLElement>('[data-member-none]');
  const count = picker.querySelector<HTMLElement>('[data-member-count]');
  const recount = () => {
    if (count) count.textContent = t('admin.membersSelected', { n: picker.querySelectorAll('input[name=user_ids]:checked').length });
  };
  filter?.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      row.hidden = !!q && !row.dataset.member!.includes(q);
      if (!row.hidden) shown++;
    }
    if (none) none.hidden = shown > 0;
  });
  // Enter in the filter would submit the whole form: it only filters.
  filter?.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
  picker.addEventListener('change', recount);
});

document.querySelectorAll<HTMLFormElement>('form[data-typed-confirm]').forEach((form) => {
  const expected = form.dataset.typedConfirm!.toLowerCase();
  const input = form.querySelector<HTMLInputElement>('input[name=confirm_email]');
  const button = form.querySelector<HTMLButtonElement>('[data-confirm-submit]');
  if (!input || !button) return;
  const update = () => { button.disabled = input.value.trim().toLowerCase() !== expected; };
  input.addEventListener('input', update);
  update();
});

// Dates in the reader's time zone and the page's language; relative times ("5 min ago") stay as the server wrote them.
document.querySelectorAll<HTMLTimeElement>('time[data-format]').forEach((el) => {
  const d = new Date(el.dateTime);
  if (Number.isNaN(d.getTime())) return;
  if (el.dataset.format === 'date') el.textContent = d.toLocaleDateString(locale, { dateStyle: 'medium' });
  el.title = d.toLocaleString(locale, { dateStyle: 'full', timeStyle: 'short' });
});

const bulk = document.querySelector<HTMLFormElement>('[data-admin-bulk]');
if (bulk) setupAdminBulk(bulk);
