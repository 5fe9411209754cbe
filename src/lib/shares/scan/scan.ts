// The pre-share scan: which secrets and personal data the shared part of a chat holds (rules.ts), as findings the
// Share Chat dialog lists. Pure: no database; the keyed hashes take the instance secret as an argument.
import { createHmac } from 'node:crypto';
import { RULES, type FindingKind } from './rules';
import { allMessages, visiblePath, withUsableCurrentId } from '../../chats/tree';
import type { ChatJson } from '../../chats/types';

export interface Match { rule: string; kind: FindingKind; start: number; end: number; value: string }

export interface Finding {
  /** Stable: a keyed hash of the message id, the rule and the value (never the value itself). */
  id: string;
  message_id: string;
  /** 1-based place of the message in the shared conversation. */
  message_number: number;
  role: string;
  rule: string;
  kind: FindingKind;
  /** The first 4 characters of the value, then •••. */
  excerpt: string;
  start: number;
  end: number;
  /** Keyed hash of the value: what a redaction stores and matches on. */
  value_hash: string;
  /** The value itself: for the server only (sealed when redacted), never sent. */
  value: string;
}

/** Every match in a text, secrets first; a match overlapping an earlier one (a card number also read as a phone) is dropped. */
export function scanText(text: string): Match[] {
  const found: Match[] = [];
  for (const rule of RULES) {
    const re = rule.re;
    re.lastIndex = 0;
    const state = { nextEnd: -2 };
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let start: number;
      let end: number;
      if (rule.endOf) {
        const e = rule.endOf(text, re.lastIndex, state);
        if (e === null) continue;
        start = m.index;
        end = e;
        re.lastIndex = e;
      } else {
        const value = m[1] ?? m[0];
        start = m[1] !== undefined ? m.index + m[0].indexOf(m[1]) : m.index;
        end = start + value.length;
        if (m[0].length === 0) re.lastIndex++;
      }
      const value = text.slice(start, end);
      if (rule.valid && !rule.valid(value)) continue;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ rule: rule.id, kind: rule.kind, start, end, value });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** What the dialog may show of a value: its first 4 characters. */
export const maskValue = (value: string): string => `${[...value].slice(0, 4).join('')}•••`;

export const keyedHash = (key: string, ...parts: string[]): string =>
  createHmac('sha256', key).update(parts.join('\u0000')).digest('hex');

/** The hash a redaction stores for a value (keyed by the instance secret: a phone number's plain hash is guessable). */
export const valueHash = (key: string, value: string) => keyedHash(key, 'value', value).slice(0, 32);

/** The messages a share publishes: the visible branch, as the snapshot outline and the live outline walk it. */
export function sharedMessages(chat: ChatJson) {
  return visiblePath(withUsableCurrentId(chat).history);
}

/** The findings of the part of the chat a share publishes, in conversation order. */
export function scanChat(chat: ChatJson, key: string, opts: { allBranches?: boolean } = {}): { findings: Finding[]; scanned: number } {
  // A share with all branches publishes the other regenerations too (the chat given is cut to its part): after the
  // branch shown, in the chat's order, numbered on from its last message.
  const shown = sharedMessages(chat);
  const onPath = new Set(shown.map((m) => m.id));
  const path = opts.allBranches ? [...shown, ...[...allMessages(chat.history)].filter((m) => !onPath.has(m.id))] : shown;
  const findings: Finding[] = [];
  path.forEach((m, i) => {
    if (typeof m.content !== 'string' || !m.content) return;
    for (const f of scanText(m.content)) {
      findings.push({
        id: keyedHash(key, 'finding', String(m.id), f.rule, f.value).slice(0, 24),
        message_id: String(m.id), message_number: i + 1, role: String(m.role), rule: f.rule, kind: f.kind,
        excerpt: maskValue(f.value), start: f.start, end: f.end, value_hash: valueHash(key, f.value), value: f.value,
      });
    }
  });
  return { findings, scanned: path.length };
}

export const REDACTED = '[redacted]';

/** Calls `visit` on every string value inside a JSON value (depth-first), replacing it by what visit returns. */
function mapStrings(v: unknown, visit: (s: string) => string): unknown {
  if (typeof v === 'string') return visit(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, visit));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty: a "__proto__" key parsed from JSON stays a plain key.
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: mapStrings(x, visit), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/**
 * The chat with every value whose hash is in `hashes` replaced by the marker, wherever it sits (any message, any branch,
 * any field); the same object when there is none. The scan finds the values (their hashes are all that is stored), then
 * every occurrence of each is replaced, longest first, so a value inside another string goes too.
 */
export function redactChat<T>(chat: T, key: string, hashes: ReadonlySet<string>): T {
  if (!hashes.size) return chat;
  const values = new Set<string>();
  mapStrings(chat, (s) => {
    for (const m of scanText(s)) if (hashes.has(valueHash(key, m.value))) values.add(m.value);
    return s;
  });
  return replaceValues(chat, values);
}

/** The chat with every occurrence of these values, in any string, replaced by the marker (longest first); the same object for none. */
export function replaceValues<T>(chat: T, values: Iterable<string>): T {
  const ordered = [...new Set(values)].filter(Boolean).sort((a, b) => b.length - a.length);
  if (!ordered.length) return chat;
  return mapStrings(chat, (s) => {
    let out = s;
    for (const v of ordered) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }) as T;
}

/**
 * The same on a chat's stored JSON text, without parsing it: each value's JSON-escaped form is replaced (the column is
 * written by JSON.stringify, so a value's form there is the canonical one). A value of digits only (a card number
 * without spaces) could also be a JSON number, where the marker would break the JSON: null then, parse instead.
 */
export function replaceValuesInJson(text: string, values: Iterable<string>): string | null {
  const ordered = [...new Set(values)].filter(Boolean).sort((a, b) => b.length - a.length);
  if (ordered.some((v) => /^[\d.eE+-]+$/.test(v))) return null;
  let out = text;
  for (const v of ordered) {
    const escaped = JSON.stringify(v).slice(1, -1);
    let at = out.indexOf(escaped);
    if (at === -1) continue;
    const parts: string[] = [];
    let from = 0;
    for (; at !== -1; at = out.indexOf(escaped, at + 1)) {
      // After an odd run of backslashes the match starts inside an escape ("\nfoo@x.org" is a newline, then foo@x.org):
      // not the value, and replacing it would break the escape.
      let slashes = 0;
      while (at - slashes - 1 >= 0 && out.charCodeAt(at - slashes - 1) === 92) slashes++;
      if (slashes % 2 || at < from) continue;
      parts.push(out.slice(from, at), REDACTED);
      from = at + escaped.length;
    }
    parts.push(out.slice(from));
    out = parts.join('');
  }
  return out;
}
