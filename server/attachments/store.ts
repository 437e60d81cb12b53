import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live, addressed by their SHA-256. The filesystem store is the default; an
 * S3-compatible store would implement the same interface (see README, "Central server").
 */
export interface AttachmentStore {
  has(sha256: string): boolean;
  /** Moves a verified file into the store (a no-op when the bytes are already there). */
  put(sha256: string, file: string): Promise<void>;
  read(sha256: string): { stream: Readable; size: number } | null;
}

/** `<dir>/ab/cd/<sha256>`: two levels of 256 folders keep directories small. */
export function fileAttachmentStore(dir: string): AttachmentStore {
  const pathOf = (sha: string) => join(dir, sha.slice(0, 2), sha.slice(2, 4), sha);
  return {
    has: (sha) => existsSync(pathOf(sha)),
    put: async (sha, file) => {
      const target = pathOf(sha);
      if (existsSync(target)) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(dirname(target), { recursive: true });
      const temp = `${target}.part-${process.pid}-${Date.now()}`;
      try {
        renameSync(file, temp);
      } catch {
        await copyFile(file, temp);
        rmSync(file, { force: true });
      }
      renameSync(temp, target);
    },
    read: (sha) => {
      const p = pathOf(sha);
      if (!existsSync(p)) return null;
      return { stream: createReadStream(p), size: statSync(p).size };
    },
  };
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
