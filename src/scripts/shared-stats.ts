// The Shared Chats statistics dialog: a row's sparkline opens it, and it shows the share's views per day over 90 days
// (bars), its link previews per platform and its referring sites, read from GET /api/v1/chats/{id}/share/stats.
import { barRects } from '../lib/shares/stats/sparkline';
import { OTHER_REFERRER } from '../lib/shares/stats/tally';
import { locale, t } from './i18n';

interface Stats {
  days: Array<{ date: string; views: number }>;
  total_views: number;
  window_views: number;
  previews: Record<string, number>;
  referrers: Array<{ domain: string; views: number }>;
}

const SVG = 'http://www.w3.org/2000/svg';
const number = new Intl.NumberFormat(locale);
const dayName = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  e.append(...children);
  return e;
}

/** 90 bars, each with its day and count as a tooltip; the image's name says the sum. */
function chart(s: Stats): Node {
  const W = 360, H = 80;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H + 1}`);
  svg.setAttribute('class', 'stats-bars');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('stats.chartSummary', { n: s.window_views, total: s.total_views }));
  const base = document.createElementNS(SVG, 'line');
  Object.entries({ x1: '0', x2: String(W), y1: String(H + 0.5), y2: String(H + 0.5), class: 'axis' }).forEach(([k, v]) => base.setAttribute(k, v));
  svg.append(base);
  barRects(s.days.map((d) => d.views), W, H).forEach((r, i) => {
    if (!r.h) return;
    const rect = document.createElementNS(SVG, 'rect');
    Object.entries({ x: r.x, y: H - r.h, width: r.w, height: r.h, rx: Math.min(1.5, r.w / 2) }).forEach(([k, v]) => rect.setAttribute(k, String(v)));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = t('stats.dayBar', { date: dayName(s.days[i]!.date), n: s.days[i]!.views });
    rect.append(title);
    svg.append(rect);
  });
  const axis = el('div', { className: 'stats-axis muted' }, el('span', { text: dayName(s.days[0]!.date) }), el('span', { text: dayName(s.days.at(-1)!.date) }));
  return el('figure', { className: 'stats-chart' }, svg, axis);
}

function countList(rows: Array<[string, number]>, empty: string): Node {
  if (rows.length === 0) return el('p', { className: 'muted small', text: empty });
  return el('ul', { className: 'stats-list' }, ...rows.map(([label, n]) => el('li', {}, el('span', { text: label }), el('span', { className: 'num', text: number.format(n) }))));
}

function render(body: HTMLElement, s: Stats): void {
  const parts: Node[] = [el('p', { className: 'stats-sum', text: t('stats.chartSummary', { n: s.window_views, total: s.total_views }) })];
  parts.push(s.window_views > 0 ? chart(s) : el('p', { className: 'stats-empty', text: t('stats.noViews') }));
  const previews = Object.entries(s.previews).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])
    .map(([p, n]): [string, number] => [t(`stats.platform_${p}`), n]);
  parts.push(el('section', { className: 'stats-part' }, el('h3', { text: t('stats.previews') }), el('p', { className: 'muted small', text: t('stats.previewsHelp') }),
    countList(previews, t('stats.noPreviews'))));
  const referrers = s.referrers.map((r): [string, number] => [r.domain === OTHER_REFERRER ? t('stats.referrerOther') : r.domain, r.views]);
  parts.push(el('section', { className: 'stats-part' }, el('h3', { text: t('stats.referrers') }), el('p', { className: 'muted small', text: t('stats.referrersHelp') }),
    countList(referrers, t('stats.noReferrers'))));
  parts.push(el('p', { className: 'muted small stats-privacy', text: t('stats.privacy') }));
  body.replaceChildren(...parts);
}

const dialog = document.querySelector<HTMLDialogElement>('[data-stats-dialog]');
if (dialog) {
  const body = dialog.querySelector<HTMLElement>('[data-stats-body]')!;
  const chatName = dialog.querySelector<HTMLElement>('[data-stats-chat]')!;
  let opener: HTMLElement | null = null;
  let asked = 0;
  dialog.querySelector('[data-stats-close]')?.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); }); // a click on the backdrop
  dialog.addEventListener('close', () => opener?.focus());
  for (const btn of document.querySelectorAll<HTMLButtonElement>('[data-stats-open]')) {
    btn.disabled = false;
    btn.addEventListener('click', async () => {
      opener = btn;
      const ask = ++asked;
      chatName.textContent = btn.dataset.statsTitle ?? '';
      body.replaceChildren(el('p', { className: 'muted', text: t('stats.loading') }));
      dialog.showModal();
      try {
        const res = await fetch(`/api/v1/chats/${encodeURIComponent(btn.dataset.statsOpen!)}/share/stats?days=90`, { headers: { accept: 'application/json' } });
        if (!res.ok) throw new Error(String(res.status));
        const stats = (await res.json()) as Stats;
        if (ask === asked) render(body, stats);
      } catch {
        if (ask === asked) body.replaceChildren(el('p', { className: 'form-error', text: t('stats.loadFailed') }));
      }
    });
  }
}
