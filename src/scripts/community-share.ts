// Share to Open WebUI Community: opens {url}/chats/upload and hands it the chat once that page says 'loaded'.
// The core (communityUpload) takes its window, timers and payload as arguments so tests/unit can drive it.

/** How long the upload page has to answer 'loaded' before we stop listening. */
export const COMMUNITY_TIMEOUT_MS = 60_000;

export interface CommunityEnv {
  open: (url: string) => Pick<Window, 'postMessage'> | null;
  listen: (fn: (e: Pick<MessageEvent, 'origin' | 'source' | 'data'>) => void) => () => void;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (id: unknown) => void;
}

export type CommunityOutcome = 'sent' | 'timeout' | 'blocked' | 'failed';

/** The origin of the configured community URL, or null when it is not an http(s) URL (then there is no button). */
export function communityOrigin(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch { return null; }
}

/**
 * Opens the upload page and posts the payload to it, with its own origin as the target (never '*'), once: only a
 * 'loaded' from exactly that origin and from the window we opened counts; the listener goes after the first such
 * answer or after the timeout. The payload is started at click time, so the chat is usually fetched by 'loaded'.
 */
export function communityUpload(env: CommunityEnv, baseUrl: string, payload: () => Promise<string>,
  timeoutMs = COMMUNITY_TIMEOUT_MS): Promise<CommunityOutcome> {
  const origin = communityOrigin(baseUrl);
  if (!origin) return Promise.resolve('blocked');
  const win = env.open(`${baseUrl.replace(/\/+$/, '')}/chats/upload`);
  if (!win) return Promise.resolve('blocked');
  const data = payload();
  data.catch(() => {}); // a failed fetch is reported when 'loaded' arrives, not as an unhandled rejection
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: CommunityOutcome) => {
      if (done) return;
      done = true;
      unlisten();
      env.clearTimeout(timer);
      resolve(outcome);
    };
    const unlisten = env.listen((e) => {
      if (done || e.origin !== origin || e.source !== win || e.data !== 'loaded') return;
      done = true; // once: a second 'loaded' while the payload is still coming gets nothing either
      unlisten();
      env.clearTimeout(timer);
      data.then((body) => { win.postMessage(body, origin); resolve('sent'); }, () => resolve('failed'));
    });
    const timer = env.setTimeout(() => finish('timeout'), timeoutMs);
  });
}

const strings = (v: unknown): string[] => Array.isArray(v) ? v.filter((m): m is string => typeof m === 'string' && !!m) : [];

/** The models a chat used: its own `models` list, else the model names on the branch shown (currentId up to the root). */
export function chatModels(chat: { chat?: { models?: unknown; history?: { currentId?: unknown; messages?: unknown } } }): string[] {
  const own = strings(chat.chat?.models);
  if (own.length) return [...new Set(own)];
  const messages = chat.chat?.history?.messages;
  if (!messages || typeof messages !== 'object') return [];
  const found = new Set<string>();
  const seen = new Set<string>();
  let id = chat.chat?.history?.currentId;
  // Own properties only, and a visited set: a hostile tree can loop or name "__proto__".
  while (typeof id === 'string' && !seen.has(id) && Object.hasOwn(messages, id)) {
    seen.add(id);
    const m = (messages as Record<string, { parentId?: unknown; model?: unknown; modelName?: unknown } | null>)[id];
    if (!m || typeof m !== 'object') break;
    const name = typeof m.modelName === 'string' && m.modelName ? m.modelName : typeof m.model === 'string' ? m.model : '';
    if (name) found.add(name);
    id = m.parentId;
  }
  return [...found].reverse();
}

/** What the community page receives: the chat as GET /api/v1/chats/{id} answers it and the models it used. */
export async function communityPayload(chatId: string): Promise<string> {
  const res = await fetch(`/api/v1/chats/${encodeURIComponent(chatId)}`);
  if (!res.ok) throw new Error(`chat ${res.status}`);
  const chat = await res.json() as Parameters<typeof chatModels>[0];
  return JSON.stringify({ chat, models: chatModels(chat) });
}

/** The browser's own window, timers and message events. */
export const browserEnv: CommunityEnv = {
  open: (url) => window.open(url, '_blank'),
  listen: (fn) => {
    window.addEventListener('message', fn);
    return () => window.removeEventListener('message', fn);
  },
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (id) => window.clearTimeout(id as number),
};
