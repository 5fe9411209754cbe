// Every copy a stranger can get of a share, as text, for the tests that check what reaches them (a redacted secret,
// a message outside the shared part, another branch): the page plain, brotli and gzip, a crawler's page, oEmbed, the
// API read, both downloads and a clone in `reader`'s library. `extraPages` adds pages by name (e.g. `?b=` branches).
import zlib from 'node:zlib';
import { expect } from 'vitest';
import { Client, NAVIGATE } from './server';
import { rawRequest } from './raw-http';

export async function everyCopy(base: string, reader: Client, shareId: string, extraPages: Record<string, string> = {}): Promise<Record<string, string>> {
  const raw = (p: string, headers: Record<string, string> = {}) => rawRequest(base, { method: 'GET', path: p, headers: { ...NAVIGATE, ...headers } });
  const out: Record<string, string> = {};
  const plain = await raw(`/s/${shareId}`);
  expect(plain.status).toBe(200);
  out.page = plain.body.toString();
  for (const [name, p] of Object.entries(extraPages)) out[name] = (await raw(p)).body.toString();
  const br = await raw(`/s/${shareId}`, { 'accept-encoding': 'br' });
  out.br = br.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(br.body).toString() : br.body.toString();
  const gz = await raw(`/s/${shareId}`, { 'accept-encoding': 'gzip' });
  out.gzip = gz.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(gz.body).toString() : gz.body.toString();
  out.crawler = (await raw(`/s/${shareId}`, { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' })).body.toString();
  const oembed = await fetch(`${base}/api/oembed?url=${encodeURIComponent(`${base}/s/${shareId}`)}&format=json`);
  expect(oembed.status).toBe(200);
  out.oembed = await oembed.text();
  const api = await reader.req('GET', `/api/v1/chats/share/${shareId}`);
  expect(api.status).toBe(200);
  out.api = JSON.stringify(api.json);
  out.md = (await raw(`/s/${shareId}/download?format=md`)).body.toString();
  out.json = (await raw(`/s/${shareId}/download?format=json`)).body.toString();
  const clone = await reader.req('POST', `/api/v1/chats/${shareId}/clone/shared`);
  expect(clone.status).toBe(200);
  out.clone = JSON.stringify((await reader.req('GET', `/api/v1/chats/${clone.json.id}`)).json);
  return out;
}

/** The names of the copies that hold `value`. */
export const carrying = (copies: Record<string, string>, value: string) => Object.keys(copies).filter((k) => copies[k]!.includes(value));
