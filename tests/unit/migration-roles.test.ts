// Migration 0006 rebuilds the user table (to allow 'pending') on a database in use: nothing cascades away, the
// foreign keys still hold afterwards, and the old setting names carry over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type DB } from '../../src/lib/db';

const ALL = path.resolve('db/migrations');
let tmp = '';
afterEach(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

/** A database migrated up to (not including) 0006, with a bit of everything in it. */
function populatedBefore0006(): { db: DB; dir: string } {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-mig-'));
  const dir = path.join(tmp, 'migrations');
  fs.mkdirSync(dir);
  for (const f of fs.readdirSync(ALL).filter((f) => f < '0006')) fs.copyFileSync(path.join(ALL, f), path.join(dir, f));
  const db = openDatabase(path.join(tmp, 'db.sqlite'), dir);
  db.exec(`
    INSERT INTO user (id, email, name, role, password_hash, created_at, updated_at) VALUES ('u1', 'a@x', 'A', 'admin', 'h', 1, 1), ('u2', 'b@x', 'B', 'user', 'h', 2, 2);
    INSERT INTO session (id, user_id, expires_at) VALUES ('s1', 'u1', 9999999999), ('s2', 'u2', 9999999999);
    INSERT INTO user_avatar (user_id, type, data) VALUES ('u2', 'image/png', x'00');
    INSERT INTO api_key (id, user_id, name, key_hash, prefix, created_at) VALUES ('k1', 'u2', 'k', 'hash', 'sk-', 1);
    INSERT INTO chat (id, user_id, title, chat, created_at, updated_at) VALUES ('c1', 'u1', 'T1', '{}', 1, 1), ('c2', 'u2', 'T2', '{}', 1, 1);
    INSERT INTO share (chat_id, user_id, share_id, kind, created_at, updated_at) VALUES ('c2', 'u2', 'link-2', 'snapshot', 1, 1);
    INSERT INTO setting (key, value) VALUES ('chatShare', 'false'), ('publicSharing', 'false'), ('communitySharing', 'true'), ('communitySharingUrl', '"https://x"');
  `);
  return { db, dir };
}

const count = (db: DB, table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('0006_groups_and_roles', () => {
  it('keeps every row that points at a user, allows pending, and refuses other roles', () => {
    const { db } = populatedBefore0006();
    expect(() => db.prepare("UPDATE user SET role = 'pending' WHERE id = 'u2'").run()).toThrow(/CHECK/);
    expect(migrate(db, ALL)[0]).toBe('0006_groups_and_roles.sql'); // and any later ones
    expect([count(db, 'user'), count(db, 'session'), count(db, 'user_avatar'), count(db, 'api_key'), count(db, 'chat'), count(db, 'share')]).toEqual([2, 2, 1, 1, 2, 1]);
    expect(db.prepare("SELECT email, name, role, created_at, last_active_at FROM user WHERE id = 'u2'").get()).toEqual({ email: 'b@x', name: 'B', role: 'user', created_at: 2, last_active_at: null });
    db.prepare("UPDATE user SET role = 'pending' WHERE id = 'u2'").run();
    expect(() => db.prepare("UPDATE user SET role = 'owner' WHERE id = 'u2'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO user (id, email, name, role, password_hash, created_at, updated_at) VALUES ('u3', 'A@X', 'dup', 'user', 'h', 1, 1)").run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('leaves foreign keys on and pointing at the new table: deleting a user still cascades', () => {
    const { db } = populatedBefore0006();
    migrate(db, ALL);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare("INSERT INTO chat (id, user_id, title, chat, created_at, updated_at) VALUES ('c9', 'nobody', 't', '{}', 1, 1)").run()).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO user_group (id, name, created_at, updated_at) VALUES ('g1', 'G', 1, 1)").run();
    db.prepare("INSERT INTO group_member (group_id, user_id) VALUES ('g1', 'u2')").run();
    db.prepare("DELETE FROM user WHERE id = 'u2'").run();
    expect([count(db, 'session'), count(db, 'user_avatar'), count(db, 'api_key'), count(db, 'chat'), count(db, 'share'), count(db, 'group_member')]).toEqual([1, 0, 0, 1, 0, 0]);
    db.close();
  });

  it('carries the old setting names over to the permission names', () => {
    const { db } = populatedBefore0006();
    migrate(db, ALL);
    const settings = Object.fromEntries((db.prepare('SELECT key, value FROM setting').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    expect(settings).toEqual({ 'permissions.chat.share': 'false', 'permissions.sharing.public_chat': 'false', ENABLE_COMMUNITY_SHARING: 'true' });
    db.close();
  });
});
