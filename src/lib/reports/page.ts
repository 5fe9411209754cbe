// /s/{id}/report: the Report link's form (no account, no script needed), its thank-you page and its throttle page.
import type { APIContext } from 'astro';
import { readForm, HttpError } from '../http';
import { t, type Locale } from '../i18n/index';
import { clientOf } from '../auth/throttle';
import { escapeHtml, viewerShell } from '../shares/serve/html';
import { errorPage } from '../shares/serve/results';
import { deny } from '../shares/gate';
import type { GatedShare } from '../shares/access';
import { fileReport, NOTE_MAX, REPORT_REASONS, reportSchema, requireReportable } from './service';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const HEADERS = {
  'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY', 'x-robots-tag': 'noindex', 'cache-control': 'private, no-store',
};

interface FormState { reason?: string; note?: string; errors?: { reason?: string; note?: string } }

const headOf = (title: string) => `<title>${escapeHtml(title)} · chatshare</title>\n<meta name="robots" content="noindex">`;

function page(locale: Locale, path: string, title: string, main: string, status: number, extra: Record<string, string> = {}): Response {
  const html = viewerShell({ lang: locale, switchNext: `${path}/report`, head: headOf(title), bodyClass: 'viewer viewer-center', main });
  return new Response(html, { status, headers: { ...HEADERS, ...extra } });
}

/** The form; the share's title only when this reader may see the share now (the gate's decision, no view counted). */
function formPage(locale: Locale, g: GatedShare, path: string, state: FormState, status = 200): Response {
  const tr = (key: string, values?: Record<string, string | number>) => escapeHtml(t(locale, key, values));
  const s = g.share!;
  const title = g.access.allow ? s.snapshot_title ?? s.share_id : null;
  const about = title !== null
    ? `<p class="report-about"><span class="muted">${tr('report.reportingTitle')}</span> <strong data-report-title>${escapeHtml(title)}</strong></p>`
    : `<p class="report-about muted">${tr('report.reportingUntitled', { path })}</p>`;
  const e = state.errors ?? {};
  const summary = e.reason || e.note ? `<p class="form-error" role="alert">${tr('report.errSummary')}</p>` : '';
  // A refused form puts the cursor on what to fix: the first reason when none was chosen, else the note.
  const radios = REPORT_REASONS.map((r, i) => `<label><input type="radio" name="reason" value="${r}"${state.reason === r ? ' checked' : ''}${e.reason ? ` aria-invalid="true" aria-describedby="reason-error"${i === 0 ? ' autofocus' : ''}` : ''}> <span>${tr(`report.reason_${r}`)}</span></label>`).join('\n');
  const main = `<main class="vcard report-card" data-report-form>
<h1>${tr('report.pageTitle')}</h1>
<p class="notice-text muted">${tr('report.intro')}</p>
${about}
${summary}
<form method="post" action="${escapeHtml(path)}/report" class="stack" novalidate>
<fieldset class="report-reasons">
<legend>${tr('report.reasonLegend')}</legend>
${e.reason ? `<p class="field-error" id="reason-error">${escapeHtml(e.reason)}</p>` : ''}
${radios}
</fieldset>
<div class="field"><label for="report-note">${tr('report.noteLabel')}</label>
<textarea id="report-note" name="note" maxlength="${NOTE_MAX}" rows="4" aria-describedby="note-hint${e.note ? ' note-error' : ''}"${e.note ? ` aria-invalid="true"${e.reason ? '' : ' autofocus'}` : ''}>${escapeHtml(state.note ?? '')}</textarea>
<small id="note-hint">${tr('report.noteHint', { max: NOTE_MAX })}</small>
${e.note ? `<p class="field-error" id="note-error">${escapeHtml(e.note)}</p>` : ''}</div>
<div class="btn-row"><a href="${escapeHtml(path)}">${tr('report.back')}</a><button class="btn btn-primary" type="submit">${tr('report.send')}</button></div>
</form>
</main>`;
  return page(locale, path, t(locale, 'report.pageTitle'), main, status);
}

function notice(locale: Locale, path: string, title: string, text: string, status: number, extra: Record<string, string> = {}, attr = ''): Response {
  const main = `<main class="vcard"${attr}>
<h1>${escapeHtml(title)}</h1>
<p class="notice-text">${escapeHtml(text)}</p>
<p class="notice-actions"><a class="btn" href="${escapeHtml(path)}">${escapeHtml(t(locale, 'report.back'))}</a></p>
</main>`;
  return page(locale, path, title, main, status, extra);
}

/** The link's own page for a share that cannot be reported (unknown or revoked), else null. */
function refusal(ctx: APIContext, g: GatedShare, path: string): Response | null {
  try {
    requireReportable(g.share);
    return null;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    return errorPage(deny(err.code === 'SHARE_LINK_REVOKED' ? 'SHARE_LINK_REVOKED' : 'SHARE_LINK_NOT_FOUND'), ctx.locals.locale, path);
  }
}

const pathOf = (g: GatedShare) => `/s/${encodeURIComponent(g.share?.share_id ?? g.shareId)}`;

/** GET /s/{id}/report. */
export function reportPage(ctx: APIContext): Response {
  const g = ctx.locals.share!;
  const path = pathOf(g);
  return refusal(ctx, g, path) ?? formPage(ctx.locals.locale, g, path, {});
}

/** POST /s/{id}/report: errors beside their fields (422), the throttle's page (429), or thanks. */
export async function reportSubmit(ctx: APIContext): Promise<Response> {
  const g = ctx.locals.share!;
  const path = pathOf(g);
  const refused = refusal(ctx, g, path);
  if (refused) return refused;
  const locale = ctx.locals.locale;
  let form: FormData | null = null;
  try { form = await readForm(ctx.request); } catch { /* unreadable or too big: read as empty, answered below */ }
  const text = (name: string) => { const v = form?.get(name); return typeof v === 'string' ? v : undefined; };
  const state: FormState = { reason: text('reason'), note: text('note') };
  const parsed = reportSchema.safeParse({ reason: state.reason, note: state.note ?? '' });
  if (!parsed.success) {
    const errors: FormState['errors'] = {};
    for (const issue of parsed.error.issues) {
      if (issue.path[0] === 'reason') errors.reason = t(locale, 'report.errReason');
      else errors.note = t(locale, 'report.errNoteLong', { max: NOTE_MAX, n: state.note?.length ?? 0 });
    }
    return formPage(locale, g, path, { ...state, errors }, 422);
  }
  const filed = fileReport(g.share!, parsed.data, clientOf(ctx));
  if ('id' in filed) return notice(locale, path, t(locale, 'report.thanksTitle'), t(locale, 'report.thanksText'), 200, {}, ' data-report-sent');
  const retry = { 'retry-after': String(filed.retryAfterSec) };
  const words = filed.kind === 'share' ? t(locale, 'report.alreadyText') : t(locale, 'report.tooManyText', { minutes: Math.ceil(filed.retryAfterSec / 60) });
  return notice(locale, path, t(locale, filed.kind === 'share' ? 'report.alreadyTitle' : 'report.tooManyTitle'), words, 429, retry, ' data-report-throttled');
}
