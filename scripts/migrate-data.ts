// npm run migrate-data -- --to postgres://… [--storage s3://bucket/prefix]: copies the stopped SQLite instance in DATA_DIR
// (rows, instance secret, and with --storage its files) into an empty PostgreSQL database and S3 store, checked, all or
// nothing. Exit codes: 0 copied, 2 refused (the target already holds data), 1 anything else (nothing committed).
import { parseArgs } from 'node:util';
import { config } from '../src/lib/config';
import { objectStore } from '../src/lib/storage/objects';
import { createS3Store } from '../src/lib/storage/s3-objects';
import { formatReport, migrateData, MigrateDataError } from '../src/lib/migrate-data';

const USAGE = 'usage: npm run migrate-data -- --to postgres://user:password@host/db [--storage s3://bucket/prefix]';

async function main(): Promise<number> {
  let values: { to?: string; storage?: string };
  try {
    ({ values } = parseArgs({ options: { to: { type: 'string' }, storage: { type: 'string' } } }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  if (!values.to || !/^postgres(ql)?:\/\//i.test(values.to)) {
    console.error(USAGE);
    return 1;
  }
  let objects = null;
  if (values.storage) {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(values.storage);
    if (!m) {
      console.error(`--storage must look like s3://bucket/prefix\n${USAGE}`);
      return 1;
    }
    const [, bucket, prefix] = m as unknown as [string, string, string];
    const sourceEnv = process.env;
    if ((sourceEnv.STORAGE_PROVIDER ?? '').trim().toLowerCase() === 's3' && sourceEnv.S3_BUCKET_NAME?.trim() === bucket
      && (sourceEnv.S3_KEY_PREFIX ?? '').trim().replace(/^\/+|\/+$/g, '') === prefix.replace(/\/+$/, '')) {
      console.error(`chatshare: the files already are in ${values.storage} (STORAGE_PROVIDER=s3): leave out --storage.`);
      return 1;
    }
    // The endpoint, region, keys and addressing style come from the S3_* variables, as the server reads them.
    const target = createS3Store({ ...process.env, S3_BUCKET_NAME: bucket, S3_KEY_PREFIX: prefix });
    objects = { source: await objectStore(), target, label: values.storage };
  }
  const shown = values.to.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  console.log(`chatshare: copying ${config.dataDir} into ${shown}${objects ? ` and its files into ${objects.label}` : ''}`);
  try {
    const result = await migrateData({ dataDir: config.dataDir, to: values.to, objects, log: (l) => console.log(l) });
    console.log(formatReport(result, objects?.label ?? null));
    console.log(`chatshare: set DATABASE_URL=${shown}${objects ? ` and STORAGE_PROVIDER=s3 with S3_BUCKET_NAME=${objects.label.slice(5).split('/')[0]} S3_KEY_PREFIX=${objects.label.slice(5).split('/').slice(1).join('/')}` : ''}, then start the server.`);
    return 0;
  } catch (err) {
    if (err instanceof MigrateDataError) {
      console.error(`chatshare: ${err.message}`);
      return err.exitCode;
    }
    console.error(`chatshare: migrate-data failed, nothing was committed: ${(err as Error).stack ?? err}`);
    return 1;
  }
}

process.exitCode = await main();
