// Seeds the demo account (demo@chatshare.local / chatshare-demo) with the chats in tests/fixtures/demo-chats.json.
import fs from 'node:fs';
import { db } from '../src/lib/db';
import { createUser } from '../src/lib/auth/users';
import { importChats } from '../src/lib/chats/service';

const email = 'demo@chatshare.local';
const password = 'chatshare-demo';
const existing = db().prepare('SELECT id FROM user WHERE email = ?').get(email) as { id: string } | undefined;
const userId = existing?.id ?? (await createUser({ name: 'Demo User', email, password })).id;
const count = db().prepare('SELECT COUNT(*) FROM chat WHERE user_id = ?').pluck().get(userId) as number;
if (count === 0) {
  const data = JSON.parse(fs.readFileSync('tests/fixtures/demo-chats.json', 'utf8'));
  const { imported } = importChats(userId, data);
  console.log(`chatshare demo: imported ${imported.length} chats`);
}
console.log(`chatshare demo: sign in as ${email} / ${password}`);
