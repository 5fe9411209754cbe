// A real S3-protocol server for the tests: s3rver on loopback with a temp folder as its store, behind a small pass-through
// proxy that counts the requests chatshare sends and can refuse them (an outage, as the server would see it). Nothing
// above the wire is mocked: chatshare talks to it through the AWS SDK like to AWS S3.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface TestS3 {
  endpoint: string; bucket: string;
  /** Requests seen, as `METHOD /bucket/key?query`. */
  requests: string[];
  /** What the proxy refuses with a 503 (an S3 outage): nothing, writes only (PUT, POST, DELETE), or everything. */
  refuse: 'none' | 'writes' | 'all';
  /** The server environment for a store under this key prefix. */
  env: (prefix: string) => Record<string, string>;
  /** Every key under prefix (as stored, prefix included). */
  keys: (prefix: string) => Promise<string[]>;
  put: (key: string, body: string) => Promise<void>;
  stop: () => Promise<void>;
  /** Lets the test process end with the servers still open (a shared instance is never stopped). */
  unref: () => void;
}

const BUCKET = 'chatshare-test';

export async function startS3(): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = (await server.run()) as AddressInfo;
  const t: TestS3 = {
    endpoint: '', bucket: BUCKET, requests: [], refuse: 'none',
    env: (prefix) => ({
      STORAGE_PROVIDER: 's3', S3_ENDPOINT_URL: t.endpoint, S3_BUCKET_NAME: BUCKET, S3_REGION_NAME: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_ADDRESSING_STYLE: 'path', S3_KEY_PREFIX: prefix,
      ORPHAN_SWEEP_MIN_AGE_SECONDS: '0',
    }),
    keys: async (prefix) => {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const r = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
        for (const o of r.Contents ?? []) out.push(o.Key!);
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
      return out.sort();
    },
    put: async (key, body) => { await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body })); },
    unref: () => { proxy.unref(); (server as unknown as { httpServer: http.Server }).httpServer.unref(); },
    stop: async () => {
      await new Promise((r) => proxy.close(r));
      proxy.closeAllConnections();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
  const proxy = http.createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    const write = req.method === 'PUT' || req.method === 'POST' || req.method === 'DELETE';
    if (t.refuse === 'all' || (t.refuse === 'writes' && write)) {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable</Code><Message>test outage</Message></Error>');
      return;
    }
    t.requests.push(line);
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  t.endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  // The test's own client goes straight to s3rver (its requests are not chatshare's).
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return t;
}
