import { randomUUID } from 'node:crypto';
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatInstant } from '../../../shared/calendar/time';
import { AppError, type ErrorParams } from '../../../shared/contract/result';
import type { ScanOptions, ScanPage, ScanSessionView } from '../../../shared/scan/schema';
import { type FreeSpace, statfsFreeSpace, writeFileAtomic } from '../attachments/store';
import { analysePage, type Rotation } from './assemble';
import { checkImportBytes, type ImportedPage, readImportFile, splitPages } from './file-import';
import { ScanError, type Scanner } from './scanner';

/** Space kept free on the data disk: a batch does not start below it. */
export const defaultMinFreeBytes = 500 * 1024 * 1024;

const pageRecordSchema = z.object({
  id: z.string().uuid(),
  file: z.string().regex(/^[0-9a-f-]{36}\.(png|jpg|tif|pnm|pdf)$/),
  mime: z.string(),
  dpi: z.number().positive(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  ink: z.number().min(0).max(1),
  blank: z.boolean(),
  threshold: z.number().int().min(0).max(255).nullable().default(null),
  type: z.enum(['image', 'pdf']),
  pdfPage: z.number().int().min(0).nullable(),
  thumbnail: z.string().nullable(),
  origin: z.string(),
});
export type PageRecord = z.infer<typeof pageRecordSchema>;

const manifestSchema = z.object({
  id: z.string().uuid(),
  deviceId: z.string().nullable(),
  target: z.object({ componentIndex: z.number().int().nullable(), componentName: z.string().nullable() }),
  pages: z.array(pageRecordSchema),
  startedAt: z.string(),
  updatedAt: z.string(),
  error: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }).nullable(),
  status: z.enum(['idle', 'scanning', 'done', 'cancelled', 'failed']),
  scanned: z.number().int().nonnegative(),
});
type Manifest = z.infer<typeof manifestSchema>;

interface Session extends Manifest {
  dir: string;
  abort: AbortController | null;
  running: Promise<void> | null;
}

export interface SessionDeps {
  dataDir: string;
  scannerFor: (deviceId: string) => Scanner;
  freeSpace?: FreeSpace;
  minFreeBytes?: number;
  now?: () => number;
}

const extOf: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/tiff': 'tif',
  'image/x-portable-anymap': 'pnm',
  'application/pdf': 'pdf',
};

/** The error of a session, to be translated when shown. */
export type SessionError = { code: string; params: ErrorParams };

/**
 * Scan sessions: in memory, with each page's image written to `<dataDir>/scan-sessions/<id>/` as it
 * arrives and a manifest beside it, so pages already scanned survive a scanner that vanishes mid-batch
 * (and a restart of the application).
 */
export class ScanSessions {
  private readonly sessions = new Map<string, Session>();
  readonly root: string;

  constructor(private readonly deps: SessionDeps) {
    this.root = join(deps.dataDir, 'scan-sessions');
    this.restore();
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Reloads the sessions a previous run left on disk (a scan that was running is marked failed). */
  private restore(): void {
    let names: string[] = [];
    try {
      names = readdirSync(this.root);
    } catch {
      return;
    }
    for (const name of names) {
      try {
        const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(this.root, name, 'session.json'), 'utf8')));
        if (manifest.id !== name) continue;
        const interrupted = manifest.status === 'scanning';
        this.sessions.set(name, {
          ...manifest,
          status: interrupted ? 'failed' : manifest.status,
          error: interrupted ? { code: 'SCAN_INTERRUPTED', params: {} } : manifest.error,
          dir: join(this.root, name),
          abort: null,
          running: null,
        });
      } catch {
        // A folder without a readable manifest is not a session: leave it alone.
      }
    }
  }

  private async save(session: Session): Promise<void> {
    session.updatedAt = formatInstant(this.now());
    const { dir: _dir, abort: _abort, running: _running, ...manifest } = session;
    await writeFileAtomic(join(session.dir, 'session.json'), Buffer.from(JSON.stringify(manifest)));
  }

  private get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw new AppError('SCAN_SESSION_NOT_FOUND', { id });
    return session;
  }

  private async create(deviceId: string | null, target: Manifest['target']): Promise<Session> {
    const id = randomUUID();
    const at = formatInstant(this.now());
    const session: Session = {
      id,
      deviceId,
      target,
      pages: [],
      startedAt: at,
      updatedAt: at,
      error: null,
      status: 'idle',
      scanned: 0,
      dir: join(this.root, id),
      abort: null,
      running: null,
    };
    await fs.mkdir(session.dir, { recursive: true });
    await this.save(session);
    this.sessions.set(id, session);
    return session;
  }

  /** Refuses to start work when the data disk is nearly full. */
  async ensureSpace(extra = 0): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    const free = await (this.deps.freeSpace ?? statfsFreeSpace)(this.root);
    const needed = (this.deps.minFreeBytes ?? defaultMinFreeBytes) + extra;
    if (free < needed) {
      throw new AppError('DISK_FULL', { freeMb: Math.floor(free / 1048576), neededMb: Math.ceil(needed / 1048576) });
    }
  }

  /** Starts a scan into a new or existing session; pages arrive in the background (poll `view`). */
  async start(input: {
    deviceId: string;
    options: ScanOptions;
    sessionId?: string;
    target: Manifest['target'];
  }): Promise<string> {
    const scanner = this.deps.scannerFor(input.deviceId);
    await this.ensureSpace();
    const session = input.sessionId ? this.get(input.sessionId) : await this.create(input.deviceId, input.target);
    if (session.status === 'scanning') throw new AppError('SCAN_ALREADY_RUNNING', { id: session.id });
    session.deviceId = input.deviceId;
    session.target = input.target;
    session.status = 'scanning';
    session.error = null;
    session.scanned = 0;
    const abort = new AbortController();
    session.abort = abort;
    await this.save(session);
    session.running = (async () => {
      try {
        await scanner.scan(
          input.deviceId,
          input.options,
          async (page) => {
            await this.addImagePage(session, page.bytes, page.mime, page.dpi, input.deviceId);
            session.scanned++;
          },
          abort.signal,
        );
        session.status = 'done';
      } catch (error) {
        if (error instanceof ScanError && error.code === 'SCAN_CANCELLED') session.status = 'cancelled';
        else {
          session.status = 'failed';
          session.error =
            error instanceof ScanError || error instanceof AppError
              ? { code: error.code, params: error.params }
              : { code: 'SCANNER_FAILED', params: { device: input.deviceId, detail: String(error).slice(0, 200) } };
        }
      } finally {
        session.abort = null;
        await this.save(session).catch(() => undefined);
      }
    })();
    return session.id;
  }

  /** Waits for the session's scan to end (tests, and closing the application). */
  async settled(id: string): Promise<void> {
    await this.get(id).running;
  }

  private async addImagePage(
    session: Session,
    bytes: Buffer,
    mime: string,
    dpi: number,
    origin: string,
  ): Promise<PageRecord> {
    const id = randomUUID();
    const file = `${id}.${extOf[mime] ?? 'png'}`;
    let analysis: Awaited<ReturnType<typeof analysePage>>;
    try {
      analysis = await analysePage(bytes);
    } catch {
      throw new AppError('SCAN_PAGE_UNREADABLE', { page: session.pages.length + 1 });
    }
    await writeFileAtomic(join(session.dir, file), bytes);
    const record: PageRecord = {
      id,
      file,
      mime,
      dpi,
      width: analysis.width,
      height: analysis.height,
      rotation: 0,
      ink: analysis.ink,
      blank: analysis.blank,
      threshold: analysis.threshold,
      type: 'image',
      pdfPage: null,
      thumbnail: analysis.thumbnail,
      origin,
    };
    session.pages.push(record);
    await this.save(session);
    return record;
  }

  view(id: string, translate: (e: SessionError) => { code: string; message: string }): ScanSessionView {
    const s = this.get(id);
    return {
      id: s.id,
      status: s.status,
      deviceId: s.deviceId,
      target: s.target,
      pages: s.pages.map((p, i) => pageView(p, i)),
      scanned: s.scanned,
      error: s.error ? translate(s.error) : null,
      startedAt: s.startedAt,
      updatedAt: s.updatedAt,
    };
  }

  list(translate: (e: SessionError) => { code: string; message: string }) {
    return [...this.sessions.keys()].map((id) => {
      const { pages, ...rest } = this.view(id, translate);
      return { ...rest, pageCount: pages.length };
    });
  }

  async cancel(id: string): Promise<void> {
    const session = this.get(id);
    session.abort?.abort();
    await session.running;
  }

  async reorder(id: string, pageIds: readonly string[]): Promise<void> {
    const session = this.get(id);
    const byId = new Map(session.pages.map((p) => [p.id, p]));
    if (
      pageIds.length !== session.pages.length ||
      new Set(pageIds).size !== pageIds.length ||
      pageIds.some((p) => !byId.has(p))
    ) {
      throw new AppError('SCAN_REORDER_MISMATCH', { count: session.pages.length });
    }
    session.pages = pageIds.map((p) => byId.get(p) as PageRecord);
    await this.save(session);
  }

  async rotate(id: string, pageId: string, degrees: 90 | 180 | 270 | -90): Promise<void> {
    const session = this.get(id);
    const page = this.page(session, pageId);
    if (page.type === 'pdf') throw new AppError('SCAN_PDF_PAGE_FIXED', {});
    page.rotation = ((((page.rotation + degrees) % 360) + 360) % 360) as Rotation;
    const analysis = await analysePage(await fs.readFile(join(session.dir, page.file)), page.rotation);
    page.thumbnail = analysis.thumbnail;
    page.width = analysis.width;
    page.height = analysis.height;
    await this.save(session);
  }

  async deletePage(id: string, pageId: string): Promise<void> {
    const session = this.get(id);
    const page = this.page(session, pageId);
    session.pages = session.pages.filter((p) => p.id !== pageId);
    await this.save(session);
    if (!session.pages.some((p) => p.file === page.file)) await fs.rm(join(session.dir, page.file), { force: true });
  }

  private page(session: Session, pageId: string): PageRecord {
    const page = session.pages.find((p) => p.id === pageId);
    if (!page) throw new AppError('SCAN_PAGE_NOT_FOUND', { id: pageId });
    return page;
  }

  /** The pages chosen for a component (all when none named), with their bytes. */
  async pagesFor(id: string, pageIds?: readonly string[]): Promise<{ record: PageRecord; bytes: Buffer }[]> {
    const session = this.get(id);
    if (session.status === 'scanning') throw new AppError('SCAN_ALREADY_RUNNING', { id });
    const records = pageIds ? pageIds.map((p) => this.page(session, p)) : session.pages;
    if (records.length === 0) throw new AppError('SCAN_NO_PAGES', {});
    const files = new Map<string, Buffer>();
    const out: { record: PageRecord; bytes: Buffer }[] = [];
    for (const record of records) {
      let bytes = files.get(record.file);
      if (!bytes) {
        bytes = await fs.readFile(join(session.dir, record.file));
        files.set(record.file, bytes);
      }
      out.push({ record, bytes });
    }
    return out;
  }

  /** Removes pages that went into a component. */
  async removePages(id: string, pageIds: readonly string[]): Promise<void> {
    const session = this.get(id);
    const gone = new Set(pageIds);
    const removed = session.pages.filter((p) => gone.has(p.id));
    session.pages = session.pages.filter((p) => !gone.has(p.id));
    await this.save(session);
    for (const page of removed) {
      if (!session.pages.some((p) => p.file === page.file)) await fs.rm(join(session.dir, page.file), { force: true });
    }
  }

  async close(id: string): Promise<boolean> {
    const session = this.sessions.get(id);
    if (!session) return false;
    session.abort?.abort();
    await session.running;
    this.sessions.delete(id);
    await fs.rm(session.dir, { recursive: true, force: true });
    return true;
  }

  async closeAll(): Promise<void> {
    for (const session of this.sessions.values()) session.abort?.abort();
    await Promise.all([...this.sessions.values()].map((s) => s.running));
  }

  /** Imports a file (path on this machine, or bytes) into a session; unreadable pages are reported. */
  async importFile(input: { sessionId?: string; fileName: string; path?: string; bytes?: Buffer }): Promise<{
    sessionId: string;
    added: number;
    failures: { page: number; code: string }[];
  }> {
    let bytes: Buffer;
    let type: ReturnType<typeof checkImportBytes>;
    if (input.path !== undefined) ({ bytes, type } = await readImportFile(input.path, input.fileName));
    else {
      bytes = input.bytes ?? Buffer.alloc(0);
      type = checkImportBytes(bytes, input.fileName);
    }
    await this.ensureSpace(bytes.length * 2);
    const pages: ImportedPage[] = await splitPages(bytes, type, input.fileName);
    if (!pages.some((p) => p.ok)) throw new AppError('IMPORT_CORRUPT', { name: input.fileName });
    const session = input.sessionId
      ? this.get(input.sessionId)
      : await this.create(null, { componentIndex: null, componentName: null });
    if (session.status === 'scanning') throw new AppError('SCAN_ALREADY_RUNNING', { id: session.id });
    const failures: { page: number; code: string }[] = [];
    let added = 0;
    let pdfFile: string | null = null;
    for (const page of pages) {
      if (!page.ok) {
        failures.push({ page: page.page, code: page.code });
        continue;
      }
      if (page.type === 'image') {
        try {
          await this.addImagePage(session, page.bytes, page.mime, page.dpi, input.fileName);
          added++;
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          failures.push({ page: added + failures.length + 1, code: 'IMPORT_PAGE_CORRUPT' });
        }
        continue;
      }
      if (pdfFile === null) {
        pdfFile = `${randomUUID()}.pdf`;
        await writeFileAtomic(join(session.dir, pdfFile), bytes);
      }
      session.pages.push({
        id: randomUUID(),
        file: pdfFile,
        mime: 'application/pdf',
        dpi: 72,
        width: Math.round(page.widthPt),
        height: Math.round(page.heightPt),
        rotation: 0,
        ink: 1,
        blank: false,
        threshold: null,
        type: 'pdf',
        pdfPage: page.pageIndex,
        thumbnail: null,
        origin: input.fileName,
      });
      added++;
    }
    await this.save(session);
    return { sessionId: session.id, added, failures };
  }
}

function pageView(p: PageRecord, index: number): ScanPage {
  return {
    id: p.id,
    position: index + 1,
    width: p.width,
    height: p.height,
    dpi: p.dpi,
    rotation: p.rotation,
    ink: Math.min(1, p.ink),
    blank: p.blank,
    type: p.type,
    thumbnail: p.thumbnail,
    origin: p.origin,
  };
}
