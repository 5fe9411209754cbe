// The bench's bare reference: a plain node:http server doing a share view's real work and nothing else. It parses the
// URL, reads the share by share_id (indexed SELECT), counts the view with chatshare's own UPDATE … RETURNING on the
// same SQLite file, and writes the very bytes and headers chatshare sent for that page and Accept-Encoding.
// Usage: node scripts/bench/bare-server.mjs <spec.json>   (spec: { port, db, workers, pages: { "/s/<id>": {...} } })
// WORKERS > 1 runs that many processes on the port (node:cluster), as chatshare's WORKERS does.
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import Database from 'better-sqlite3';

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

if (spec.workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < spec.workers; i++) cluster.fork();
  process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers)) w.process.kill('SIGTERM'); process.exit(0); });
} else {
  const db = new Database(spec.db);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const byShareId = db.prepare('SELECT * FROM share WHERE share_id = ?');
  // src/lib/shares/store.ts's consumeView, word for word: the limits are re-checked in the statement that counts.
  const consumeView = db.prepare(`UPDATE share SET views = views + 1
      WHERE chat_id = ? AND status = 'active' AND (max_views = 0 OR views < max_views) AND (expires_at IS NULL OR expires_at > ?)
        AND NOT (max_clones > 0 AND clones >= max_clones AND allow_view_after_clone_limit = 0)
      RETURNING views`).pluck();

  // Each page's variants, read once: { identity | br | gzip: { body: Buffer, headers: [[name, value], …] } }.
  const pages = new Map(Object.entries(spec.pages).map(([p, page]) => [p, {
    shareId: page.shareId,
    variants: Object.fromEntries(Object.entries(page.variants).map(([enc, v]) => [enc, { body: fs.readFileSync(v.file), headers: v.headers }])),
  }]));

  const pick = (variants, accept) => (accept.includes('br') && variants.br) || (accept.includes('gzip') && variants.gzip) || variants.identity;

  http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const page = pages.get(url.pathname);
    const id = url.pathname.startsWith('/s/') ? decodeURIComponent(url.pathname.slice(3)) : '';
    const share = id ? byShareId.get(id) : undefined;
    if (!page || !share) { res.writeHead(404, { 'content-length': 0 }); res.end(); return; }
    if (consumeView.get(share.chat_id, Math.floor(Date.now() / 1000)) === undefined) { res.writeHead(410, { 'content-length': 0 }); res.end(); return; }
    const v = pick(page.variants, String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, v.headers.flat());
    res.end(req.method === 'HEAD' ? undefined : v.body);
  }).listen(spec.port, '127.0.0.1');
}
