// npm run db:migrate: applies pending migrations to DATA_DIR/chatshare.sqlite and says which.
import path from 'node:path';
import { openDatabase, migrate } from '../src/lib/db';
import { config } from '../src/lib/config';

const file = path.join(config.dataDir, 'chatshare.sqlite');
const conn = openDatabase(file);
const again = migrate(conn, config.migrationsDir); // openDatabase applied them; this reports nothing left
const applied = conn.prepare('SELECT name FROM _migrations ORDER BY name').pluck().all() as string[];
console.log(`chatshare: database ${file} is at ${applied.at(-1)} (${applied.length} migrations${again.length ? `, ${again.length} just applied` : ''})`);
conn.close();
