// shares-manage.test.ts again on the second backend: every server keeps its data in PostgreSQL (one database per server on the
// run's PostgreSQL, tests/helpers/postgres-global.ts) and its share files in a real S3-protocol server on loopback (see
// tests/helpers/server.ts). Run as its own file in the same pool as the rest, not as a separate pass after it.
process.env.TEST_DATABASE = 'postgres';
process.env.TEST_STORAGE = 's3';
await import('./shares-manage.test');
export {};
