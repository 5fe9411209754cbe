import { configDefaults, defineConfig } from 'vitest/config';

// Files that assert how long something takes, or that load the machine on purpose (floods, 120k-message chats, two
// workers, connection budgets): npm test runs them one at a time after the rest, so they never measure each other.
export const timingFiles = [
  'connection-budget', 'exposed-server', 'fast-path', 'import-load', 'live-outline-restart', 'long-live', 'long-live-120k', 'long-snapshot', 'publish-offthread',
  'render-fairness', 'render-hardening', 'server-hardening', 'stop-and-restart', 'two-workers-writes', 'wal-checkpoint',
].map((name) => `tests/integration/${name}.test.ts`);

const all = ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'];
// VITEST_GROUP=timing: only those files; =rest: everything else; unset: everything.
const group = process.env.VITEST_GROUP;

export default defineConfig({
  test: {
    include: group === 'timing' ? timingFiles : all,
    exclude: [...configDefaults.exclude, ...(group === 'rest' ? timingFiles : [])],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
