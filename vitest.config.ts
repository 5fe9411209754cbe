import { configDefaults, defineConfig } from 'vitest/config';

// Files that assert how long something takes, or that load the machine on purpose (floods, 120k-message chats, two
// workers): npm test runs them one at a time after the rest, so they never measure each other. Files whose bounds are
// counts or sizes of their own server (connection-budget, exposed-server's generous cut-offs, server-hardening's memory)
// run with the rest. fast-path stays alone: it reads which path answered from the server's log, whose lines lag under load.
export const timingFiles = [
  'fast-path', 'import-load', 'live-outline-restart', 'long-live', 'long-live-120k', 'long-snapshot', 'publish-offthread',
  'render-fairness', 'render-hardening', 'stop-and-restart', 'two-workers-writes', 'wal-checkpoint',
].map((name) => `tests/integration/${name}.test.ts`);

const all = ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'];
// VITEST_GROUP=timing: only those files; =rest: everything else; unset: everything.
const group = process.env.VITEST_GROUP;

export default defineConfig({
  test: {
    include: group === 'timing' ? timingFiles : all,
    exclude: [...configDefaults.exclude, ...(group === 'rest' ? timingFiles : [])],
    pool: 'forks',
    globalSetup: ['tests/helpers/postgres-global.ts'],
    // A test server does not warm its renderers (tests/helpers/server.ts), so a file's first publish compiles what it
    // uses and loads the card fonts: about 3 s of CPU, 8 s on two cores at a load of 13.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
