// Picking a language in the footer applies it at once; the Apply button is only for pages without script.
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-lang-switch]')) {
  form.querySelector<HTMLElement>('[data-lang-apply]')!.hidden = true;
  form.querySelector('select')!.addEventListener('change', () => form.requestSubmit());
}
