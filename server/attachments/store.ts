import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live, addressed by their SHA-256: files under a folder (the default) or
 * objects in an S3-compatible bucket (`./s3-store`, README "Central server"). Every method may
 * throw when the store cannot be reached; "not there" is `false` / `null`, never an error.
 */
export interface AttachmentStore {
  /** For logs and the readiness route. */
  readonly kind: 'fs' | 's3';
  has(sha256: string): Promise<boolean>;
  /** Takes a verified file into the store and removes it (only removes it when the bytes are already there). */
  put(sha256: string, file: string): Promise<void>;
  read(sha256: string): Promise<{ stream: Readable; size: number } | null>;
  /** Throws when the store cannot be reached or written (readiness). */
  check(): Promise<void>;
  /** Releases connections; called when the server closes. */
  close(): void;
}

/** `ab/cd/<sha256>`: two levels of 256 folders (or key prefixes) keep listings small. */
export const contentPath = (sha: string): string => `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;

/** The size of a file, or null when there is none (any other failure is thrown). */
async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** `<dir>/ab/cd/<sha256>`, each file written under a temporary name and renamed into place. */
export function fileAttachmentStore(dir: string): AttachmentStore {
  const pathOf = (sha: string) => join(dir, contentPath(sha));
  return {
    kind: 'fs',
    has: async (sha) => (await sizeOf(pathOf(sha))) !== null,
    put: async (sha, file) => {
      const target = pathOf(sha);
      if ((await sizeOf(target)) !== null) {
        await rm(file, { force: true });
        return;
      }
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.part-${process.pid}-${Date.now()}`;
      try {
        await rename(file, temp);
      } catch {
        await copyFile(file, temp);
        await rm(file, { force: true });
      }
      await rename(temp, target);
    },
    read: async (sha) => {
      const p = pathOf(sha);
      const size = await sizeOf(p);
      return size === null ? null : { stream: createReadStream(p), size };
    },
    check: async () => {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
    },
    close: () => undefined,
  };
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
