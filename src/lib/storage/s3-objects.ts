// The S3 object store (STORAGE_PROVIDER=s3), through the official AWS SDK, with Open WebUI's variable names:
// S3_ENDPOINT_URL, S3_BUCKET_NAME, S3_REGION_NAME, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_ADDRESSING_STYLE=path,
// plus S3_KEY_PREFIX. Works with AWS S3, MinIO, R2, Ceph. Every failure but "no such key" is a StorageUnavailableError.
import {
  CopyObjectCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { StorageUnavailableError, type ObjectStore, type StoredObject } from './objects';

const isMissing = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
};

async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    console.error(`chatshare: object storage ${what} failed: ${(err as Error)?.name ?? ''} ${(err as Error)?.message ?? err}`);
    throw new StorageUnavailableError(err);
  }
}

export function createS3Store(env: NodeJS.ProcessEnv): ObjectStore {
  const bucket = env.S3_BUCKET_NAME?.trim();
  if (!bucket) throw new Error('STORAGE_PROVIDER=s3 needs S3_BUCKET_NAME');
  const rawPrefix = (env.S3_KEY_PREFIX ?? '').trim().replace(/^\/+/, '');
  const prefix = rawPrefix && !rawPrefix.endsWith('/') ? `${rawPrefix}/` : rawPrefix;
  const options: S3ClientConfig = {
    region: env.S3_REGION_NAME?.trim() || 'us-east-1',
    endpoint: env.S3_ENDPOINT_URL?.trim() || undefined,
    forcePathStyle: (env.S3_ADDRESSING_STYLE ?? '').trim().toLowerCase() === 'path',
    // Checksums only where the protocol needs them: S3-compatible servers differ in the newer checksum headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    // A store that stops answering must not hold a publish (or a first view) for minutes.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 15_000 },
  };
  // Without keys the SDK's own chain applies (an IAM role, AWS_* variables, a profile).
  if (env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY) {
    options.credentials = { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY };
  }
  const client = new S3Client(options);

  return {
    kind: 's3',
    put: (key, data, contentType) => call('put', async () => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: prefix + key, Body: typeof data === 'string' ? Buffer.from(data, 'utf8') : data, ContentType: contentType }));
    }),
    get: async (key) => {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + key }));
        return res.Body ? Buffer.from(await res.Body.transformToByteArray()) : Buffer.alloc(0);
      } catch (err) {
        if (isMissing(err)) return null;
        return call('get', () => Promise.reject(err));
      }
    },
    copy: async (from, to) => {
      try {
        // Server-side: the bytes never come here. Our keys are URL-safe already; encodeURI keeps them as they are.
        await client.send(new CopyObjectCommand({ Bucket: bucket, Key: prefix + to, CopySource: `${bucket}/${encodeURI(prefix + from)}` }));
        return true;
      } catch (err) {
        if (isMissing(err)) return false;
        return call('copy', () => Promise.reject(err));
      }
    },
    delete: (keys) => call('delete', async () => {
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        const res = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((k) => ({ Key: prefix + k })), Quiet: true } }));
        if (res.Errors?.length) throw new Error(`${res.Errors.length} object(s) not deleted: ${res.Errors[0]?.Code} ${res.Errors[0]?.Message}`);
      }
    }),
    list: (start) => call('list', async () => {
      const out: StoredObject[] = [];
      let token: string | undefined;
      do {
        const res = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix + start, ContinuationToken: token }));
        for (const o of res.Contents ?? []) if (o.Key) out.push({ key: o.Key.slice(prefix.length), modifiedMs: o.LastModified?.getTime() ?? 0 });
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
      return out;
    }),
  };
}
