// The import progress panel (components/ImportProgress.astro), on every signed-in page: the upload's share from the
// request's own progress events, then the server's figures from GET /api/v1/chats/import/progress, polled until the
// answer comes, then the result in words until it is dismissed. The tab keeps its import in sessionStorage: a page
// opened while it runs (the person moved on; once the file is in, the server goes on without the page that sent it)
// follows it by its id and shows its result too. On a phone, away from the chat list (where the sidebar is hidden), the
// panel moves to a bar at the bottom of the page.
import { t } from './i18n';

const POLL_MS = 500;
const MB = 1024 * 1024;
const KEY = 'cs-import';

interface ServerProgress {
  state: 'idle' | 'waiting' | 'receiving' | 'importing';
  files_done: number;
  chats_imported: number; chats_skipped: number; chats_rejected: number; chats_total: number | null;
}

interface Figures { imported: number; skipped: number; rejected: number }

/** What the tab remembers of its latest import, from page to page. */
interface Kept {
  id: string;
  name: string;
  zip: boolean;
  /** running; done (with `result`); ended (finished while no page watched: figures unknown); stopped (left mid-upload). */
  state: 'running' | 'done' | 'ended' | 'stopped';
  sent?: boolean; // the whole file reached the server
  seen?: Figures; // the server's latest figures
  result?: Figures & { firstId?: string };
  dismissed?: boolean;
}

/** The answer of POST /api/v1/chats/import, as far as the panel needs it. */
export interface ImportOutcome { imported: Array<{ id: string }>; skipped: unknown[]; rejected: unknown[] }

export interface ImportProgressPanel {
  /** Names the import for the progress poll (`?import_id=`). */
  readonly id: string;
  /** The upload's progress (XMLHttpRequest upload events). */
  uploaded(loaded: number, total: number): void;
  /** Starts polling the server's figures (call when the request is sent). */
  poll(): void;
  /** The answer came: stops polling and shows the result (kept for the next pages until dismissed). */
  finished(answer: ImportOutcome): void;
  /** Stops polling and hides the panel (an error, or the Import finished dialog, says the rest). */
  close(): void;
}

/** A random id: crypto.randomUUID needs a secure context, and a self-hosted instance may be served over plain http. */
function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Megabytes to show: one decimal under 10 MB ("2.4 of 3.1 MB"), whole ones above ("120 of 268 MB"). */
const mb = (bytes: number, scale: number) => (scale < 10 * MB ? Math.round((bytes / MB) * 10) / 10 : Math.round(bytes / MB));

function readKept(): Kept | null {
  try {
    const k = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Kept | null;
    return k && typeof k.id === 'string' && typeof k.name === 'string' ? k : null;
  } catch {
    return null;
  }
}
/** Stores the tab's import (null: none); one dismissed stays dismissed, whichever page writes it next. */
function keep(k: Kept | null): void {
  try {
    if (k && readKept()?.id === k.id && readKept()?.dismissed) k.dismissed = true;
    if (k) sessionStorage.setItem(KEY, JSON.stringify(k));
    else sessionStorage.removeItem(KEY);
  } catch { /* storage full or refused: this page still shows it */ }
}

const panel = document.querySelector<HTMLElement>('[data-import-progress]');
const bar = panel?.querySelector<HTMLProgressElement>('[data-import-progress-bar]');
const text = panel?.querySelector<HTMLElement>('[data-import-progress-text]');
const phaseEl = panel?.querySelector<HTMLElement>('[data-import-progress-phase]');
const openLink = panel?.querySelector<HTMLAnchorElement>('[data-import-progress-open]');
let phase = '';

// ---- where the panel sits: under Import chats, or (a phone away from the chat list) in a bar at the bottom ----
const home = panel?.parentElement ?? null;
const dock = document.querySelector<HTMLElement>('[data-import-dock]');
const narrow = matchMedia('(max-width: 860px)');
function place(): void {
  if (!panel || !home || !dock) return;
  const docked = narrow.matches && !document.body.classList.contains('library-home');
  if (docked && panel.parentElement !== dock) dock.append(panel);
  else if (!docked && panel.parentElement !== home) home.append(panel);
  // The toast and the page's end move up above the bar while it shows.
  document.body.classList.toggle('import-docked', docked && !panel.hidden);
}
function setShown(shown: boolean): void {
  if (!panel) return;
  panel.hidden = !shown;
  place();
}
narrow.addEventListener('change', place);

/** Writes the status line and the bar (indeterminate without `max`); a screen reader hears each new phase once. */
function show(next: string, message: string, value?: number, max?: number): void {
  if (!bar || !text) return;
  text.textContent = message;
  if (max && max > 0) {
    bar.max = max;
    bar.value = Math.min(value ?? 0, max);
  } else bar.removeAttribute('value');
  if (next !== phase && phaseEl) phaseEl.textContent = message;
  phase = next;
}

/** Shows the panel for `name` (running: the bar, no result yet). */
function open(name: string): void {
  if (!panel) return;
  panel.querySelector('[data-import-progress-name]')!.textContent = name;
  const label = t('library.importProgressTitle', { name });
  panel.setAttribute('aria-label', label);
  bar?.setAttribute('aria-label', label);
  bar!.hidden = false;
  if (openLink) openLink.hidden = true;
  panel.dataset.state = 'running';
  setShown(true);
}

/** The end of an import, in words: what came in, with a link to it, or why nothing did. */
function showEnd(k: Kept): void {
  if (!panel || k.dismissed) return;
  open(k.name);
  panel.dataset.state = k.state;
  bar!.hidden = k.state !== 'done';
  if (k.state === 'done' && k.result) {
    const r = k.result;
    show('finished', t('library.importProgressFinished', { imported: r.imported, skipped: r.skipped, rejected: r.rejected }), 1, 1);
    if (openLink && (r.firstId || r.imported > 0)) {
      openLink.href = r.firstId ? `/c/${encodeURIComponent(r.firstId)}` : '/';
      openLink.textContent = r.firstId ? t('library.importProgressOpenFirst') : t('library.importProgressOpenLibrary');
      openLink.hidden = false;
    }
  } else if (k.state === 'ended') {
    show('ended', t('library.importProgressEnded'));
    if (openLink) {
      openLink.href = '/';
      openLink.textContent = t('library.importProgressOpenLibrary');
      openLink.hidden = false;
    }
  } else show('stopped', t('library.importProgressStopped'));
}

let current: ImportProgressPanel | null = null;
let leaving = false;
// The page is going (a link, a reload): its request is cut, but the import it sent may go on; the next page follows it.
addEventListener('pagehide', () => (leaving = true));
addEventListener('pageshow', () => (leaving = false));

/** The import running from this page, if any (one at a time: a second waits for the first to finish). */
export const importInProgress = (): boolean => current !== null;

/** The figures an import has reached, from the server's answer. */
const figures = (p: ServerProgress): Figures => ({ imported: p.chats_imported, skipped: p.chats_skipped, rejected: p.chats_rejected });

/** Puts the server's figures on the panel; true once the import is past its upload. */
function fromServer(p: ServerProgress): boolean {
  if (p.state === 'waiting') {
    show('waiting', t('library.importProgressWaiting'));
    return true;
  }
  if (p.state === 'importing') {
    const done = p.chats_imported + p.chats_skipped + p.chats_rejected;
    if (p.chats_total === null) show('parsing', t('library.importProgressParsing'));
    else show('importing', t('library.importProgressChats', { done, total: p.chats_total }), done, p.chats_total);
    return true;
  }
  // 'receiving' (and 'idle', before the request reaches the server or after it answered): the upload events say more.
  return false;
}

async function progressOf(id: string): Promise<ServerProgress | null> {
  const res = await fetch(`/api/v1/chats/import/progress?import_id=${id}`, { cache: 'no-store' }).catch(() => null);
  return res?.ok ? ((await res.json().catch(() => null)) as ServerProgress | null) : null;
}

/** Shows the panel for `fileName`, reading the file first ("Reading the file…") until the upload starts. */
export function showImportProgress(fileName: string, zip = false): ImportProgressPanel {
  let serverOwns = false; // once the server waits or imports, its figures replace the upload's
  let timer: number | undefined;
  let stopped = false;
  const kept: Kept = { id: randomId(), name: fileName, zip, state: 'running' };

  const tick = async () => {
    const p = await progressOf(kept.id);
    if (stopped) return;
    if (p) {
      serverOwns = fromServer(p) || serverOwns;
      if (p.state === 'importing') {
        kept.seen = figures(p);
        keep(kept);
      }
    }
    timer = window.setTimeout(tick, POLL_MS);
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    if (current === handle) current = null;
  };

  const handle: ImportProgressPanel = {
    id: kept.id,
    uploaded(loaded, total) {
      if (stopped || !total) return;
      if (loaded >= total && !kept.sent) {
        kept.sent = true;
        keep(kept);
      }
      if (serverOwns) return;
      show('uploading', t('library.importProgressUploading', { percent: loaded / total, sent: mb(loaded, total), total: mb(total, total) }), loaded, total);
    },
    poll() {
      if (!stopped && timer === undefined) timer = window.setTimeout(tick, POLL_MS);
    },
    finished(a) {
      stop();
      const end: Kept = { ...kept, state: 'done', result: { imported: a.imported.length, skipped: a.skipped.length, rejected: a.rejected.length, firstId: a.imported[0]?.id } };
      keep(end);
      showEnd(end);
    },
    close() {
      stop();
      if (leaving) return; // cut by the page going: the next page follows the import
      keep(null);
      setShown(false);
    },
  };
  current = handle;
  keep(kept);
  open(fileName);
  show('preparing', t('library.importProgressPreparing'));
  return handle;
}

/**
 * A page opened while the tab's import runs (sent from a page since left): follows it by its id until it ends. A JSON
 * file's figures are final once its one file is done; an archive's, once the server has no import by that id (it keeps
 * the figures of an import whose page left for a few seconds after its end, so this poll reads them).
 */
function follow(k: Kept): void {
  open(k.name);
  show('parsing', t('library.importProgressParsing'));
  const end = (state: Kept['state']) => {
    Object.assign(k, { state, result: state === 'done' ? k.seen : undefined });
    keep(k);
    showEnd(k);
  };
  const tick = async () => {
    const now = readKept();
    if (now?.id !== k.id || now.dismissed) return; // dismissed, or another import started
    const p = await progressOf(k.id);
    if (p && p.state !== 'idle') {
      fromServer(p);
      if (p.state === 'importing') {
        k.seen = figures(p);
        keep(k);
        if (!k.zip && p.files_done > 0) return end('done');
      }
    } else if (p) {
      return end(k.seen ? 'done' : k.sent ? 'ended' : 'stopped');
    }
    window.setTimeout(tick, POLL_MS);
  };
  void tick();
}

panel?.querySelector('[data-import-progress-dismiss]')?.addEventListener('click', () => {
  // The import itself goes on (this page's request, or the server's work): only the panel goes, here and on later pages.
  const k = readKept();
  if (k) keep({ ...k, dismissed: true });
  setShown(false);
});

const resumed = readKept();
if (resumed && !resumed.dismissed) {
  if (resumed.state === 'running') follow(resumed);
  else showEnd(resumed);
}
