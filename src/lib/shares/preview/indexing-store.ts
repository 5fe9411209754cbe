// The links search engines may index (issue 18 item 4): one query, the same rule as isIndexable() in indexing.ts.
import { db } from '../../db';

export interface IndexedLink { share_id: string; updated_at: number }

// The wish, and every condition that keeps it honoured: open to anyone, no password, no limits, active, not moderated.
const INDEXABLE = `allow_indexing = 1 AND status = 'active' AND moderated_by IS NULL AND is_public = 1 AND password_hash IS NULL
  AND expires_at IS NULL AND max_views = 0 AND max_clones = 0`;

let listStmt: ReturnType<ReturnType<typeof db>['prepare']> | null = null;

/** Up to `limit` indexable links, the most recently changed first (a sitemap holds at most 50,000 URLs). */
export function indexedLinks(limit: number): IndexedLink[] {
  listStmt ??= db().prepare(`SELECT share_id, updated_at FROM share WHERE ${INDEXABLE} ORDER BY updated_at DESC, chat_id DESC LIMIT ?`);
  return listStmt.all(limit) as IndexedLink[];
}
