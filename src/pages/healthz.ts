import type { APIRoute } from 'astro';
import { ping } from '../lib/db';
import { warmStatus } from '../lib/warmup';
import { storageStatus } from '../lib/storage-full';

// Liveness plus a real query, so a broken database shows up here; `warm` tells whether the renderers are ready (the
// server listens only once they are, unless CHATSHARE_NO_WARMUP is set or the warm-up overran WARMUP_WAIT_MS). `storage`
// says whether writes are failing for lack of disk space (the server still answers 200: views keep working).
export const GET: APIRoute = () => {
  ping();
  return new Response(JSON.stringify({ status: 'ok', ...warmStatus(), storage: storageStatus() }), { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
};
