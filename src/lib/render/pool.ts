// Rendering off the request thread: render tasks run on a piscina pool in the built server, each with a time limit;
// where no build exists (unit tests importing modules directly) they run in process.
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { onShutdown } from '../lifecycle';
import { runTask, type FragmentsRender, type RenderTask, type ShareRender, type ShareSource } from './tasks';
import type { LiveOutline } from './live-outline';
import type { MessagePreview } from './message-lookup';
import type { SnapshotFileFacts, SnapshotOutline } from './snapshot-outline';
import type { SharePart } from '../shares/manage/part';
import type { ChatUpdateJob, ChatUpdateResult } from '../chats/update-job';
import { FairScheduler, RenderBusyError } from './scheduler';
import type { ChatJson, Message } from '../chats/types';
import type { OgInput } from '../shares/og';
import type { Locale } from '../i18n/locales';
import { localizeMarkers } from '../i18n/localize';
import { HttpError, msg } from '../http';
import type { WarmMessage, WarmReport } from './warm';
import type { CloneJob, CloneResult } from '../shares/serve/clone-job';
import type { DownloadJob } from '../shares/serve/download-job';

// A chat whose render takes longer than this is rendered again as plain text, which is linear. Real chats take well
// under a second (scripts/bench.ts); the per-message budget (budget.ts) keeps known hostile shapes far below it too.
const TIMEOUT_MS = Number(process.env.RENDER_TIMEOUT_MS) || 10_000;
// One thread per core but one, so rendering never takes the core serving requests: 1 thread on a 2-core machine.
const THREADS = Number(process.env.RENDER_THREADS) || Math.max(1, os.availableParallelism() - 1);

// Fair shares between accounts (scheduler.ts): one account runs at most all threads but one (one on a 1-thread pool,
// where its turns alternate with everyone else's), queues at most RENDER_QUEUE_PER_ACCOUNT tasks, and past
// RENDER_BUDGET_MS of render time (fading by half every 30 s) is served after the others.
const PER_ACCOUNT = Math.max(1, THREADS - 1);
const MAX_QUEUED = Number(process.env.RENDER_QUEUE_PER_ACCOUNT) || 32;
const BUDGET_MS = Number(process.env.RENDER_BUDGET_MS) || 10_000;

/** Whose render a task is: the owner's user id, or SYSTEM for work no account asked for (the generic card). */
export type Account = string;
export const SYSTEM: Account = '\u0000system';

interface Pool {
  piscina: Piscina; scheduler: FairScheduler;
  /** Threads that finished their warm-up (worker.ts posts a WarmMessage), by thread id; a replaced thread leaves. */
  warm: Map<number, WarmReport>; onWarm: Array<() => void>;
}
type PlainCapable = Extract<RenderTask, { kind: 'share' | 'conversation' | 'messages' }>;

// On globalThis: the server entry and the Astro bundle are two module graphs in one process, and one pool is enough.
const KEY = Symbol.for('chatshare.renderPool');

/** The pool, started on first use; null when no build says where the worker is (CHATSHARE_DIST is unset). */
function pool(): Pool | null {
  const g = globalThis as Record<symbol, Pool | undefined>;
  if (g[KEY]) return g[KEY];
  const dist = process.env.CHATSHARE_DIST;
  if (!dist) return null;
  const piscina = new Piscina({
    filename: path.join(dist, 'chatshare', 'render-worker.mjs'),
    minThreads: THREADS,
    maxThreads: THREADS,
    idleTimeout: Infinity, // threads stay warm (grammars compiled, fonts loaded)
    // A render that runs away in memory takes its thread down, not the server.
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  onShutdown(() => piscina.destroy());
  if (TRACE) {
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      if (now - last > 70) console.log(`chatshare loop-stall ${(now - last - 20).toFixed(0)} ms at=${last.toFixed(0)}`);
      last = now;
    }, 20).unref();
  }
  const scheduler = new FairScheduler({ slots: THREADS, perAccount: PER_ACCOUNT, maxQueued: MAX_QUEUED, budgetMs: BUDGET_MS, halfLifeMs: 30_000 });
  const p: Pool = { piscina, scheduler, warm: new Map(), onWarm: [] };
  piscina.on('message', (msg: Partial<WarmMessage>) => {
    if (!msg?.chatshareWarm) return;
    const { threadId, ...report } = msg.chatshareWarm;
    p.warm.set(threadId, report);
    if (p.warm.size >= THREADS) for (const resolve of p.onWarm.splice(0)) resolve();
  });
  piscina.on('workerDestroy', (worker: { id: number }) => p.warm.delete(worker.id));
  return (g[KEY] = p);
}

/** Starts the pool's threads (each warms itself up) so the first publish does not wait for them. */
export function startRenderPool(): boolean {
  return pool() !== null;
}

/** Resolves once every thread of the pool has warmed up (at once when there is no pool). */
export function renderPoolWarm(): Promise<void> {
  const p = pool();
  if (!p || p.warm.size >= THREADS) return Promise.resolve();
  return new Promise((resolve) => p.onWarm.push(resolve));
}

/** The pool's threads and how many are warm, with what the last warm-up made ready; null without a pool. */
export function renderPoolStatus(): { threads: number; warm: number; languages: number; fonts: boolean } | null {
  const g = globalThis as Record<symbol, Pool | undefined>;
  const p = g[KEY];
  if (!p) return null;
  const reports = [...p.warm.values()];
  return { threads: THREADS, warm: reports.length, languages: reports.length ? Math.min(...reports.map((r) => r.languages)) : 0, fonts: reports.length > 0 && reports.every((r) => r.fonts) };
}

/**
 * Runs a task on a pool thread when the account's turn comes. Tasks wait in the scheduler for a free thread, so the
 * time limit counts running time only; past it piscina ends the thread (the only way to stop synchronous work) and
 * starts a fresh one. Throws RenderBusyError, without running anything, when the account's queue is full.
 */
async function onThread<R>(p: Pool, task: RenderTask, account: Account, timeoutMs = TIMEOUT_MS, transfer: ArrayBuffer[] = []): Promise<R> {
  const t0 = performance.now();
  const release = await p.scheduler.acquire(account);
  const t1 = performance.now();
  try {
    return (await p.piscina.run(task, { signal: AbortSignal.timeout(timeoutMs), transferList: transfer as never })) as R;
  } finally {
    release();
    if (TRACE) console.log(`chatshare render-trace ${account.slice(0, 6)} ${task.kind} n=${task.kind === 'messages' ? task.messages.length : '-'} wait=${(t1 - t0).toFixed(0)} run=${(performance.now() - t1).toFixed(0)} at=${t0.toFixed(0)}`);
  }
}
const TRACE = process.env.CHATSHARE_RENDER_TRACE === '1';

/** Runs a task that has a plain-text mode: on a timeout or a crash, again as plain text; in process as a last resort. */
async function withPlainFallback<R>(task: PlainCapable, account: Account): Promise<R> {
  const p = pool();
  if (!p) return (await runTask(task)) as R;
  try {
    return await onThread<R>(p, task, account);
  } catch (err) {
    if (err instanceof RenderBusyError) throw err; // not run at all: the caller answers RENDER_BUSY
    console.warn(`chatshare: rendering failed (${describe(err)}); showing the chat as plain text`);
  }
  const plain = { ...task, plain: true };
  try {
    return await onThread<R>(p, plain, account);
  } catch (err) {
    console.error(`chatshare: plain rendering failed on the pool (${describe(err)}); rendering in process`);
    return (await runTask(plain)) as R;
  }
}

const describe = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));
const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A share's viewer document, its summary, and (for a snapshot) its OG card, in one task (short chats). */
export async function renderShare(source: ShareSource, doc: 'snapshot' | 'live', account: Account): Promise<ShareRender & { png?: Buffer }> {
  const out = await withPlainFallback<ShareRender>({ kind: 'share', doc, source: { title: source.title, chat: source.chat, created_at: source.created_at } }, account);
  return { ...out, png: out.png && toBuffer(out.png) };
}

/** One batch of a share's messages (or their JSON text) as separate fragments, with the system prompt when given (see render/fragments.ts). */
export function renderMessageBatch(messages: Message[] | string, system: string | undefined, account: Account): Promise<FragmentsRender> {
  return withPlainFallback<FragmentsRender>({ kind: 'messages', messages, system }, account);
}

/**
 * A live chat's outline (live-outline.ts) on a pool thread: the parse, path walk and hashes of a long chat stay off the
 * request thread. In process only when there is no pool, or as a last resort when the thread failed.
 */
export async function liveOutlineOf(bytes: Uint8Array, account: Account): Promise<LiveOutline> {
  return offThread<LiveOutline>({ kind: 'live-outline', bytes }, account);
}

/** Some messages of a live chat's visible path, by position, read on a pool thread from its stored bytes (`key`: the chat's version). */
export function liveMessagesOf(bytes: Uint8Array, indexes: number[], account: Account, key?: string): Promise<Message[]> {
  return offThread<Message[]>({ kind: 'live-messages', bytes, indexes, key }, account);
}

/** The anchors along a shared chat's visible path (message-lookup.ts), on a pool thread; `key` names the chat's version. */
export function messageAnchorsOf(bytes: Uint8Array, wrapped: boolean, key: string, account: Account): Promise<string[]> {
  return offThread<string[]>({ kind: 'message-anchors', bytes, wrapped, key }, account);
}

/** One message's preview (who wrote it, its text as plain text), by position on the visible path, on a pool thread. */
export function messagePreviewOf(bytes: Uint8Array, wrapped: boolean, key: string, index: number, account: Account): Promise<MessagePreview | null> {
  return offThread<MessagePreview | null>({ kind: 'message-preview', bytes, wrapped, key, index }, account);
}

/** A chat update's CPU work (chats/update-job.ts) on a pool thread, in the account's turn. */
export function chatUpdateOf(job: ChatUpdateJob, account: Account): Promise<ChatUpdateResult> {
  return jobOffThread<ChatUpdateResult>({ kind: 'chat-update', ...job }, account, []);
}

/** A new chat's CPU work (chats/create-job.ts) on a pool thread, in the account's turn. */
/** `body` is handed over (moved, not copied, when it owns its memory): unusable here afterwards. */
export function chatCreateOf(body: Uint8Array, account: Account): Promise<ChatUpdateResult> {
  if (body.byteLength <= IN_PROCESS_BYTES) return runTask({ kind: 'chat-create', body });
  return jobOffThread<ChatUpdateResult>({ kind: 'chat-create', body }, account, owned(body));
}

/**
 * A snapshot's outline, its messages cut in batches and its {rev}.json (snapshot-outline.ts), made on a pool thread from
 * the chat's stored bytes. `bytes` is handed over (moved, not copied, when it owns its memory): unusable here afterwards.
 */
export function snapshotOutlineOf(bytes: Uint8Array, file: SnapshotFileFacts, account: Account, part?: SharePart): Promise<SnapshotOutline> {
  if (bytes.byteLength <= IN_PROCESS_BYTES) return runTask({ kind: 'snapshot-outline', bytes, file, part });
  return jobOffThread<SnapshotOutline>({ kind: 'snapshot-outline', bytes, file, part }, account, owned(bytes));
}

/** The chat's bytes cut to a share's part, on a pool thread. `bytes` is handed over: use the answer instead. */
export async function partCutOf(bytes: Uint8Array, part: SharePart, account: Account): Promise<Uint8Array> {
  if (bytes.byteLength <= IN_PROCESS_BYTES) return (await runTask({ kind: 'part-cut', bytes, part })).file;
  return (await jobOffThread<{ file: Uint8Array }>({ kind: 'part-cut', bytes, part }, account, owned(bytes))).file;
}

/**
 * The API's answer for a shared chat as JSON bytes (render/tasks.ts shareApiAnswer), made on a pool thread in the share
 * owner's turn: a 10 MB chat's parse and stringify held the request thread ~100 ms at every read. `handOver`: the bytes
 * are moved (unusable here afterwards) instead of copied; never a snapshot's, which the artifact cache keeps (moved, the
 * cached copy was left empty and every later read of the snapshot failed).
 */
export async function shareApiAnswerOf(task: Omit<Extract<RenderTask, { kind: 'share-api' }>, 'kind'>, account: Account, handOver: boolean): Promise<Uint8Array> {
  const t = { kind: 'share-api' as const, ...task };
  if (task.bytes.byteLength <= IN_PROCESS_BYTES) return (await runTask(t)).file;
  return (await jobOffThread<{ file: Uint8Array }>(t, account, handOver ? owned(task.bytes) : [])).file;
}

/**
 * A clone of a shared chat (shares/serve/clone-job.ts), made on a pool thread in the cloner's turn (they cause it): the parse,
 * cut and serialization of a 10 MB chat held the request thread ~1 s. `handOver`: the bytes are moved (unusable here
 * afterwards) instead of copied; never a snapshot's, which the artifact cache keeps.
 */
export function shareCloneOf(job: CloneJob, account: Account, handOver: boolean): Promise<CloneResult | null> {
  const task = { kind: 'share-clone' as const, ...job };
  if (job.bytes.byteLength <= IN_PROCESS_BYTES) return runTask(task);
  return jobOffThread<CloneResult | null>(task, account, handOver ? owned(job.bytes) : []);
}

/**
 * A download of a shared chat (shares/serve/download-job.ts) as bytes, made on a pool thread in the share owner's turn (as the
 * API's read: a reader may have no account); `handOver` as above.
 */
export function shareDownloadOf(job: DownloadJob, account: Account, handOver: boolean): Promise<{ file: Uint8Array; title: string } | null> {
  const task = { kind: 'share-download' as const, ...job };
  if (job.bytes.byteLength <= IN_PROCESS_BYTES) return runTask(task);
  return jobOffThread<{ file: Uint8Array; title: string } | null>(task, account, handOver ? owned(job.bytes) : []);
}

/** What is wrong with a part the owner asked for (shares/manage/part.ts partProblem), checked on a pool thread. `bytes` is handed over. */
export function partProblemOf(bytes: Uint8Array, part: SharePart, account: Account): Promise<string | null> {
  if (bytes.byteLength <= IN_PROCESS_BYTES) return runTask({ kind: 'part-problem', bytes, part });
  return jobOffThread<string | null>({ kind: 'part-problem', bytes, part }, account, owned(bytes));
}

/**
 * The file ids of the images a chat names (cut to `part` when given; `wrapped`: a snapshot's {rev}.json), on a pool
 * thread. `handOver`: the bytes are moved to the thread (unusable here afterwards) instead of copied.
 */
export function fileIdsOf(bytes: Uint8Array, opts: { part?: SharePart; wrapped?: boolean }, account: Account, handOver: boolean): Promise<string[]> {
  const task = { kind: 'file-ids' as const, bytes, ...opts };
  if (bytes.byteLength <= IN_PROCESS_BYTES) return runTask(task);
  return jobOffThread<string[]>(task, account, handOver ? owned(bytes) : []);
}

// A chat this small is parsed here (well under a millisecond): a pool turn would make its owner wait behind another
// account's long task for nothing (a bystander's small publish during a flood).
const IN_PROCESS_BYTES = 128 * 1024;

/** The memory to move with a task: the bytes' own buffer when they span all of it (copying 10 MB held the loop ~30 ms). */
const owned = (b: Uint8Array): ArrayBuffer[] =>
  b.buffer instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? [b.buffer] : [];

// Parsing a chat (a create's or an update's body, a snapshot's stored JSON) is linear in a size the body limits bound,
// so it gets a long time limit: on a busy machine a 10 MiB create took 25 s, past the render limit. When it fails on
// the pool it is not run again on the request thread (that held every other request for those 25 s): the request is
// answered BUSY (503, Retry-After) instead.
const JOB_TIMEOUT_MS = Number(process.env.RENDER_JOB_TIMEOUT_MS) || 120_000;

async function jobOffThread<R>(task: RenderTask, account: Account, transfer: ArrayBuffer[]): Promise<R> {
  const p = pool();
  if (!p) return (await runTask(task)) as R;
  try {
    return await onThread<R>(p, task, account, JOB_TIMEOUT_MS, transfer);
  } catch (err) {
    if (err instanceof RenderBusyError) throw err;
    console.error(`chatshare: a ${task.kind} task failed on the pool (${describe(err)}); answering BUSY`);
    throw new HttpError('BUSY', msg('errors.BUSY'), { 'retry-after': '5' });
  }
}

async function offThread<R>(task: RenderTask, account: Account): Promise<R> {
  const p = pool();
  if (!p) return (await runTask(task)) as R;
  try {
    return await onThread<R>(p, task, account);
  } catch (err) {
    if (err instanceof RenderBusyError) throw err;
    console.error(`chatshare: a ${task.kind} task failed on the pool (${describe(err)}); reading it in process`);
    return (await runTask(task)) as R;
  }
}

/** A library page's conversation, its branch switchers posting to `branchAction`. */
export async function renderLibraryConversation(chat: ChatJson, opts: { leafId?: string; branchAction?: string; locale?: Locale; account: Account }): Promise<string> {
  const html = await withPlainFallback<string>({ kind: 'conversation', chat, leafId: opts.leafId, branchAction: opts.branchAction, ownerFiles: true }, opts.account);
  return localizeMarkers(html, opts.locale ?? 'en');
}

/**
 * The conversation of one branch of a share with all branches (issue 17.4): the path to `leafId`, with message links
 * and switchers as links to `?b=`. Language markers kept (the page is compiled per language like an artifact).
 */
export function renderShareBranch(chat: ChatJson, leafId: string, account: Account): Promise<string> {
  return withPlainFallback<string>({ kind: 'conversation', chat, leafId, branchLinks: true, messageLinks: true }, account);
}

/** The OG card of a share anyone may read. A card that cannot be drawn in time becomes the generic one. */
export async function renderCard(input: OgInput, account: Account): Promise<Buffer> {
  const p = pool();
  if (!p) return toBuffer(await runTask({ kind: 'card', input }));
  try {
    return toBuffer(await onThread<Uint8Array>(p, { kind: 'card', input }, account));
  } catch (err) {
    console.warn(`chatshare: OG card failed (${describe(err)}); using the generic card`);
    return renderGenericCard();
  }
}

const generic = new Map<Locale, Promise<Buffer>>();
export { RenderBusyError };

/** The card of protected shares: the same for all in a language, drawn once (in process only if the pool cannot). */
export function renderGenericCard(locale: Locale = 'en'): Promise<Buffer> {
  let card = generic.get(locale);
  if (!card) {
    const p = pool();
    const inProcess = () => runTask({ kind: 'generic-card', locale });
    card = (p ? onThread<Uint8Array>(p, { kind: 'generic-card', locale }, SYSTEM).catch(inProcess) : inProcess()).then(toBuffer);
    generic.set(locale, card);
  }
  return card;
}
