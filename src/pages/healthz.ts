import type { APIRoute } from 'astro';
import { db } from '../lib/db';
import { warmStatus } from '../lib/warmup';

// Liveness plus a real query, so a broken database shows up here; `warm` tells whether the renderers are ready (the
// server listens only once they are, unless CHATSHARE_NO_WARMUP is set or the warm-up overran WARMUP_WAIT_MS).
export const GET: APIRoute = () => {
  db().prepare('SELECT 1').get();
  return new Response(JSON.stringify({ status: 'ok', ...warmStatus() }), { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
};
