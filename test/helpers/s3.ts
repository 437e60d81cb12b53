import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3StoreOptions } from '../../server/attachments/s3-store';
import { tempDir } from './backend';

export interface TestS3 {
  /** The S3 store's settings for this server's bucket (keys under `attachments/`). */
  options: S3StoreOptions;
  /** A client of this server (to take the bucket away and bring it back, say). */
  client: S3Client;
  /** Every key in the bucket, read over the S3 API. */
  keys: () => Promise<string[]>;
  /** Stops the server (again: no-op). */
  close: () => Promise<void>;
}

/**
 * A real S3-compatible server over HTTP on loopback (s3rver: the S3 REST API over a folder, SigV4
 * signatures checked, credentials S3RVER/S3RVER), with an empty bucket. No MinIO binary is needed.
 */
export async function startTestS3(bucket = 'motcua-attachments'): Promise<TestS3> {
  const dir = tempDir('motcua-s3-');
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: dir.dir,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const options: S3StoreOptions = {
    bucket,
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    prefix: 'attachments/',
  };
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: true,
    credentials: options.credentials,
  });
  let closed: Promise<void> | undefined;
  return {
    options,
    client,
    keys: async () => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        token = page.NextContinuationToken;
      } while (token);
      return keys;
    },
    close: () => {
      closed ??= (async () => {
        client.destroy();
        await server.close();
        dir.remove();
      })();
      return closed;
    },
  };
}
