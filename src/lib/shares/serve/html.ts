// The share viewer's HTML: the immutable artifact (rendered once per snapshot) and the small pages around it.
import { escapeHtml } from '../../render/escape';
import { t, type Locale } from '../../i18n/index';
import { LANG_MARKER, PATH_MARKER, tm } from '../../i18n/markers';
import { localizeMarkers } from '../../i18n/localize';
import { languageSwitchHtml, switchHtml } from '../../i18n/switch';
import { asset } from '../../assets';

export { escapeHtml };

export interface ViewerDocument {
  title: string;
  createdAt: number; // unix seconds
  models: string[];
  conversationHtml: string;
  messageCount: number;
}

// Slots filled per request by fillViewer with plain string replacement: a view never re-renders the conversation.
const SLOT = { head: '<!--cs:head-->', owner: '<!--cs:owner-->', recipe: '<!--cs:recipe-->', actions: '<!--cs:actions-->', clone: '<!--cs:clone-->', path: PATH_MARKER, body: ' data-cs-body' } as const;
const FOOTER = '<footer class="vfoot">';
// Filled once per artifact and language (compileViewer), not per view: the language switch and the script's words.
const FRAME = { langSwitch: '<!--cs:langswitch-->', scriptWords: '<!--cs:scriptwords-->' } as const;

const MARK = '<span class="brand-mark" aria-hidden="true"><svg width="16" height="16" viewBox="0 0 24 24" fill="none"><path d="M4 7.5A3.5 3.5 0 0 1 7.5 4h9A3.5 3.5 0 0 1 20 7.5v6a3.5 3.5 0 0 1-3.5 3.5H11l-4.5 3.5V17A3.5 3.5 0 0 1 4 13.6z" fill="#fff"/></svg></span>';

const isoDate = (s: number) => new Date(s * 1000).toISOString();

/** The words viewer.js shows (copy buttons, the live badge), embedded as data so the page needs no catalog request. */
const SCRIPT_WORDS = ['copy', 'copied', 'pressCtrlC', 'notUpdating', 'liveGone', 'copyLink', 'linkCopied', 'copyMessageLink'] as const;
const scriptWordsHtml = (locale: Locale) => `<script type="application/json" id="cs-viewer-words">${JSON.stringify(Object.fromEntries(SCRIPT_WORDS.map((k) => [k, t(locale, `viewer.${k}`)]))).replace(/</g, '\\u003c')}</script>`;

// `switchNext`: the small pages (error, password, preview) end with the language switch, coming back to that path.
export function viewerShell(opts: { lang: string; head: string; bodyClass: string; bodyAttrs?: string; main: string; actions?: string; words?: string; switchNext?: string }): string {
  return `<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${opts.head}
<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#0e1014" media="(prefers-color-scheme: dark)">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="apple-touch-icon" href="/apple-touch-icon.png">
<link rel="stylesheet" href="${asset('/styles/base.css')}">
<link rel="stylesheet" href="${asset('/styles/conversation.css')}">
<link rel="stylesheet" href="${asset('/styles/code.css')}">
<link rel="stylesheet" href="${asset('/styles/viewer.css')}">
<script src="${asset('/scripts/viewer.js')}" defer></script>
${opts.words ?? ''}
</head>
<body class="${opts.bodyClass}"${opts.bodyAttrs ?? ''}>
<header class="vbar"><a class="brand" href="/">${MARK}chatshare</a><span class="grow"></span>${opts.actions ?? ''}</header>
${opts.main}
${opts.switchNext !== undefined && opts.lang !== LANG_MARKER ? `<footer class="vfoot vfoot-small">${languageSwitchHtml(opts.lang as Locale, opts.switchNext)}</footer>\n` : ''}</body>
</html>
`;
}

function viewerBody(doc: ViewerDocument, kind: 'snapshot' | 'live'): string {
  const chips = doc.models.map((m) => `<span class="chip">${escapeHtml(m)}</span>`).join('');
  const badge = kind === 'live'
    ? `<span class="badge badge-live" title="${tm('viewer.liveHint')}"><span class="dot" aria-hidden="true"></span>${tm('viewer.live')}</span>`
    : `<span class="badge" title="${tm('viewer.snapshotHint')}">${tm('viewer.snapshot')}</span>`;
  return `<main class="vmain">
<header class="vhead">
<h1>${escapeHtml(doc.title)}</h1>
<div class="vmeta"><time datetime="${isoDate(doc.createdAt)}" data-date>${tm('viewer.date', { d: doc.createdAt * 1000 })}</time><span aria-hidden="true">·</span><span data-count>${tm('viewer.messageCount', { n: doc.messageCount })}</span>${badge}${chips}</div>
${SLOT.owner}
</header>
${SLOT.recipe}
<p class="live-banner" role="status" hidden data-live-banner></p>
<div id="conversation" class="conversation">
${doc.conversationHtml}
</div>
${SLOT.clone}
${FOOTER}<span>${tm(kind === 'live' ? 'viewer.footerLive' : 'viewer.footerSnapshot')}</span>${FRAME.langSwitch}</footer>
</main>`;
}

/** The viewer document: a snapshot's artifact (written once per revision) or a live chat's (cached per version). */
// Language-neutral: words are markers, filled per language by compileViewer.
export function buildViewerDocument(doc: ViewerDocument, kind: 'snapshot' | 'live'): string {
  return viewerShell({ lang: LANG_MARKER, head: SLOT.head, bodyClass: 'viewer', bodyAttrs: SLOT.body, main: viewerBody(doc, kind), actions: SLOT.actions, words: FRAME.scriptWords });
}

/** HTML sent outside an artifact (a live update, a part fetched in place) with the share's path where its slot is. */
export const withSharePath = (html: string, shareId: string): string =>
  html.replaceAll(PATH_MARKER, () => escapeHtml(`/s/${encodeURIComponent(shareId)}`));

export interface ViewerParts {
  head: string; owner: string; recipe: string; actions: string; clone: string; path: string; bodyAttrs: string;
  /** A short key standing for all the parts (set when they are shared by many views). */
  cacheKey?: string;
}
type SlotName = keyof typeof SLOT;
const PART_OF: Record<SlotName, keyof ViewerParts> = { head: 'head', owner: 'owner', recipe: 'recipe', actions: 'actions', clone: 'clone', path: 'path', body: 'bodyAttrs' };

/** An artifact in one language, cut at its slots into UTF-8 chunks once, so a view only concatenates bytes. */
export interface ViewerTemplate { chunks: Buffer[]; slots: SlotName[]; bytes: number; locale: Locale }

/** The footer's Report link (issue 17.6): a plain link to the share's report form, so it works without script. */
const reportLinkHtml = (locale: Locale) =>
  `<a class="vfoot-report" href="${SLOT.path}/report" rel="nofollow" title="${escapeHtml(t(locale, 'report.linkTitle'))}">${escapeHtml(t(locale, 'report.link'))}</a>`;

/** One language's copy of an artifact: its words, its language switch (coming back to the page's path), cut at slots. */
export function compileViewer(doc: string, locale: Locale): ViewerTemplate {
  doc = localizeMarkers(doc.replace(FRAME.langSwitch, () => switchHtml(locale, SLOT.path)).replace(FRAME.scriptWords, () => scriptWordsHtml(locale)), locale);
  // Artifacts written before the clone slot existed get it where new ones have it.
  if (!doc.includes(SLOT.clone) && doc.includes(FOOTER)) doc = doc.replace(FOOTER, `${SLOT.clone}\n${FOOTER}`);
  // The Report link ends the footer of every artifact, old or new, once per artifact and language (never per view).
  const foot = doc.indexOf(FOOTER);
  const footEnd = foot < 0 ? -1 : doc.indexOf('</footer>', foot);
  if (footEnd >= 0) doc = `${doc.slice(0, footEnd)}${reportLinkHtml(locale)}${doc.slice(footEnd)}`;
  // Each slot once, except the path (a comment chat content cannot forge), which the switch and the Report link both use.
  const found = (Object.keys(SLOT) as SlotName[])
    .flatMap((name) => {
      const at: number[] = [];
      for (let i = doc.indexOf(SLOT[name]); i >= 0 && (at.length === 0 || name === 'path'); i = doc.indexOf(SLOT[name], i + 1)) at.push(i);
      return at.map((i) => ({ name, at: i }));
    })
    .sort((a, b) => a.at - b.at);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const { name, at } of found) {
    chunks.push(Buffer.from(doc.slice(from, at), 'utf8'));
    from = at + SLOT[name].length;
  }
  chunks.push(Buffer.from(doc.slice(from), 'utf8'));
  return { chunks, slots: found.map((x) => x.name), bytes: chunks.reduce((n, c) => n + c.length, 0), locale };
}

/**
 * Adds the viewer-specific parts to an artifact: the artifact's own chunks (never copied) with the parts between them,
 * ready for one writev.
 */
export function fillViewerChunks(t: ViewerTemplate, parts: ViewerParts): Buffer[] {
  const list: Buffer[] = [t.chunks[0]!];
  let path: Buffer | undefined; // the path fills two slots: encoded once
  for (let i = 0; i < t.slots.length; i++) {
    const slot = t.slots[i]!;
    const value = parts[PART_OF[slot]];
    if (value) list.push(slot === 'path' ? (path ??= Buffer.from(value, 'utf8')) : Buffer.from(value, 'utf8'));
    list.push(t.chunks[i + 1]!);
  }
  return list;
}

import { errorHeadTags } from '../preview/head';
export { buildHeadTags, type HeadInput } from '../preview/head';

/**
 * The viewer's top bar, per viewer: a badge when the link is for signed-in people only, Copy link (viewer.js copies the
 * page's address; without script it is hidden), Download when the owner allows it (plain links, so no script is needed;
 * Print shows with script), and Sign in for a signed-out reader (back here after) or the library. `download` is the
 * page's absolute address, printed on paper under the title.
 */
export function buildViewerActions(p: { path: string; signedIn: boolean; loginOnly: boolean; locale: Locale; download?: string | null }): string {
  const tr = (key: string) => escapeHtml(t(p.locale, key));
  const badge = p.loginOnly ? `<span class="badge badge-login" title="${tr('viewer.signInOnlyHint')}">${tr('viewer.signInOnly')}</span>` : '';
  const copy = `<button class="btn btn-ghost vbar-copy" type="button" hidden data-copy-link>${tr('viewer.copyLink')}</button>`;
  const account = p.signedIn
    ? `<a class="btn" href="/">${tr('viewer.yourChats')}</a>`
    : `<a class="btn" href="/auth/signin?next=${escapeHtml(encodeURIComponent(p.path))}">${tr('viewer.signIn')}</a>`;
  return `<span class="vbar-actions">${badge}${copy}${p.download ? downloadMenu(p.path, p.download, tr) : ''}${account}</span>`;
}

/** Download (Markdown, Open WebUI JSON) and Print: a disclosure that opens without script; rel=nofollow (a download counts a view). */
function downloadMenu(path: string, url: string, tr: (key: string) => string): string {
  const href = (format: string) => escapeHtml(`${path}/download?format=${format}`);
  // On a phone the button is its icon (the word stays for screen readers), so the bar keeps one line in every language.
  const icon = '<svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M12 4v11m-5-5 5 5 5-5M5 20h14"/></svg>';
  return `<details class="vbar-download" data-download><summary class="btn btn-ghost">${icon}<span class="vbar-label">${tr('viewer.download')}</span></summary>`
    + `<div class="vbar-menu"><a href="${href('md')}" rel="nofollow" download data-download-md>${tr('viewer.downloadMarkdown')}</a>`
    + `<a href="${href('json')}" rel="nofollow" download data-download-json>${tr('viewer.downloadJson')}</a>`
    + `<button type="button" hidden data-print>${tr('viewer.print')}</button>`
    + `</div></details>`
    + `<span class="print-link">${escapeHtml(url)}</span>`;
}

/** Clone Chat at the foot of a share page: a plain form, so it works without JavaScript. */
export function buildCloneHtml(p: { action: string; signedIn: boolean; locale: Locale; copy?: { id: string } | null }): string {
  if (p.copy) {
    // Cloned before and still in the library: say so, link to that copy, and make another only on a clearly second action.
    return `<form method="post" action="${escapeHtml(p.action)}" class="clone-bar" id="clone" data-cloned-before>
<p>${escapeHtml(t(p.locale, 'viewer.clonedBefore'))} <a href="/c/${escapeHtml(encodeURIComponent(p.copy.id))}">${escapeHtml(t(p.locale, 'viewer.openYourCopy'))}</a></p>
<input type="hidden" name="again" value="1"><button class="btn" type="submit">${escapeHtml(t(p.locale, 'viewer.cloneAgain'))}</button>
</form>`;
  }
  return `<form method="post" action="${escapeHtml(p.action)}" class="clone-bar" id="clone">
<p>${escapeHtml(t(p.locale, p.signedIn ? 'viewer.cloneHint' : 'viewer.cloneHintSignedOut'))}</p>
<button class="btn btn-primary" type="submit">${escapeHtml(t(p.locale, 'viewer.cloneChat'))}</button>
</form>`;
}

export function buildOwnerHtml(o: { name: string; avatarUrl: string; locale: Locale }): string {
  // The name is escaped and set in <strong> after the sentence is formatted, so no markup ever goes through ICU.
  const [before = '', after = ''] = t(o.locale, 'viewer.sharedBy', { name: '\u0000' }).split('\u0000');
  return `<div class="owner"><img src="${escapeHtml(o.avatarUrl)}" alt="" width="28" height="28"><span>${escapeHtml(before)}<strong>${escapeHtml(o.name)}</strong>${escapeHtml(after)}</span></div>`;
}

const paramValue = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

/** "Chat Recipe": the models and parameters used, for signed-in viewers. Words are markers (localizeMarkers per view). */
export function buildRecipeHtml(r: { models: string[]; params: Record<string, unknown>; system?: string }): string {
  const params = Object.entries(r.params ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== '').slice(0, 40);
  const rows = [
    `<dt>${tm('viewer.recipeModels')}</dt><dd>${r.models.length ? r.models.map((m) => `<span class="chip">${escapeHtml(m)}</span>`).join(' ') : `<span class="muted">${tm('viewer.recipeNotRecorded')}</span>`}</dd>`,
    `<dt>${tm('viewer.recipeParameters')}</dt><dd>${params.length ? `<ul class="params">${params.map(([k, v]) => `<li><code>${escapeHtml(k)}</code> <span>${escapeHtml(paramValue(v).slice(0, 300))}</span></li>`).join('')}</ul>` : `<span class="muted">${tm('viewer.recipeDefaults')}</span>`}</dd>`,
    r.system?.trim() ? `<dt>${tm('viewer.systemPrompt')}</dt><dd><pre class="system">${escapeHtml(r.system.slice(0, 4000))}</pre></dd>` : '',
  ];
  return `<details class="recipe"><summary>${tm('viewer.recipe')} <span class="muted">· ${tm('viewer.recipeHint')}</span></summary><dl>${rows.join('')}</dl></details>`;
}

/** What crawlers and prefetches get: the preview tags and nothing of the conversation. */
export function buildPreviewPage({ head, locale, next }: { head: string; locale: Locale; next: string }): string {
  return viewerShell({ lang: locale, switchNext: next, head, bodyClass: 'viewer viewer-center', main: `<main class="vcard"><h1>${escapeHtml(t(locale, 'viewer.previewTitle'))}</h1><p class="muted">${escapeHtml(t(locale, 'viewer.previewText'))}</p></main>` });
}

/**
 * The page a view-limited link gives a request that is not a real navigation (an unknown bot, an old browser): the
 * head tags and a plain form, so a person without JavaScript spends the view with one press and a bot never does.
 */
export function buildConfirmViewPage({ head, locale, action }: { head: string; locale: Locale; action: string }): string {
  const tr = (key: string) => escapeHtml(t(locale, key));
  const main = `<main class="vcard" data-confirm-view>
<h1>${tr('viewer.confirmTitle')}</h1>
<p class="notice-text muted">${tr('viewer.confirmText')}</p>
<form method="post" action="${escapeHtml(action)}" class="stack"><input type="hidden" name="show" value="1"><button class="btn btn-primary btn-block" type="submit">${tr('viewer.showConversation')}</button></form>
</main>`;
  return viewerShell({ lang: locale, switchNext: action, head, bodyClass: 'viewer viewer-center', main });
}

const ICONS = {
  lock: '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><rect x="4" y="10" width="16" height="11" rx="2.5"/><path d="M8 10V7a4 4 0 0 1 8 0v3"/></svg>',
  missing: '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="11" cy="11" r="7"/><path d="M20 20l-3.5-3.5M8.5 8.5l5 5M13.5 8.5l-5 5"/></svg>',
  revoked: '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="12" r="9"/><path d="M5.7 5.7l12.6 12.6"/></svg>',
  expired: '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="13" r="8"/><path d="M12 9v4l2.5 2.5M9 2h6"/></svg>',
};

/** The friendly page for SHARE_LINK_NOT_FOUND / REVOKED / EXPIRED, with the code visible as in the JSON body. */
/** `note`: a sentence of ours under the reference's exact message, saying more of why (a link whose views are used up). */
export function buildErrorPage(p: { status: number; code: string; title: string; message: string; note?: string; locale: Locale; next?: string; extra?: string }): string {
  const icon = p.code === 'SHARE_LINK_REVOKED' ? ICONS.revoked : p.code === 'SHARE_LINK_EXPIRED' ? ICONS.expired : p.code === 'SHARE_ACCESS_DENIED' ? ICONS.lock : ICONS.missing;
  const main = `<main class="vcard" data-code="${escapeHtml(p.code)}">
<div class="notice-icon">${icon}</div>
<h1>${escapeHtml(p.title)}</h1>
<p class="notice-text">${escapeHtml(p.message)}</p>
${p.note ? `<p class="notice-text muted">${escapeHtml(p.note)}</p>\n` : ''}<p class="notice-code"><span class="muted">${escapeHtml(t(p.locale, 'viewer.errorStatus', { status: p.status }))}</span> <code>${escapeHtml(p.code)}</code></p>
${p.extra ?? ''}<p class="notice-actions"><a class="btn" href="/">${escapeHtml(t(p.locale, 'viewer.goHome'))}</a></p>
</main>`;
  return viewerShell({ lang: p.locale, switchNext: p.next, head: errorHeadTags(p.title, p.message, p.locale), bodyClass: 'viewer viewer-center', main });
}

/** The password form of a protected share. It reveals nothing of the chat. */
export function buildPasswordPage(p: { shareId: string; action: string; error?: string; retryAfterSec?: number; head: string; locale: Locale }): string {
  const tr = (key: string, values?: Record<string, number>) => escapeHtml(t(p.locale, key, values));
  const wait = p.retryAfterSec ? Math.ceil(p.retryAfterSec / 60) : 0;
  const alert = p.retryAfterSec
    ? `<p class="form-error" role="alert" id="password-error">${tr('viewer.passwordTooMany', { minutes: wait })}</p>`
    : p.error ? `<p class="form-error" role="alert" id="password-error">${escapeHtml(p.error)}</p>` : '';
  const main = `<main class="vcard">
<div class="notice-icon">${ICONS.lock}</div>
<h1>${tr('viewer.passwordTitle')}</h1>
<p class="notice-text muted">${tr('viewer.passwordText')}</p>
${alert}
<form method="post" action="${escapeHtml(p.action)}" class="stack password-form">
<div class="field"><label for="share-password">${tr('viewer.password')}</label><input id="share-password" name="password" type="password" autocomplete="current-password" required maxlength="256" autofocus${alert ? ' aria-describedby="password-error" aria-invalid="true"' : ''}></div>
<button class="btn btn-primary btn-block" type="submit">${tr('viewer.viewChat')}</button>
</form>
</main>`;
  return viewerShell({ lang: p.locale, switchNext: p.action, head: p.head, bodyClass: 'viewer viewer-center', main });
}

/**
 * The "Request access" part of the 403 page of a people-only link (issue 17.3): the form (an optional note, one button),
 * or where the reader's request stands. Plain HTML: it works without script.
 */
export function buildAccessRequestHtml(p: { locale: Locale; action: string; status: 'none' | 'pending' | 'approved' | 'declined'; canAskAt: number | null; now: number; maxNote: number; error?: string }): string {
  const tr = (key: string, values?: Record<string, string | number>) => escapeHtml(t(p.locale, key, values));
  if (p.status === 'pending') return `<p class="request-state request-pending" role="status" data-request-state="pending">${tr('viewer.requestPending')}</p>\n`;
  const declined = p.status === 'declined';
  const wait = declined && p.canAskAt !== null && p.canAskAt > p.now ? Math.ceil((p.canAskAt - p.now) / 60) : 0;
  const state = declined ? `<p class="request-state request-declined" role="status" data-request-state="declined">${tr('viewer.requestDeclined')}${wait ? ' ' + tr('viewer.requestAgainIn', { minutes: wait }) : ''}</p>\n` : '';
  if (wait) return state;
  const error = p.error ? `<p class="form-error" role="alert" id="request-error">${escapeHtml(p.error)}</p>` : '';
  return `${state}<form method="post" action="${escapeHtml(p.action)}" class="stack request-form" data-request-form>
${error}<div class="field"><label for="request-note">${tr('viewer.requestNote')} <span class="muted">${tr('viewer.requestOptional')}</span></label>
<textarea id="request-note" name="note" rows="2" maxlength="${p.maxNote}"${p.error ? ' aria-describedby="request-error"' : ''}></textarea></div>
<button class="btn btn-primary btn-block" type="submit">${tr(declined ? 'viewer.requestAgain' : 'viewer.requestAccess')}</button>
</form>
`;
}
