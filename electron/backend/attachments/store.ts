import { createHash, randomUUID } from 'node:crypto';
import { promises as fs, constants as fsConstants } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../../shared/contract/result';
import { isSealed, openSealed, sealFile } from '../accounts/secret';

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

/** What an AttachmentStore needs besides its folder: the sealing key (optional) and test hooks. */
export interface AttachmentStoreOptions extends WriteHooks {
  /**
   * The AES-256-GCM key for files at rest (`backend.attachmentsKey`). With it, new files are sealed
   * (sealFile, the SHA-256 of the plain bytes bound as AAD) and plain files written before are still
   * read (and sealed by `sealPlainFiles`). Without it, files are written plain (tests of other parts).
   */
  key?: Buffer | null;
}

/** Bytes a sealed file adds to the plain content: `MCA1` + 12-byte nonce + 16-byte tag. */
export const SEAL_OVERHEAD = 4 + 12 + 16;

/**
 * Content-addressed files under `<dataDir>/attachments/ab/cdef…`: the name is the SHA-256 of the PLAIN
 * bytes, so a file is written once however many components use it, and any corruption is detectable.
 * With a key the bytes on disk are sealed (AES-256-GCM); every read opens and checks them, so the rest
 * of the application (viewer, sync upload, scan assembly) only ever sees the plain bytes.
 */
export class AttachmentStore {
  readonly root: string;
  private readonly key: Buffer | null;
  private readonly hooks: WriteHooks;
  /**
   * The last file opened (the viewer reads one file in slices): its plain bytes, kept while the file on
   * disk is unchanged (same inode, size and modification time).
   */
  private last: { sha256: string; stamp: string; bytes: Buffer } | null = null;

  constructor(dataDir: string, options: AttachmentStoreOptions = {}) {
    this.root = join(dataDir, 'attachments');
    this.key = options.key ?? null;
    this.hooks = { beforeRename: options.beforeRename };
  }

  /** True when new files are sealed. */
  get sealing(): boolean {
    return this.key !== null;
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('ATTACHMENT_NOT_FOUND', { id: sha256.slice(0, 64) });
    return join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  /** What goes on disk for these plain bytes. */
  private encode(sha256: string, bytes: Uint8Array): Uint8Array {
    return this.key ? sealFile(this.key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), sha256) : bytes;
  }

  /**
   * Stores the bytes (once) and returns the SHA-256 of the plain content. A file already there is kept
   * if it reads back as these bytes; a plain one is sealed now when the store has a key.
   */
  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number; path: string }> {
    const sha256 = sha256Hex(bytes);
    const path = this.pathOf(sha256);
    const existing = await fs.readFile(path).catch(() => null);
    const state = existing ? this.classify(sha256, existing) : 'missing';
    if (state === 'missing' || state === 'corrupt' || (state === 'plain' && this.key)) {
      await writeFileAtomic(path, this.encode(sha256, bytes), this.hooks);
    }
    return { sha256, size: bytes.length, path };
  }

  async has(sha256: string): Promise<boolean> {
    return (await fs.stat(this.pathOf(sha256)).catch(() => null)) !== null;
  }

  /** How a file on disk stands against its name. */
  private classify(sha256: string, raw: Buffer): 'plain' | 'sealed' | 'corrupt' {
    if (sha256Hex(raw) === sha256) return 'plain';
    if (this.key && isSealed(raw)) {
      try {
        const plain = openSealed(this.key, raw, sha256);
        return sha256Hex(plain) === sha256 ? 'sealed' : 'corrupt';
      } catch {
        return 'corrupt';
      }
    }
    return 'corrupt';
  }

  /**
   * The plain bytes of a file, checked against its name: a sealed file is opened (a changed byte, a
   * wrong key or a file moved under another name fails the GCM tag); a plain file written before
   * encryption is read as it is. Anything else is ATTACHMENT_CORRUPT.
   */
  async readAll(sha256: string): Promise<Buffer> {
    const path = this.pathOf(sha256);
    const stats = await fs.stat(path, { bigint: true }).catch(() => {
      throw new AppError('ATTACHMENT_FILE_MISSING', { sha256 });
    });
    const stamp = `${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
    if (this.last?.sha256 === sha256 && this.last.stamp === stamp) return this.last.bytes;
    const raw = await fs.readFile(path).catch(() => {
      throw new AppError('ATTACHMENT_FILE_MISSING', { sha256 });
    });
    let plain: Buffer;
    if (isSealed(raw) && sha256Hex(raw) !== sha256) {
      if (!this.key) throw new AppError('ATTACHMENT_CORRUPT', { sha256 });
      try {
        plain = openSealed(this.key, raw, sha256);
      } catch {
        throw new AppError('ATTACHMENT_CORRUPT', { sha256 });
      }
    } else {
      plain = raw;
    }
    if (sha256Hex(plain) !== sha256) throw new AppError('ATTACHMENT_CORRUPT', { sha256 });
    this.last = { sha256, stamp, bytes: plain };
    return plain;
  }

  /** A slice of the plain content. */
  async read(sha256: string, offset: number, length: number): Promise<{ bytes: Buffer; total: number }> {
    const plain = await this.readAll(sha256);
    const total = plain.length;
    const start = Math.max(0, Math.min(offset, total));
    const end = Math.max(start, Math.min(total, start + Math.max(0, length)));
    return { bytes: plain.subarray(start, end), total };
  }

  /** True when the file opens and its plain bytes still hash to its name. */
  async verify(sha256: string): Promise<boolean> {
    const raw = await fs.readFile(this.pathOf(sha256)).catch(() => null);
    return raw !== null && this.classify(sha256, raw) !== 'corrupt';
  }

  /** True when the file on disk is sealed (tests, and the migration's report). */
  async isSealedOnDisk(sha256: string): Promise<boolean> {
    const raw = await fs.readFile(this.pathOf(sha256)).catch(() => null);
    return raw !== null && this.classify(sha256, raw) === 'sealed';
  }

  /**
   * The migration path: seals, one by one and atomically, every plain file written before the store
   * had a key (a file that does not match its name is left alone and counted). Safe to interrupt and
   * to run again; readers accept both forms meanwhile.
   */
  async sealPlainFiles(): Promise<{ sealed: number; alreadySealed: number; corrupt: number }> {
    const report = { sealed: 0, alreadySealed: 0, corrupt: 0 };
    if (!this.key) return report;
    const prefixes = await fs.readdir(this.root).catch(() => [] as string[]);
    for (const prefix of prefixes) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const rest of await fs.readdir(join(this.root, prefix)).catch(() => [] as string[])) {
        const sha256 = prefix + rest;
        if (!/^[0-9a-f]{64}$/.test(sha256)) continue;
        const raw = await fs.readFile(this.pathOf(sha256)).catch(() => null);
        if (!raw) continue;
        const state = this.classify(sha256, raw);
        if (state === 'plain') {
          await writeFileAtomic(this.pathOf(sha256), this.encode(sha256, raw), this.hooks);
          report.sealed++;
        } else if (state === 'sealed') report.alreadySealed++;
        else report.corrupt++;
      }
    }
    return report;
  }
}
