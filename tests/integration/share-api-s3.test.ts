// share-api.test.ts again with every server's share files in object storage (a real S3-protocol server on loopback, see
// tests/helpers/server.ts): run as its own file in the same pool as the rest, not as a separate pass after it.
process.env.TEST_STORAGE = 's3';
await import('./share-api.test');
export {};
