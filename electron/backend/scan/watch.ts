import { type FSWatcher, promises as fs, watch } from 'node:fs';
import { join } from 'node:path';

export interface FolderWatchOptions {
  /** How long a file's size must stay the same before it is taken (a scanner still writing it). */
  settleMs?: number;
  onFile: (path: string, name: string) => Promise<void>;
  onError?: (name: string, error: unknown) => void;
}

/**
 * Watches a folder a network scanner saves to (fs.watch): each new file, once its size has settled,
 * is handed to `onFile` once. Hidden and temporary names (`.x`, `*.tmp`, `*.part`) are ignored.
 */
export class FolderWatcher {
  private watcher: FSWatcher | null = null;
  private readonly seen = new Set<string>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly folder: string,
    private readonly options: FolderWatchOptions,
  ) {}

  async start(): Promise<void> {
    const stat = await fs.stat(this.folder);
    if (!stat.isDirectory()) throw new Error('not a folder');
    // Files already there are not imported: only what arrives while watching.
    for (const name of await fs.readdir(this.folder)) this.seen.add(name);
    this.watcher = watch(this.folder, (_event, name) => {
      if (typeof name === 'string') this.schedule(name);
    });
  }

  private schedule(name: string): void {
    if (this.seen.has(name) || name.startsWith('.') || /\.(tmp|part|crdownload)$/i.test(name)) return;
    clearTimeout(this.pending.get(name));
    this.pending.set(
      name,
      setTimeout(() => void this.check(name, -1), this.options.settleMs ?? 400),
    );
  }

  private async check(name: string, lastSize: number): Promise<void> {
    this.pending.delete(name);
    const path = join(this.folder, name);
    const stat = await fs.stat(path).catch(() => null);
    if (!stat?.isFile()) return;
    if (stat.size !== lastSize || stat.size === 0) {
      this.pending.set(
        name,
        setTimeout(() => void this.check(name, stat.size), this.options.settleMs ?? 400),
      );
      return;
    }
    if (this.seen.has(name)) return;
    this.seen.add(name);
    this.chain = this.chain.then(() =>
      this.options.onFile(path, name).catch((error) => this.options.onError?.(name, error)),
    );
    await this.chain;
  }

  /** Resolves when every file taken so far has been handled. */
  async idle(): Promise<void> {
    await this.chain;
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
