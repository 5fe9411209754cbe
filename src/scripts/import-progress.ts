// The library's import progress panel (components/ImportProgress.astro): the upload's share from the request's own
// progress events, then the server's figures from GET /api/v1/chats/import/progress, polled until the answer comes.
import { t } from './i18n';

const POLL_MS = 500;
const MB = 1024 * 1024;

interface ServerProgress {
  state: 'idle' | 'waiting' | 'receiving' | 'importing';
  chats_imported: number; chats_skipped: number; chats_rejected: number; chats_total: number | null;
}

export interface ImportProgressPanel {
  /** Names the import for the progress poll (`?import_id=`). */
  readonly id: string;
  /** The upload's progress (XMLHttpRequest upload events). */
  uploaded(loaded: number, total: number): void;
  /** Starts polling the server's figures (call when the request is sent). */
  poll(): void;
  /** The answer came with `n` new chats: stops polling and says so (the page moves on). */
  finished(n: number): void;
  /** Stops polling and hides the panel (an error, or the Import finished dialog, says the rest). */
  close(): void;
}

/** A random id: crypto.randomUUID needs a secure context, and a self-hosted instance may be served over plain http. */
function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Megabytes to show: one decimal under 10 MB ("2.4 of 3.1 MB"), whole ones above ("120 of 268 MB"). */
const mb = (bytes: number, scale: number) => (scale < 10 * MB ? Math.round((bytes / MB) * 10) / 10 : Math.round(bytes / MB));

let current: ImportProgressPanel | null = null;

/** The import running from this page, if any (one at a time: a second waits for the first to finish). */
export const importInProgress = (): boolean => current !== null;

/** Shows the panel for `fileName`, reading the file first ("Reading the file…") until the upload starts. */
export function showImportProgress(fileName: string): ImportProgressPanel {
  const panel = document.querySelector<HTMLElement>('[data-import-progress]');
  const bar = panel?.querySelector<HTMLProgressElement>('[data-import-progress-bar]');
  const text = panel?.querySelector<HTMLElement>('[data-import-progress-text]');
  const phaseEl = panel?.querySelector<HTMLElement>('[data-import-progress-phase]');
  let phase = '';
  let serverOwns = false; // once the server waits or imports, its figures replace the upload's
  let timer: number | undefined;
  let stopped = false;

  /** Writes the status line and the bar (indeterminate without `max`); a screen reader hears each new phase once. */
  const show = (next: string, message: string, value?: number, max?: number) => {
    if (!bar || !text) return;
    text.textContent = message;
    if (max && max > 0) {
      bar.max = max;
      bar.value = Math.min(value ?? 0, max);
    } else bar.removeAttribute('value');
    if (next !== phase && phaseEl) phaseEl.textContent = message;
    phase = next;
  };
  const fromServer = (p: ServerProgress) => {
    if (p.state === 'waiting') {
      serverOwns = true;
      show('waiting', t('library.importProgressWaiting'));
    } else if (p.state === 'importing') {
      serverOwns = true;
      const done = p.chats_imported + p.chats_skipped + p.chats_rejected;
      if (p.chats_total === null) show('parsing', t('library.importProgressParsing'));
      else show('importing', t('library.importProgressChats', { done, total: p.chats_total }), done, p.chats_total);
    }
    // 'receiving' (and 'idle', before the request reaches the server or after it answered): the upload events say more.
  };
  const tick = async () => {
    const res = await fetch(`/api/v1/chats/import/progress?import_id=${handle.id}`, { cache: 'no-store' }).catch(() => null);
    const p = res?.ok ? ((await res.json().catch(() => null)) as ServerProgress | null) : null;
    if (stopped) return;
    if (p) fromServer(p);
    timer = window.setTimeout(tick, POLL_MS);
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    if (current === handle) current = null;
  };

  const handle: ImportProgressPanel = {
    id: randomId(),
    uploaded(loaded, total) {
      if (serverOwns || stopped || !total) return;
      show('uploading', t('library.importProgressUploading', { percent: loaded / total, sent: mb(loaded, total), total: mb(total, total) }), loaded, total);
    },
    poll() {
      if (!stopped && timer === undefined) timer = window.setTimeout(tick, POLL_MS);
    },
    finished(n) {
      stop();
      show('finished', t('library.importProgressFinished', { n }), 1, 1);
    },
    close() {
      stop();
      if (panel) panel.hidden = true;
    },
  };
  current = handle;
  if (panel) {
    panel.querySelector('[data-import-progress-name]')!.textContent = fileName;
    const label = t('library.importProgressTitle', { name: fileName });
    panel.setAttribute('aria-label', label);
    bar?.setAttribute('aria-label', label);
    show('preparing', t('library.importProgressPreparing'));
    panel.hidden = false;
  }
  return handle;
}
