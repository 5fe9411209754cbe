// The Shared Chats dashboard under a heavy owner: 10,000 shares, every filter+sort+page combination the page offers,
// timed against the server's cheapest signed-in request (GET /api/v1/auths/) in the same run. Target: under 3x.
import { performance } from 'node:perf_hooks';

export interface DashboardResult { shares: number; referenceMs: number; slowest: { query: string; ms: number }; ratio: number; rows: Array<{ query: string; ms: number }> }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Creates `count` live shares for the signed-in user (an import, then one share call each, 8 at a time). */
export async function seedShares(base: string, token: string, count: number): Promise<void> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const chats = Array.from({ length: count }, (_, i) => ({
    id: `bench-${i}`, title: `${['Rust', 'Python', 'SQL', 'Kubernetes', 'Design'][i % 5]} question ${i}`,
    chat: { history: { currentId: 'a', messages: { q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `Question ${i}` }, a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Answer.' } } } },
  }));
  const res = await fetch(`${base}/api/v1/chats/import?duplicates=copy`, { method: 'POST', headers, body: JSON.stringify(chats) });
  const imported = ((await res.json()) as { imported: Array<{ id: string }> }).imported;
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < imported.length) {
      const i = next++;
      const options = { is_live: true, is_public: i % 3 !== 0, ...(i % 4 === 0 ? { password: 'bench-password' } : {}), ...(i % 7 === 0 ? { max_views: 5 } : {}) };
      await fetch(`${base}/api/v1/chats/${imported[i]!.id}/share`, { method: 'POST', headers, body: JSON.stringify(options) });
      if (i % 11 === 0) await fetch(`${base}/api/v1/chats/${imported[i]!.id}/share`, { method: 'DELETE', headers });
    }
  }));
}

async function timeGet(url: string, token: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
    if (i >= 3) times.push(performance.now() - t);
  }
  return median(times);
}

export async function benchDashboard(base: string, token: string, count = 10_000, runs = 15): Promise<DashboardResult> {
  await seedShares(base, token, count);
  const referenceMs = await timeGet(`${base}/api/v1/auths/`, token, runs * 2);
  const sorts = ['title', 'created_at', 'updated_at', 'share_id', 'is_public', 'has_password', 'views', 'clones', 'status', 'type'];
  const filters = ['', 'query=python', 'status=active', 'status=revoked', 'is_public=false&password=true', 'type=live&status=expired'];
  const queries: string[] = [];
  for (const f of filters) for (const s of sorts) queries.push(`${f ? `${f}&` : ''}order_by=${s}&direction=${s === 'title' ? 'asc' : 'desc'}&page=${f ? 1 : 250}&page_size=20`);
  const rows: Array<{ query: string; ms: number }> = [];
  for (const q of queries) rows.push({ query: q, ms: await timeGet(`${base}/api/v1/chats/shared?${q}`, token, runs) });
  rows.sort((a, b) => b.ms - a.ms);
  return { shares: count, referenceMs, slowest: rows[0]!, ratio: rows[0]!.ms / referenceMs, rows };
}
