// The in-memory tally of one process: counted views, previews per platform and referring domains per share and UTC day,
// added to on the view's path (a Map lookup and an increment) and handed whole to the flush, which adds it to the tables.

export const DAY_MS = 86_400_000;
/** Days kept, and the longest window the API answers. */
export const RETENTION_DAYS = 90;
/** Distinct referring domains kept per share and day; the rest count as OTHER_REFERRER. */
export const MAX_REFERRERS_PER_DAY = 50;
/** Stands for referrers past the cap; no host name we keep is a bare word (each has a dot). */
export const OTHER_REFERRER = 'other';

export const PLATFORMS = ['slack', 'discord', 'x', 'facebook', 'linkedin', 'telegram', 'whatsapp', 'imessage', 'teams', 'mastodon', 'bluesky', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The UTC day number (days since 1970-01-01) of a time in milliseconds. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);
/** 'YYYY-MM-DD' of a day number. */
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Which platform a link-preview crawler fetches for, from its User-Agent (isLinkPreviewBot said it is one). iMessage
 * sends Facebook's and Twitter's agent names together, so that pair is tested first.
 */
export function platformOf(userAgent: string): Platform {
  const ua = userAgent.toLowerCase();
  const fb = ua.includes('facebookexternalhit');
  if (fb && ua.includes('twitterbot')) return 'imessage';
  if (ua.includes('slackbot') || ua.includes('slack-imgproxy')) return 'slack';
  if (ua.includes('discordbot')) return 'discord';
  if (ua.includes('telegrambot')) return 'telegram'; // "TelegramBot (like TwitterBot)": before X
  if (ua.includes('whatsapp')) return 'whatsapp';
  if (ua.includes('linkedinbot')) return 'linkedin';
  if (ua.includes('twitterbot')) return 'x';
  if (fb || ua.includes('facebookcatalog') || ua.includes('meta-externalagent')) return 'facebook';
  if (ua.includes('microsoftpreview') || ua.includes('skypeuripreview')) return 'teams';
  if (ua.includes('mastodon')) return 'mastodon';
  if (ua.includes('bluesky') || ua.includes('cardyb')) return 'bluesky';
  return 'other';
}

const HOST = /^[a-z0-9](?:[a-z0-9-]{0,62}\.)+[a-z0-9-]{1,63}$/;
const MAX_HOST = 120;

/**
 * The referring site's host name from a Referer header, or null: only http(s), lower-cased, without port, user info,
 * path or query (browsers already trim cross-site referrers to the origin), at most 120 characters, with a dot (no
 * single-label intranet names), and never one of `own` (this instance's host names: navigation within the site).
 * Parsed by hand: it runs on the view's path, and `new URL` costs more than the rest of the tally.
 */
export function referrerDomain(referer: string | null | undefined, own: readonly string[]): string | null {
  if (!referer || referer.length > 2048) return null;
  const start = referer.startsWith('https://') ? 8 : referer.startsWith('http://') ? 7 : -1;
  if (start < 0) return null;
  let end = referer.length;
  for (let i = start; i < referer.length; i++) {
    const c = referer.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35 || c === 92) { end = i; break; } // / ? # \
  }
  let host = referer.slice(start, end);
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  if (host.startsWith('[')) return null; // an IPv6 literal: an address, not a site's name
  const colon = host.indexOf(':');
  if (colon >= 0) host = host.slice(0, colon);
  host = host.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.length === 0 || host.length > MAX_HOST || !HOST.test(host)) return null;
  return own.includes(host) ? null : host;
}

/** Counts waiting for the flush, per share (chat id) and day. */
export interface TallyEntry { chatId: string; day: number; views: number; previews: Map<Platform, number>; referrers: Map<string, number> }

/**
 * One process's counts since the last flush, by day then share: two Map lookups and no string built per view (a key
 * made by joining day and id cost more than all the rest of the tally; measured).
 */
export class Tally {
  private days = new Map<number, Map<string, TallyEntry>>();
  private count = 0;

  /** Share-days waiting. */
  get size(): number { return this.count; }

  private entry(chatId: string, day: number): TallyEntry {
    let shares = this.days.get(day);
    if (!shares) this.days.set(day, (shares = new Map()));
    let e = shares.get(chatId);
    if (!e) {
      shares.set(chatId, (e = { chatId, day, views: 0, previews: new Map(), referrers: new Map() }));
      this.count++;
    }
    return e;
  }

  view(chatId: string, day: number, n = 1): void {
    this.entry(chatId, day).views += n;
  }

  preview(chatId: string, day: number, platform: Platform, n = 1): void {
    const p = this.entry(chatId, day).previews;
    p.set(platform, (p.get(platform) ?? 0) + n);
  }

  /** A referring domain; past MAX_REFERRERS_PER_DAY distinct ones in this tally, it counts as OTHER_REFERRER. */
  referrer(chatId: string, day: number, domain: string, n = 1): void {
    const r = this.entry(chatId, day).referrers;
    const key = r.has(domain) || r.size < MAX_REFERRERS_PER_DAY ? domain : OTHER_REFERRER;
    r.set(key, (r.get(key) ?? 0) + n);
  }

  /** Forgets the counts of these shares (their statistics were reset, or the share went). */
  forget(chatIds: Iterable<string>): void {
    for (const id of chatIds) for (const shares of this.days.values()) if (shares.delete(id)) this.count--;
  }

  /** Everything counted so far, leaving the tally empty. */
  take(): TallyEntry[] {
    const out: TallyEntry[] = [];
    for (const shares of this.days.values()) for (const e of shares.values()) out.push(e);
    this.days = new Map();
    this.count = 0;
    return out;
  }

  /** Puts back what a failed flush took, added to what was counted meanwhile. */
  restore(entries: TallyEntry[]): void {
    for (const e of entries) {
      if (e.views) this.view(e.chatId, e.day, e.views);
      for (const [p, n] of e.previews) this.preview(e.chatId, e.day, p, n);
      for (const [d, n] of e.referrers) this.referrer(e.chatId, e.day, d, n);
    }
  }
}
