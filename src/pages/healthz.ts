import type { APIRoute } from 'astro';
import { db } from '../lib/db';

// Liveness plus a real query, so a broken database shows up here.
export const GET: APIRoute = () => {
  db().prepare('SELECT 1').get();
  return new Response('ok', { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });
};
