// All branches (issue 17.4): a snapshot share whose viewers switch between the regenerations inside its part, read-only.
// The main page's switchers are made at publish (render/snapshot-outline.ts); the page of another branch (`/s/{id}?b=<anchor>`) is rendered once on
// the render pool from the revision's JSON (already cut to the part by scan/redact.ts) and kept, like an artifact.
import { buildViewerDocument, compileViewer, escapeHtml, type ViewerTemplate } from '../serve/html';
import { readFileArtifact } from './artifacts';
import { renderShareBranch } from '../../render/pool';
import { modelOf } from '../../render/conversation';
import { messageAnchor } from '../../render/anchor';
import { allMessages, leafFrom, visiblePath } from '../../chats/tree';
import { tm } from '../../i18n/markers';
import type { Locale } from '../../i18n/locales';
import type { ChatJson } from '../../chats/types';
import type { StoredShare } from '../store';

interface Revision { chat: ChatJson; title: string; createdAt: number; byAnchor: Map<string, string>; mainLeaf: string | null }
interface BranchPage { html: string; templates: Partial<Record<Locale, ViewerTemplate>> }

// Parsed revisions and rendered branch pages, oldest out first: a page is rendered once per revision and branch.
const revisions = new Map<string, Promise<Revision | null>>();
const pages = new Map<string, Promise<BranchPage>>();
const MAX_REVISIONS = 16;
const MAX_PAGES = 128;

function remember<V>(map: Map<string, V>, key: string, max: number, make: () => V): V {
  const hit = map.get(key);
  if (hit !== undefined) return hit;
  if (map.size >= max) map.delete(map.keys().next().value!);
  const v = make();
  map.set(key, v);
  return v;
}

async function loadRevision(chatId: string, rev: number): Promise<Revision | null> {
  const buf = await readFileArtifact(chatId, rev, 'json');
  if (!buf) return null;
  try {
    const snap = JSON.parse(buf.toString('utf8')) as { title: string; chat: ChatJson; created_at: number };
    const byAnchor = new Map<string, string>();
    for (const m of allMessages(snap.chat.history)) byAnchor.set(messageAnchor(m.id), m.id);
    return { chat: snap.chat, title: snap.title, createdAt: snap.created_at, byAnchor, mainLeaf: visiblePath(snap.chat.history).at(-1)?.id ?? null };
  } catch {
    return null;
  }
}

/**
 * The page of the branch through the message `anchor` names, in `locale`: 'main' when that is the branch the link shows
 * (its artifact serves it), null when the share has no such message (outside the part, another chat's, made up) or
 * does not offer branches. Only messages the revision holds are reachable: it was cut to the part when published.
 */
export async function branchTemplate(s: StoredShare, anchor: string, locale: Locale): Promise<ViewerTemplate | 'main' | null> {
  if (!s.all_branches || s.kind !== 'snapshot' || !s.snapshot_rev) return null;
  const revKey = `${s.chat_id}\u0000${s.snapshot_rev}`;
  const p = remember(revisions, revKey, MAX_REVISIONS, () => loadRevision(s.chat_id, s.snapshot_rev));
  const r = await p;
  if (!r) { if (revisions.get(revKey) === p) revisions.delete(revKey); return null; }
  const id = r.byAnchor.get(anchor);
  const leaf = id === undefined ? null : leafFrom(r.chat.history, id);
  if (leaf === null) return null;
  if (leaf === r.mainLeaf) return 'main';
  const key = `${revKey}\u0000${s.share_id}\u0000${leaf}`;
  const page = remember(pages, key, MAX_PAGES, () => renderBranchPage(s, r, leaf));
  try {
    const done = await page;
    return (done.templates[locale] ??= compileViewer(done.html, locale));
  } catch (err) {
    if (pages.get(key) === page) pages.delete(key); // a busy pool: the next view tries again
    throw err;
  }
}

async function renderBranchPage(s: StoredShare, r: Revision, leaf: string): Promise<BranchPage> {
  const conversation = await renderShareBranch(r.chat, leaf, s.user_id);
  const path = visiblePath(r.chat.history, leaf);
  const models = [...new Set(path.map(modelOf).filter((x): x is string => !!x))].slice(0, 8);
  const back = `<p class="branch-note muted" role="note">${tm('viewer.otherBranch')} <a href="/s/${escapeHtml(encodeURIComponent(s.share_id))}">${tm('viewer.backToShared')}</a></p>`;
  const html = buildViewerDocument({ title: r.title, createdAt: r.createdAt, models, conversationHtml: `${back}\n${conversation}`, messageCount: path.length }, 'snapshot');
  return { html, templates: {} };
}
