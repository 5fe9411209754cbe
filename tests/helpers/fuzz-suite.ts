// Every route in src/pages, every method, signed out and signed in (cookie and Bearer), against malformed input:
// hostile input is normal input, so no answer is a 5xx, API errors are JSON {detail, code}, pages answer HTML or a
// same-site redirect, and the server stays up (/healthz after each route's batch, the process alive at the end).
// The routes are split into shards, one test file each (tests/integration/fuzz*.test.ts), so they run side by side.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from './server';
import { discoverRoutes, fillRoute, type Route, type Segment } from './fuzz-routes';
import { BODIES, HOSTILE_IDS, ODD_METHOD_BODIES, PATH_TAILS, QUERIES, bodyLimitOf, type BodyCase } from './fuzz-corpus';
import { rawRequest, type RawResponse, type StreamedBody } from './raw-http';

const ROUTES = discoverRoutes();
const ODD_METHODS = ['PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const AUTHS = ['anon', 'cookie', 'bearer'] as const;
type Auth = (typeof AUTHS)[number];
const CONCURRENCY = 4;
const SHARE_KINDS = {
  snapshot: {},
  live: { is_live: true },
  password: { password: 'fuzz password 1' },
  login: { is_public: false },
} as const;
type ShareKind = keyof typeof SHARE_KINDS;

interface Fixtures {
  userId: string;
  email: string;
  bearer: string;
  cookie: string;
  keyId: string;
  chats: Record<ShareKind, string>;
  shares: Record<ShareKind, string>;
}

interface Case { method: string; auth: Auth; name: string; path: string; body?: Buffer | StreamedBody; type?: string | null; destructive: boolean }
interface Outcome { c: Case; res: RawResponse; log: string }
interface Failure { route: string; method: string; auth: string; case: string; path: string; status: number | string; problem: string; log: string }

let server: TestServer;
let fx: Fixtures;
const allFailures: Failure[] = [];
let requestsSent = 0;
let bytesSent = 0;

const PASSWORD = 'correct horse battery';
const CHAT = (title: string) => ({
  chat: {
    title, models: ['llama3.1:8b'], params: { temperature: 0.7 },
    history: { currentId: 'b', messages: {
      a: { id: 'a', parentId: null, childrenIds: ['b'], role: 'user', content: 'How do I reverse a list?', timestamp: 1761000000 },
      b: { id: 'b', parentId: 'a', childrenIds: [], role: 'assistant', content: 'Use `xs[::-1]`.', model: 'llama3.1:8b', timestamp: 1761000005 },
    } },
  },
});

// ---- fixtures: a user with a cookie session and a Bearer session, an API key, and one chat per kind of share ----

async function call(method: string, p: string, body?: unknown, token = fx?.bearer): Promise<{ status: number; json: any }> {
  const res = await fetch(server.url + p, {
    method, redirect: 'manual',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, json };
}

async function signIn(): Promise<string> {
  const r = await call('POST', '/api/v1/auths/signin', { email: fx.email, password: PASSWORD }, '');
  if (r.status !== 200) throw new Error(`fixture sign-in failed: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.token;
}

async function sharedChat(kind: ShareKind): Promise<[string, string]> {
  const chat = await call('POST', '/api/v1/chats/new', CHAT(`Fuzz ${kind}`));
  if (chat.status !== 200) throw new Error(`fixture chat failed: ${chat.status} ${JSON.stringify(chat.json)}`);
  const share = await call('POST', `/api/v1/chats/${chat.json.id}/share`, SHARE_KINDS[kind]);
  if (share.status !== 200) throw new Error(`fixture share failed: ${share.status} ${JSON.stringify(share.json)}`);
  return [chat.json.id, share.json.share_id];
}

/** Puts back whatever the last batch deleted or signed out (DELETE routes and sign-out really do their job). */
async function ensureFixtures(): Promise<void> {
  if ((await call('GET', '/api/v1/auths', undefined, fx.bearer)).status !== 200) fx.bearer = await signIn();
  if ((await call('GET', '/api/v1/auths', undefined, fx.cookie)).status !== 200) fx.cookie = await signIn();
  for (const kind of Object.keys(SHARE_KINDS) as ShareKind[]) {
    const s = await call('GET', `/api/v1/chats/${fx.chats[kind]}/share`);
    if (s.status !== 200 || s.json?.status !== 'active' || s.json?.share_id !== fx.shares[kind]) {
      [fx.chats[kind], fx.shares[kind]] = await sharedChat(kind);
    }
  }
  const keys = await call('GET', '/api/v1/keys');
  if (!JSON.stringify(keys.json).includes(fx.keyId)) fx.keyId = (await call('POST', '/api/v1/keys', { name: 'fuzz' })).json.id;
}

// ---- cases ----

/** Real ids for a parameter, read from the segment before it: chats/[id] and c/[id] are chats, s/[id] and [share_id] shares. */
function realIds(seg: Extract<Segment, { param: string }>): string[] {
  if (seg.param === 'share_id' || seg.after === 's') return Object.values(fx.shares);
  if (seg.after === 'keys') return [fx.keyId];
  if (seg.after === 'users') return [fx.userId];
  if (seg.after === 'chats' || seg.after === 'c') return Object.values(fx.chats);
  return [...Object.values(fx.chats), ...Object.values(fx.shares), fx.userId, fx.keyId]; // an unknown kind of id: try them all
}

/** The route's path with real ids, one variant per id (every share kind for /s/[id]); one path for a route without ids. */
function realPaths(route: Route): string[] {
  const segs = route.segments.filter((s): s is Extract<Segment, { param: string }> => 'param' in s);
  if (!segs.length) return [route.pattern];
  const lists = segs.map(realIds);
  const n = Math.max(...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => fillRoute(route, Object.fromEntries(segs.map((s, j) => [s.param, encodeURIComponent(lists[j]![i % lists[j]!.length]!)]))));
}

function casesFor(route: Route): Case[] {
  const cases: Case[] = [];
  const signsOut = /signout/.test(route.pattern);
  const methods = [...route.methods, ...ODD_METHODS.filter((m) => !route.methods.includes(m))];
  for (const method of methods) {
    const exported = route.methods.includes(method);
    const destructive = signsOut || (exported && method === 'DELETE');
    // A method the route does not export is refused whoever asks, and the sign-in lookup it passes first is the one every
    // exported method already meets with all three: a cookie (which also meets the same-origin check) is enough for it.
    // (CI time: this was a third of the suite's requests.)
    for (const auth of exported ? AUTHS : (['cookie'] as const)) {
      const real = realPaths(route);
      const add = (name: string, p: string, body?: BodyCase) =>
        cases.push({ method, auth, name, path: p, body: body?.body, type: body?.type, destructive });
      real.forEach((p, i) => add(real.length > 1 ? `real id #${i + 1}` : 'plain', p));
      if (!exported) {
        ODD_METHOD_BODIES.forEach((b, i) => add(`unexported method, ${b.name}`, real[i % real.length]!, b));
        continue;
      }
      if (BODY_METHODS.has(method)) BODIES.forEach((b, i) => add(b.name, real[i % real.length]!, b));
      if (method !== 'DELETE') QUERIES.forEach(([name, q], i) => add(`?${name}`, `${real[i % real.length]}?${q}`));
      if (route.params.length) for (const [name, id] of HOSTILE_IDS) add(name, fillRoute(route, Object.fromEntries(route.params.map((p) => [p, id]))));
      PATH_TAILS.forEach(([name, tail], i) => add(name, real[i % real.length]! + tail));
    }
    // Over the route's limit by one byte, declared up front and chunked; pages get a form body, the API JSON.
    if (exported && BODY_METHODS.has(method) && method !== 'DELETE') {
      const size = bodyLimitOf(route.pattern, method) + 1;
      const prefix = route.kind === 'page' ? 'name=' : '{"title":"';
      const type = route.kind === 'page' ? 'application/x-www-form-urlencoded' : 'application/json';
      for (const auth of ['anon', 'bearer'] as const) {
        for (const chunked of [false, true]) {
          cases.push({ method, auth, name: `huge ${size - 1}+1 B ${chunked ? 'chunked' : 'content-length'}`, path: realPaths(route)[0]!, body: { size, prefix, chunked }, type, destructive });
        }
      }
    }
  }
  return cases;
}

function headersFor(c: Case): Record<string, string> {
  const h: Record<string, string> = {};
  if (c.auth === 'bearer') h.authorization = `Bearer ${fx.bearer}`;
  if (c.auth === 'cookie') h.cookie = `auth_session=${fx.cookie}`;
  if (c.body !== undefined && c.type) h['content-type'] = c.type;
  return h;
}

async function runPool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) { const i = next++; results[i] = await fn(items[i]!); }
  }));
  return results;
}

async function send(c: Case, waitForLog = false): Promise<Outcome> {
  const before = server.logs().length;
  let res = await rawRequest(server.url, { method: c.method, path: c.path, headers: headersFor(c), body: c.body, timeoutMs: 20_000 });
  // An upload the server refuses early can lose the client's write race (EPIPE before the answer is read) on a loaded
  // machine; a second try on a fresh connection tells that apart from a server that really drops the connection.
  if (res.status === 0 && /EPIPE|ECONNRESET/.test(res.error ?? '') && c.body && !Buffer.isBuffer(c.body)) {
    res = await rawRequest(server.url, { method: c.method, path: c.path, headers: headersFor(c), body: c.body, timeoutMs: 20_000 });
  }
  requestsSent++;
  bytesSent += res.sent;
  // A server error is logged just after the answer: give the pipe a moment when the line matters.
  for (let t = 0; waitForLog && (res.status >= 500 || res.status === 0) && server.logs().length === before && t < 20; t++) {
    await new Promise((ok) => setTimeout(ok, 5));
  }
  return { c, res, log: server.logs().slice(before) };
}

// ---- judging ----

const typeOf = (r: RawResponse) => String(r.headers['content-type'] ?? '');
const isHtml = (r: RawResponse) => /^text\/html/i.test(typeOf(r));
function isApiError(r: RawResponse): boolean {
  if (!/^application\/json/i.test(typeOf(r))) return false;
  try {
    const body = JSON.parse(r.body.toString('utf8'));
    return typeof body?.detail === 'string' && typeof body?.code === 'string';
  } catch { return false; }
}
const snippet = (r: RawResponse) => JSON.stringify(r.body.toString('utf8').replace(/\s+/g, ' ').slice(0, 40));

/** The first log line that says what went wrong (errors before warnings), trimmed for the table. */
function logLine(log: string): string {
  const lines = log.split('\n').map((l) => l.trim()).filter(Boolean);
  const pick = lines.find((l) => /error|exception|unhandled/i.test(l)) ?? lines.find((l) => /warn/i.test(l)) ?? lines[0] ?? '';
  return pick.replace(/^\d\d:\d\d:\d\d /, '').slice(0, 140);
}

function judge(o: Outcome, htmlRoute: boolean): string | null {
  const { c, res } = o;
  if (res.status === 0) return `no answer: ${res.error}`;
  if (res.status >= 500) return `${res.status} server error`;
  if (res.error) return `answer cut short: ${res.error}`;
  const injected = Object.keys(res.headers).find((h) => h === 'x-fuzz') ?? [res.headers['set-cookie'] ?? []].flat().find((v) => /fuzz=1/.test(v));
  if (injected) return `header injected from the URL: ${injected}`;
  if (res.status >= 300 && res.status < 400) {
    const loc = res.headers.location;
    if (!loc) return `${res.status} redirect without Location`;
    let target: URL;
    try { target = new URL(loc, server.url); } catch { return `redirect to an unparsable Location ${JSON.stringify(loc)}`; }
    if (target.origin !== new URL(server.url).origin) return `redirect off-site to ${JSON.stringify(loc)}`;
    return null;
  }
  if (res.status < 400 || c.method === 'HEAD') return null;
  const api = c.path.startsWith('/api/');
  if (api) return isApiError(res) ? null : `API error not JSON {detail, code}: ${typeOf(res) || 'no content-type'} ${snippet(res)}`;
  if (htmlRoute) return isHtml(res) ? null : `page error not HTML: ${typeOf(res) || 'no content-type'} ${snippet(res)}`;
  return isHtml(res) || isApiError(res) ? null : `bare error (neither HTML nor JSON {detail, code}): ${typeOf(res) || 'no content-type'} ${snippet(res)}`;
}

/** One row per (method, case, status, problem), the auth modes that hit it merged: readable in a terminal. */
function failureTable(rows: Failure[], max = 60): string {
  const merged = new Map<string, Failure & { auths: string[] }>();
  for (const f of rows) {
    const key = [f.method, f.case, f.status, f.problem].join('\u0000');
    const m = merged.get(key);
    if (m) { m.auths.push(f.auth); m.log ||= f.log; } else merged.set(key, { ...f, auths: [f.auth] });
  }
  // Server errors and crashes first: they are the ones to read.
  const rank = (f: Failure) => (typeof f.status !== 'number' || f.status >= 500 ? 0 : 1);
  const list = [...merged.values()].sort((a, b) => rank(a) - rank(b));
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s).padEnd(n);
  const lines = list.slice(0, max).map((f) =>
    `${cut(f.method, 7)} ${cut(f.auths.join(','), 18)} ${cut(f.case, 38)} ${cut(String(f.status), 4)} ${f.problem.slice(0, 110)}${f.log ? `\n${' '.repeat(72)}log: ${f.log}` : ''}`);
  if (list.length > max) lines.push(`… and ${list.length - max} more rows (all in test-results/fuzz/failures.json)`);
  return `${rows.length} failing case(s) on ${rows[0]?.route}:\n${'method'.padEnd(7)} ${'auth'.padEnd(18)} ${'case'.padEnd(38)} stat problem\n${lines.join('\n')}`;
}

/** Sends `cases` four at a time, judges each answer, and sends a failing case again alone to pin its log line to it. */
async function runPhase(route: Route, cases: Case[], htmlRouteSeen = false): Promise<{ failures: Failure[]; htmlRoute: boolean }> {
  // Over-limit uploads go one at a time: their log line is then theirs, and one is enough data in flight.
  const isHuge = (c: Case) => c.body !== undefined && !Buffer.isBuffer(c.body);
  const outcomes = await runPool(cases.filter((c) => !isHuge(c)), CONCURRENCY, send);
  for (const c of cases.filter(isHuge)) outcomes.push(await send(c, true));
  const htmlRoute = htmlRouteSeen || route.kind === 'page' || outcomes.some((o) => o.c.method === 'GET' && o.res.status === 200 && isHtml(o.res));
  const failures: Failure[] = [];
  for (const o of outcomes) {
    const problem = judge(o, htmlRoute);
    if (!problem) continue;
    const alone = isHuge(o.c) ? o : await send(o.c, true);
    const log = judge(alone, htmlRoute) ? logLine(alone.log) : `(passed when sent again) ${logLine(o.log)}`;
    failures.push({ route: route.pattern, method: o.c.method, auth: o.c.auth, case: o.c.name, path: o.c.path.slice(0, 200), status: o.res.status || 'none', problem, log });
  }
  return { failures, htmlRoute };
}

async function healthy(): Promise<string | null> {
  if (!server.alive()) return 'server process exited';
  const r = await rawRequest(server.url, { method: 'GET', path: '/healthz', timeoutMs: 10_000 });
  return r.status === 200 ? null : `/healthz answered ${r.status || r.error}`;
}

/** Registers the suite for every `shards`-th route, starting at `shard`, on a server of its own. */
export function fuzzSuite(shard: number, shards: number): void {
  beforeAll(async () => {
    server = await startServer({ IMPORT_MAX_MB: '50' }); // the import's limit lowered from 1 GiB: the suite sends one byte past it
    const owner = new Client(server.url);
    const email = 'fuzz-owner@example.com';
    const me = await owner.signup(email, PASSWORD, 'Fuzz Owner');
    fx = { userId: me.id, email, bearer: owner.token!, cookie: '', keyId: '', chats: {} as Fixtures['chats'], shares: {} as Fixtures['shares'] };
    fx.cookie = await signIn();
    fx.keyId = (await call('POST', '/api/v1/keys', { name: 'fuzz' })).json.id;
    for (const kind of Object.keys(SHARE_KINDS) as ShareKind[]) [fx.chats[kind], fx.shares[kind]] = await sharedChat(kind);
  });

  afterAll(async () => {
    const out = path.resolve('test-results/fuzz');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `failures-${shard}.json`), JSON.stringify({ requests: requestsSent, bytesSent, failures: allFailures }, null, 1));
    await server?.stop();
  });

  describe(`fuzzing every route (shard ${shard + 1} of ${shards})`, () => {
    if (shard === 0) it('finds the routes in src/pages (a new file is fuzzed without a list to update)', () => {
      const patterns = ROUTES.map((r) => r.pattern);
      expect(patterns).toEqual(expect.arrayContaining(['/', '/api/v1/chats/[id]', '/api/v1/chats/share/[share_id]/verify', '/s/[id]', '/healthz']));
      expect(ROUTES.find((r) => r.pattern === '/api/v1/chats/[id]')!.methods).toEqual(['GET', 'POST', 'DELETE']);
      expect(ROUTES.find((r) => r.pattern === '/s/[id]')!.methods).toEqual(['GET', 'HEAD', 'POST']);
    });

    for (const route of ROUTES.filter((_, i) => i % shards === shard)) {
      it(`${route.pattern} [${route.methods.join(',')}] survives malformed input`, async () => {
        await ensureFixtures();
        const cases = casesFor(route);
        // Deleting and signing out last, so the other cases still meet real chats, shares and sessions.
        const first = await runPhase(route, cases.filter((c) => !c.destructive));
        const failures = [...first.failures, ...(await runPhase(route, cases.filter((c) => c.destructive), first.htmlRoute)).failures];
        const health = await healthy();
        if (health) failures.push({ route: route.pattern, method: 'GET', auth: 'anon', case: 'after the batch', path: '/healthz', status: 'n/a', problem: health, log: '' });
        allFailures.push(...failures);
        expect(failures.length, failureTable(failures)).toBe(0);
      }, 120_000);
    }

    it('the server is still up after every batch', async () => {
      expect(await healthy()).toBeNull();
      expect(server.alive()).toBe(true);
    });
  });
}
