// The share viewer's HTML: the immutable artifact (rendered once per snapshot) and the small pages around it.
import { escapeHtml } from '../render/escape';
import { asset } from '../assets';

export { escapeHtml };

export interface ViewerDocument {
  title: string;
  createdAt: number; // unix seconds
  models: string[];
  conversationHtml: string;
  messageCount: number;
}

// Slots filled per request by fillViewer with plain string replacement: a view never re-renders the conversation.
const SLOT = { head: '<!--cs:head-->', owner: '<!--cs:owner-->', recipe: '<!--cs:recipe-->', actions: '<!--cs:actions-->', clone: '<!--cs:clone-->', body: ' data-cs-body' } as const;
const FOOTER = '<footer class="vfoot">';

const MARK = '<span class="brand-mark" aria-hidden="true"><svg width="16" height="16" viewBox="0 0 24 24" fill="none"><path d="M4 7.5A3.5 3.5 0 0 1 7.5 4h9A3.5 3.5 0 0 1 20 7.5v6a3.5 3.5 0 0 1-3.5 3.5H11l-4.5 3.5V17A3.5 3.5 0 0 1 4 13.6z" fill="#fff"/></svg></span>';

const isoDate = (s: number) => new Date(s * 1000).toISOString();
const longDate = (s: number) => new Date(s * 1000).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

function shell(opts: { head: string; bodyClass: string; bodyAttrs?: string; main: string; actions?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${opts.head}
<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#0e1014" media="(prefers-color-scheme: dark)">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${asset('/styles/base.css')}">
<link rel="stylesheet" href="${asset('/styles/conversation.css')}">
<link rel="stylesheet" href="${asset('/styles/code.css')}">
<link rel="stylesheet" href="${asset('/styles/viewer.css')}">
<script src="${asset('/scripts/viewer.js')}" defer></script>
</head>
<body class="${opts.bodyClass}"${opts.bodyAttrs ?? ''}>
<header class="vbar"><a class="brand" href="/">${MARK}chatshare</a><span class="grow"></span>${opts.actions ?? ''}</header>
${opts.main}
</body>
</html>
`;
}

function viewerBody(doc: ViewerDocument, kind: 'snapshot' | 'live'): string {
  const chips = doc.models.map((m) => `<span class="chip">${escapeHtml(m)}</span>`).join('');
  const badge = kind === 'live'
    ? '<span class="badge badge-live" title="This page follows the chat as it grows"><span class="dot" aria-hidden="true"></span>Live</span>'
    : '<span class="badge" title="A copy of the chat at the moment it was shared">Snapshot</span>';
  return `<main class="vmain">
<header class="vhead">
<h1>${escapeHtml(doc.title)}</h1>
<div class="vmeta"><time datetime="${isoDate(doc.createdAt)}" data-date>${longDate(doc.createdAt)}</time><span aria-hidden="true">·</span><span data-count>${doc.messageCount} message${doc.messageCount === 1 ? '' : 's'}</span>${badge}${chips}</div>
${SLOT.owner}
</header>
${SLOT.recipe}
<p class="live-banner" role="status" hidden data-live-banner></p>
<div id="conversation" class="conversation">
${doc.conversationHtml}
</div>
${SLOT.clone}
${FOOTER}<span>Shared with <a href="/">chatshare</a>. ${kind === 'live' ? 'This page updates as the conversation continues.' : 'A read-only copy of the conversation.'}</span></footer>
</main>`;
}

/** The viewer document: a snapshot's artifact (written once per revision) or a live chat's (cached per version). */
export function buildViewerDocument(doc: ViewerDocument, kind: 'snapshot' | 'live'): string {
  return shell({ head: SLOT.head, bodyClass: 'viewer', bodyAttrs: SLOT.body, main: viewerBody(doc, kind), actions: SLOT.actions });
}

export interface ViewerParts { head: string; owner: string; recipe: string; actions: string; clone: string; bodyAttrs: string }
type SlotName = keyof typeof SLOT;
const PART_OF: Record<SlotName, keyof ViewerParts> = { head: 'head', owner: 'owner', recipe: 'recipe', actions: 'actions', clone: 'clone', body: 'bodyAttrs' };

/** An artifact cut at its slots into UTF-8 chunks once, so a view only concatenates bytes. */
export interface ViewerTemplate { chunks: Buffer[]; slots: SlotName[]; bytes: number }

export function compileViewer(doc: string): ViewerTemplate {
  // Artifacts written before the clone slot existed get it where new ones have it.
  if (!doc.includes(SLOT.clone) && doc.includes(FOOTER)) doc = doc.replace(FOOTER, `${SLOT.clone}\n${FOOTER}`);
  const found = (Object.keys(SLOT) as SlotName[])
    .map((name) => ({ name, at: doc.indexOf(SLOT[name]) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const { name, at } of found) {
    chunks.push(Buffer.from(doc.slice(from, at), 'utf8'));
    from = at + SLOT[name].length;
  }
  chunks.push(Buffer.from(doc.slice(from), 'utf8'));
  return { chunks, slots: found.map((x) => x.name), bytes: chunks.reduce((n, c) => n + c.length, 0) };
}

/** Adds the viewer-specific parts to an artifact: a byte concatenation, no parsing and no string copies of the page. */
export function fillViewer(t: ViewerTemplate, parts: ViewerParts): Buffer {
  const list: Buffer[] = [t.chunks[0]!];
  t.slots.forEach((name, i) => {
    const value = parts[PART_OF[name]];
    if (value) list.push(Buffer.from(value, 'utf8'));
    list.push(t.chunks[i + 1]!);
  });
  return Buffer.concat(list);
}

export interface HeadInput { title: string; description: string; url: string; imageUrl: string; imageAlt: string; siteName: string; noindex: boolean }

/** Open Graph and Twitter card tags; every value escaped. */
export function buildHeadTags(h: HeadInput): string {
  const e = escapeHtml;
  return [
    `<title>${e(h.title)} · ${e(h.siteName)}</title>`,
    `<meta name="description" content="${e(h.description)}">`,
    h.noindex ? '<meta name="robots" content="noindex,nofollow">' : '',
    `<link rel="canonical" href="${e(h.url)}">`,
    `<meta property="og:type" content="article">`,
    `<meta property="og:site_name" content="${e(h.siteName)}">`,
    `<meta property="og:title" content="${e(h.title)}">`,
    `<meta property="og:description" content="${e(h.description)}">`,
    `<meta property="og:url" content="${e(h.url)}">`,
    `<meta property="og:image" content="${e(h.imageUrl)}">`,
    `<meta property="og:image:type" content="image/png">`,
    `<meta property="og:image:width" content="1200">`,
    `<meta property="og:image:height" content="630">`,
    `<meta property="og:image:alt" content="${e(h.imageAlt)}">`,
    `<meta name="twitter:card" content="summary_large_image">`,
    `<meta name="twitter:title" content="${e(h.title)}">`,
    `<meta name="twitter:description" content="${e(h.description)}">`,
    `<meta name="twitter:image" content="${e(h.imageUrl)}">`,
    `<meta name="twitter:image:alt" content="${e(h.imageAlt)}">`,
  ].filter(Boolean).join('\n');
}

/** Clone Chat at the foot of a share page: a plain form, so it works without JavaScript. */
export function buildCloneHtml(p: { action: string; signedIn: boolean }): string {
  return `<form method="post" action="${escapeHtml(p.action)}" class="clone-bar">
<p>${p.signedIn ? 'Copy this conversation into your library to read it later or continue it.' : 'Sign in to copy this conversation into your library and continue it.'}</p>
<button class="btn btn-primary" type="submit">Clone Chat</button>
</form>`;
}

export function buildOwnerHtml(o: { name: string; avatarUrl: string }): string {
  return `<div class="owner"><img src="${escapeHtml(o.avatarUrl)}" alt="" width="28" height="28"><span>Shared by <strong>${escapeHtml(o.name)}</strong></span></div>`;
}

const paramValue = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

/** "Chat Recipe": the models and parameters used, for signed-in viewers. */
export function buildRecipeHtml(r: { models: string[]; params: Record<string, unknown>; system?: string }): string {
  const params = Object.entries(r.params ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== '').slice(0, 40);
  const rows = [
    `<dt>Models</dt><dd>${r.models.length ? r.models.map((m) => `<span class="chip">${escapeHtml(m)}</span>`).join(' ') : '<span class="muted">Not recorded</span>'}</dd>`,
    `<dt>Parameters</dt><dd>${params.length ? `<ul class="params">${params.map(([k, v]) => `<li><code>${escapeHtml(k)}</code> <span>${escapeHtml(paramValue(v).slice(0, 300))}</span></li>`).join('')}</ul>` : '<span class="muted">Model defaults</span>'}</dd>`,
    r.system?.trim() ? `<dt>System prompt</dt><dd><pre class="system">${escapeHtml(r.system.slice(0, 4000))}</pre></dd>` : '',
  ];
  return `<details class="recipe"><summary>Chat Recipe <span class="muted">· models and parameters used</span></summary><dl>${rows.join('')}</dl></details>`;
}

/** What crawlers and prefetches get: the preview tags and nothing of the conversation. */
export function buildPreviewPage({ head }: { head: string }): string {
  return shell({ head, bodyClass: 'viewer viewer-center', main: '<main class="vcard"><h1>A shared conversation</h1><p class="muted">Open this link in a browser to read it.</p></main>' });
}

const ICONS = {
  lock: '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><rect x="4" y="10" width="16" height="11" rx="2.5"/><path d="M8 10V7a4 4 0 0 1 8 0v3"/></svg>',
  missing: '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="11" cy="11" r="7"/><path d="M20 20l-3.5-3.5M8.5 8.5l5 5M13.5 8.5l-5 5"/></svg>',
  revoked: '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="12" r="9"/><path d="M5.7 5.7l12.6 12.6"/></svg>',
  expired: '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="13" r="8"/><path d="M12 9v4l2.5 2.5M9 2h6"/></svg>',
};

/** The friendly page for SHARE_LINK_NOT_FOUND / REVOKED / EXPIRED, with the code visible as in the JSON body. */
export function buildErrorPage(p: { status: number; code: string; title: string; message: string }): string {
  const icon = p.code === 'SHARE_LINK_REVOKED' ? ICONS.revoked : p.code === 'SHARE_LINK_EXPIRED' ? ICONS.expired : ICONS.missing;
  const main = `<main class="vcard" data-code="${escapeHtml(p.code)}">
<div class="notice-icon">${icon}</div>
<h1>${escapeHtml(p.title)}</h1>
<p class="notice-text">${escapeHtml(p.message)}</p>
<p class="notice-code"><span class="muted">Error ${p.status}</span> <code>${escapeHtml(p.code)}</code></p>
<p class="notice-actions"><a class="btn" href="/">Go to chatshare</a></p>
</main>`;
  return shell({ head: `<title>${escapeHtml(p.title)} · chatshare</title>\n<meta name="robots" content="noindex,nofollow">`, bodyClass: 'viewer viewer-center', main });
}

/** The password form of a protected share. It reveals nothing of the chat. */
export function buildPasswordPage(p: { shareId: string; action: string; error?: string; retryAfterSec?: number; head: string }): string {
  const wait = p.retryAfterSec ? Math.ceil(p.retryAfterSec / 60) : 0;
  const alert = p.retryAfterSec
    ? `<p class="form-error" role="alert">Too many wrong passwords. Try again in ${wait} minute${wait === 1 ? '' : 's'}.</p>`
    : p.error ? `<p class="form-error" role="alert">${escapeHtml(p.error)}</p>` : '';
  const main = `<main class="vcard">
<div class="notice-icon">${ICONS.lock}</div>
<h1>This chat is protected</h1>
<p class="notice-text muted">Enter the password the owner gave you to read this conversation.</p>
${alert}
<form method="post" action="${escapeHtml(p.action)}" class="stack password-form">
<div class="field"><label for="share-password">Password</label><input id="share-password" name="password" type="password" autocomplete="current-password" required maxlength="256" autofocus></div>
<button class="btn btn-primary btn-block" type="submit">View chat</button>
</form>
</main>`;
  return shell({ head: p.head, bodyClass: 'viewer viewer-center', main });
}
