/**
 * Attachments in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, the S3 APIs of Vietnamese clouds),
 * keyed `<prefix>ab/cd/<sha256>` like the folders of the file store. The server loads this module
 * (and the AWS SDK, several MB) only when MOTCUA_ATTACHMENT_STORE=s3 (server/main.ts).
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type AttachmentStore, contentPath } from './store';

export interface S3StoreOptions {
  bucket: string;
  region: string;
  /** An S3-compatible service (`https://s3.example.vn`); absent for AWS itself. */
  endpoint?: string | undefined;
  /** `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint>/<key>` (MinIO, Ceph and most self-hosted services). */
  forcePathStyle: boolean;
  /** Absent: the SDK's default chain (AWS_ACCESS_KEY_ID…, a shared profile, an instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** Prepended to every key, ending with `/` when not empty (a bucket shared with other data). */
  prefix: string;
}

/** Parts of a multipart upload: S3's minimum is 5 MiB; two in flight bound the memory of one upload to 16 MiB. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;
/** A readiness probe answers within this, whatever the SDK's retries. */
const CHECK_TIMEOUT_MS = 5_000;

/** No such key: 404 (`NotFound` for HEAD, which has no body; `NoSuchKey` for GET). */
function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    error.$metadata.httpStatusCode === 404 &&
    (error.name === 'NotFound' || error.name === 'NoSuchKey')
  );
}

export function s3AttachmentStore(options: S3StoreOptions): AttachmentStore {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    // The server verifies every file's SHA-256 itself. The SDK's default CRC32 headers and
    // aws-chunked bodies are refused by several S3-compatible services, so send them only where
    // an operation requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = options.bucket;
  const keyOf = (sha: string) => `${options.prefix}${contentPath(sha)}`;

  const has = async (sha: string): Promise<boolean> => {
    try {
      await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(sha) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  };

  return {
    kind: 's3',
    has,
    put: async (sha, file) => {
      if (!(await has(sha))) {
        // One PutObject for a file smaller than a part, else a multipart upload (aborted on failure).
        const upload = new Upload({
          client,
          params: { Bucket, Key: keyOf(sha), Body: createReadStream(file), ContentType: 'application/octet-stream' },
          partSize: PART_BYTES,
          queueSize: PARTS_IN_FLIGHT,
        });
        await upload.done();
      }
      await rm(file, { force: true });
    },
    read: async (sha) => {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(sha) }));
        if (!(object.Body instanceof Readable) || object.ContentLength === undefined)
          throw new Error(`GetObject ${keyOf(sha)} answered without a stream or a length`);
        return { stream: object.Body, size: object.ContentLength };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    check: async () => {
      await client.send(new HeadBucketCommand({ Bucket }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    },
    close: () => client.destroy(),
  };
}
