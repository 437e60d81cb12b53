import { createHash, randomUUID } from 'node:crypto';
import { promises as fs, constants as fsConstants } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../../shared/contract/result';

/** Free space of the file system holding a folder, in bytes (fs.statfs; injectable for tests). */
export type FreeSpace = (dir: string) => Promise<number>;

export const statfsFreeSpace: FreeSpace = async (dir) => {
  const stats = await fs.statfs(dir);
  return Number(stats.bavail) * Number(stats.bsize);
};

/** Refuses when the data folder's disk has less than `needed` bytes free. */
export async function ensureFreeSpace(dir: string, needed: number, freeSpace: FreeSpace = statfsFreeSpace) {
  await fs.mkdir(dir, { recursive: true });
  const free = await freeSpace(dir);
  if (free < needed) {
    throw new AppError('DISK_FULL', { freeMb: Math.floor(free / 1048576), neededMb: Math.ceil(needed / 1048576) });
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Test hook: runs between writing the bytes and renaming into place (a crash there must leave nothing). */
export interface WriteHooks {
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

/**
 * Writes bytes to `path` so that either the whole file or nothing is there: a temporary file in the same
 * folder, written and fsynced, renamed over the target, then the folder fsynced so the rename survives a
 * power cut. The temporary file is removed if anything fails.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array, hooks: WriteHooks = {}): Promise<void> {
  const dir = dirname(path);
  await fs.mkdir(dir, { recursive: true });
  const temp = join(dir, `.tmp-${randomUUID()}`);
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(temp, fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY, 0o600);
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
      written += bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = null;
    await hooks.beforeRename?.(temp);
    await fs.rename(temp, path);
  } catch (error) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  // Directories cannot be opened for fsync on Windows; there the rename is durable enough.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Content-addressed files under `<dataDir>/attachments/ab/cdef…`: the name is the SHA-256 of the bytes,
 * so a file is written once however many components use it, and any corruption is detectable.
 */
export class AttachmentStore {
  readonly root: string;

  constructor(
    dataDir: string,
    private readonly hooks: WriteHooks = {},
  ) {
    this.root = join(dataDir, 'attachments');
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('ATTACHMENT_NOT_FOUND', { id: sha256.slice(0, 64) });
    return join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  /** Stores the bytes (once) and returns their SHA-256. */
  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number; path: string }> {
    const sha256 = sha256Hex(bytes);
    const path = this.pathOf(sha256);
    const existing = await fs.stat(path).catch(() => null);
    if (!existing || existing.size !== bytes.length) await writeFileAtomic(path, bytes, this.hooks);
    return { sha256, size: bytes.length, path };
  }

  async has(sha256: string): Promise<boolean> {
    return (await fs.stat(this.pathOf(sha256)).catch(() => null)) !== null;
  }

  /** A slice of the file. */
  async read(sha256: string, offset: number, length: number): Promise<{ bytes: Buffer; total: number }> {
    const handle = await fs.open(this.pathOf(sha256), 'r').catch(() => {
      throw new AppError('ATTACHMENT_FILE_MISSING', { sha256 });
    });
    try {
      const total = (await handle.stat()).size;
      const size = Math.max(0, Math.min(length, total - offset));
      const bytes = Buffer.alloc(size);
      let read = 0;
      while (read < size) {
        const { bytesRead } = await handle.read(bytes, read, size - read, offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return { bytes: bytes.subarray(0, read), total };
    } finally {
      await handle.close();
    }
  }

  /** True when the file's bytes still hash to its name. */
  async verify(sha256: string): Promise<boolean> {
    const bytes = await fs.readFile(this.pathOf(sha256)).catch(() => null);
    return bytes !== null && sha256Hex(bytes) === sha256;
  }
}
