import { join } from 'node:path';
import type { HandlersOf } from '../../../shared/contract/api';
import { errorData } from '../../../shared/contract/dispatch';
import { AppError } from '../../../shared/contract/result';
import type { scanCalls } from '../../../shared/contract/scan';
import type { Language } from '../../../shared/i18n';
import { todayLocal } from '../attachments/repository';
import { AttachmentStore, type FreeSpace } from '../attachments/store';
import type { CallContext } from '../context';
import type { Database } from '../db/sqlite';
import { assembleComponent } from './digitize';
import { findCccd } from './qr';
import { type RegistryOptions, ScannerRegistry } from './registry';
import { ScanError } from './scanner';
import { ScanSessions, type SessionError } from './session';
import { FolderWatcher } from './watch';

export interface ScanDeps {
  db: Database;
  dataDir: string;
  /** Seals the assembled PDFs at rest (backend.attachmentsKey); null writes them plain. */
  attachmentsKey?: Buffer | null;
  registry?: RegistryOptions;
  freeSpace?: FreeSpace;
  minFreeBytes?: number;
  now?: () => number;
}

/** ScanError → AppError, so the dispatcher translates it. */
async function scanning<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ScanError) throw new AppError(error.code, error.params);
    throw error;
  }
}

export interface ScanService {
  registry: ScannerRegistry;
  sessions: ScanSessions;
  store: AttachmentStore;
  handlers: HandlersOf<typeof scanCalls, CallContext>;
  close(): Promise<void>;
}

export function createScanService(deps: ScanDeps): ScanService {
  const now = deps.now ?? Date.now;
  const registry = new ScannerRegistry(deps.db, deps.registry);
  const sessions = new ScanSessions({
    dataDir: deps.dataDir,
    scannerFor: (id) => {
      try {
        return registry.scannerFor(id);
      } catch (error) {
        if (error instanceof ScanError) throw new AppError(error.code, error.params);
        throw error;
      }
    },
    freeSpace: deps.freeSpace,
    minFreeBytes: deps.minFreeBytes,
    now,
  });
  const store = new AttachmentStore(deps.dataDir, { key: deps.attachmentsKey });
  let watcher: FolderWatcher | null = null;
  let watchSession: string | null = null;

  const translate = (language: Language) => (e: SessionError) => {
    const data = errorData(e.code, language, e.params);
    return { code: data.code, message: data.message };
  };
  const view = (id: string, ctx: CallContext) => sessions.view(id, translate(ctx.language));

  const handlers: HandlersOf<typeof scanCalls, CallContext> = {
    'scan.devices': ({ discover }) => scanning(() => registry.listDevices(discover)),
    'scan.capabilities': ({ deviceId }) => scanning(() => registry.scannerFor(deviceId).capabilities(deviceId)),
    'scan.addNetworkScanner': ({ address }) => scanning(() => registry.addNetworkScanner(address)),
    'scan.start': async (input) => ({
      sessionId: await scanning(() =>
        sessions.start({
          deviceId: input.deviceId,
          options: input.options,
          sessionId: input.sessionId,
          target: input.target,
        }),
      ),
    }),
    'scan.session': ({ sessionId }, ctx) => view(sessionId, ctx),
    'scan.sessions': (_input, ctx) => sessions.list(translate(ctx.language)),
    'scan.cancel': async ({ sessionId }, ctx) => {
      await sessions.cancel(sessionId);
      return view(sessionId, ctx);
    },
    'scan.reorder': async ({ sessionId, pageIds }, ctx) => {
      await sessions.reorder(sessionId, pageIds);
      return view(sessionId, ctx);
    },
    'scan.rotate': async ({ sessionId, pageId, degrees }, ctx) => {
      await sessions.rotate(sessionId, pageId, degrees);
      return view(sessionId, ctx);
    },
    'scan.deletePage': async ({ sessionId, pageId }, ctx) => {
      await sessions.deletePage(sessionId, pageId);
      return view(sessionId, ctx);
    },
    'scan.close': async ({ sessionId }) => ({ closed: await sessions.close(sessionId) }),
    'scan.assemble': (input) => assembleComponent({ db: deps.db, store, sessions, now }, input),
    'scan.importFile': async (input, ctx) => {
      const result = await sessions.importFile({
        sessionId: input.sessionId,
        fileName: input.fileName,
        path: input.path,
        bytes: input.base64 !== undefined ? Buffer.from(input.base64, 'base64') : undefined,
      });
      return {
        sessionId: result.sessionId,
        added: result.added,
        failures: result.failures.map((f) => ({
          page: f.page,
          code: f.code,
          message: errorData(f.code, ctx.language, { page: f.page, name: input.fileName }).message,
        })),
        session: view(result.sessionId, ctx),
      };
    },
    'scan.watchFolder': async ({ folder, sessionId }) => {
      watcher?.stop();
      watcher = null;
      watchSession = null;
      if (folder === null) return { folder: null, sessionId: null };
      const next = new FolderWatcher(folder, {
        onFile: async (path, name) => {
          const result = await sessions.importFile({ sessionId: watchSession ?? undefined, fileName: name, path });
          watchSession = result.sessionId;
        },
      });
      await next.start().catch(() => {
        throw new AppError('WATCH_FOLDER_UNAVAILABLE', { folder: folder.slice(0, 200) });
      });
      watcher = next;
      watchSession = sessionId ?? null;
      return { folder, sessionId: watchSession };
    },
    'scan.findCccd': async ({ sessionId, pageId }, ctx) => {
      const pages = await sessions.pagesFor(sessionId, pageId ? [pageId] : undefined);
      const today = todayLocal(now());
      let invalid: { pageId: string; text: string; code: string; params: Record<string, string | number> } | null =
        null;
      for (const { record, bytes } of pages) {
        if (record.type !== 'image') continue;
        const found = await findCccd(bytes, record.rotation, today);
        if (!found) continue;
        if (found.applicant) {
          return { found: true, pageId: record.id, text: found.text, applicant: found.applicant, error: null };
        }
        if (found.error && !invalid) {
          invalid = { pageId: record.id, text: found.text, code: found.error.code, params: found.error.params };
        }
      }
      if (invalid) {
        const data = errorData(invalid.code, ctx.language, invalid.params);
        return {
          found: true,
          pageId: invalid.pageId,
          text: invalid.text,
          applicant: null,
          error: { code: data.code, message: data.message },
        };
      }
      return { found: false, pageId: null, text: null, applicant: null, error: null };
    },
  };

  return {
    registry,
    sessions,
    store,
    handlers,
    close: async () => {
      watcher?.stop();
      await sessions.closeAll();
    },
  };
}

/** The scan calls of the contract (see createScanService for the service behind them). */
export function scanHandlers(deps: ScanDeps): HandlersOf<typeof scanCalls, CallContext> {
  return createScanService(deps).handlers;
}

export const scanSessionsFolder = (dataDir: string) => join(dataDir, 'scan-sessions');
