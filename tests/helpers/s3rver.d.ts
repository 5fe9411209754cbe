// s3rver ships no types: the part of its API the tests use (see its README).
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';
  interface Options {
    address?: string; port?: number; silent?: boolean; directory?: string; resetOnClose?: boolean;
    configureBuckets?: Array<{ name: string; configs: Array<string | Buffer> }>;
  }
  export default class S3rver {
    constructor(options: Options);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
