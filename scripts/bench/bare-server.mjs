// The bench's bare reference: a plain node:http server doing a share view's real work and nothing else. It parses the
// URL, reads the share by share_id (indexed SELECT), counts the view with chatshare's own UPDATE … RETURNING on the
// same SQLite file, and writes the very bytes and headers chatshare sent for that page and Accept-Encoding.
// With spec.pg (a postgres:// url) it does the same two statements on that PostgreSQL database through `pg`: one
// connection per process, as chatshare's bridge holds (src/lib/pg/bridge.ts), statements prepared once by name; but
// asynchronous, so this process parses the next requests while a statement is out, where chatshare's thread waits.
// Usage: node scripts/bench/bare-server.mjs <spec.json>   (spec: { port, db | pg, workers, pages: { "/s/<id>": {...} } })
// WORKERS > 1 runs that many processes on the port (node:cluster), as chatshare's WORKERS does.
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import Database from 'better-sqlite3';
import pg from 'pg';

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

// src/lib/shares/store.ts's consumeView, word for word: the limits are re-checked in the statement that counts. On
// PostgreSQL, as src/lib/pg/dialect.ts translates it (parameters numbered).
const CONSUME_VIEW = `UPDATE share SET views = views + 1
      WHERE chat_id = ? AND status = 'active' AND (max_views = 0 OR views < max_views) AND (expires_at IS NULL OR expires_at > ?)
        AND NOT (max_clones > 0 AND clones >= max_clones AND allow_view_after_clone_limit = 0)
      RETURNING views`;
let n = 0;
const CONSUME_VIEW_PG = CONSUME_VIEW.replace(/\?/g, () => `$${++n}`);

if (spec.workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < spec.workers; i++) cluster.fork();
  process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers)) w.process.kill('SIGTERM'); process.exit(0); });
} else if (spec.pg) {
  // The same commit setting as chatshare's connections (PG_SYNCHRONOUS_COMMIT, off unless set): the same work.
  const client = new pg.Client({ connectionString: spec.pg, application_name: 'chatshare-bench-bare', options: `-c synchronous_commit=${(process.env.PG_SYNCHRONOUS_COMMIT || 'off').trim().toLowerCase()}` });
  await client.connect();
  const pages = readPages();
  http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const page = pages.get(url.pathname);
    const id = url.pathname.startsWith('/s/') ? decodeURIComponent(url.pathname.slice(3)) : '';
    try {
      const share = id ? (await client.query({ name: 'by_share_id', text: 'SELECT * FROM share WHERE share_id = $1', values: [id] })).rows[0] : undefined;
      if (!page || !share) { res.writeHead(404, { 'content-length': 0 }); res.end(); return; }
      const counted = await client.query({ name: 'consume_view', text: CONSUME_VIEW_PG, values: [share.chat_id, Math.floor(Date.now() / 1000)] });
      if (counted.rows.length === 0) { res.writeHead(410, { 'content-length': 0 }); res.end(); return; }
      answer(req, res, page);
    } catch (err) {
      res.writeHead(500, { 'content-length': 0 }); res.end();
      console.error(err);
    }
  }).listen(spec.port, '127.0.0.1');
} else {
  const db = new Database(spec.db);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const byShareId = db.prepare('SELECT * FROM share WHERE share_id = ?');
  const consumeView = db.prepare(CONSUME_VIEW).pluck();

  const pages = readPages();

  http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const page = pages.get(url.pathname);
    const id = url.pathname.startsWith('/s/') ? decodeURIComponent(url.pathname.slice(3)) : '';
    const share = id ? byShareId.get(id) : undefined;
    if (!page || !share) { res.writeHead(404, { 'content-length': 0 }); res.end(); return; }
    if (consumeView.get(share.chat_id, Math.floor(Date.now() / 1000)) === undefined) { res.writeHead(410, { 'content-length': 0 }); res.end(); return; }
    answer(req, res, page);
  }).listen(spec.port, '127.0.0.1');
}

// Each page's variants, read once: { identity | br | gzip: { body: Buffer, headers: [[name, value], …] } }.
function readPages() {
  return new Map(Object.entries(spec.pages).map(([p, page]) => [p, {
    shareId: page.shareId,
    variants: Object.fromEntries(Object.entries(page.variants).map(([enc, v]) => [enc, { body: fs.readFileSync(v.file), headers: v.headers }])),
  }]));
}

function answer(req, res, page) {
  const accept = String(req.headers['accept-encoding'] ?? '');
  const v = (accept.includes('br') && page.variants.br) || (accept.includes('gzip') && page.variants.gzip) || page.variants.identity;
  res.writeHead(200, v.headers.flat());
  res.end(req.method === 'HEAD' ? undefined : v.body);
}
