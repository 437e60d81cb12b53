/**
 * Attachments: resumable uploads with the tus 1.0 protocol (@tus/server + @tus/file-store, staged in
 * a local folder), verified by SHA-256 when the last byte arrives, then put in the attachment store
 * (files or an S3 bucket) by content hash before the row that lets events reference them; downloads
 * for the offices that may see a dossier referencing the file.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pino from 'pino';
import { SERVER_TIME_HEADER, SYNC_BASE_PATH, sha256Schema, UPLOAD_PATH } from '../../shared/sync/protocol';
import type { ServerDatabase } from '../db/database';
import { authenticateDevice, type Device } from '../enrolment/devices';
import { errorBody, ServerFailure, serverTime } from '../http/errors';
import { visibleOffices } from '../office/offices';
import { type AttachmentStore, sha256OfFile } from './store';

/**
 * @tus/file-store's constructor starts an mkdir whose callback throws on failure (an uncaught
 * exception that would stop the process if the folder vanished meanwhile). The folder is created
 * synchronously before, so that check is skipped.
 */
class PreparedFileStore extends FileStore {}
Object.defineProperty(PreparedFileStore.prototype, 'checkOrCreateDirectory', { value: () => undefined });

/** Set by this server on the raw request after authentication (a client's own value is replaced). */
const DEVICE_HEADER = 'x-motcua-authenticated-device';

export interface AttachmentOptions {
  db: ServerDatabase;
  log: pino.Logger;
  store: AttachmentStore;
  /** Folder of unfinished uploads. */
  uploadDir: string;
  maxBytes: number;
}

/** Replaces a header of the raw request, in `headers` and `rawHeaders` (which @tus/server reads). */
function setTrustedHeader(raw: IncomingMessage, name: string, value: string | null): void {
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.rawHeaders.length; i += 2) {
    const key = raw.rawHeaders[i] ?? '';
    if (key.toLowerCase() !== name) kept.push(key, raw.rawHeaders[i + 1] ?? '');
  }
  if (value !== null) kept.push(name, value);
  raw.rawHeaders.splice(0, raw.rawHeaders.length, ...kept);
  if (value === null) delete raw.headers[name];
  else raw.headers[name] = value;
}

function tusError(status: number, language: 'vi' | 'en', code: string, params: Record<string, string | number> = {}) {
  return {
    status_code: status,
    body: JSON.stringify({ ok: false, error: errorBody(language, code, params), serverTime: serverTime() }),
  };
}

export async function attachmentRoutes(app: FastifyInstance, options: AttachmentOptions): Promise<void> {
  const { db, store, log } = options;
  mkdirSync(options.uploadDir, { recursive: true });
  const datastore = new PreparedFileStore({ directory: options.uploadDir });
  const tus = new TusServer({
    path: UPLOAD_PATH,
    datastore,
    maxSize: options.maxBytes,
    relativeLocation: true,
    respectForwardedHeaders: true,
    onUploadCreate: async (req, upload) => {
      const language = req.headers.get('accept-language')?.toLowerCase().startsWith('en') ? 'en' : 'vi';
      const sha = upload.metadata?.sha256 ?? '';
      if (!sha256Schema.safeParse(sha).success) throw tusError(400, language, 'ATTACHMENT_METADATA');
      return { metadata: { ...upload.metadata, sha256: sha, deviceId: req.headers.get(DEVICE_HEADER) ?? '' } };
    },
    onUploadFinish: async (req, upload) => {
      const language = req.headers.get('accept-language')?.toLowerCase().startsWith('en') ? 'en' : 'vi';
      const claimed = upload.metadata?.sha256 ?? '';
      const file = join(options.uploadDir, upload.id);
      const actual = await sha256OfFile(file);
      if (actual !== claimed) {
        await datastore.remove(upload.id).catch(() => undefined);
        log.warn({ uploadId: upload.id, claimed, actual }, 'attachment hash mismatch, upload deleted');
        throw tusError(422, language, 'ATTACHMENT_HASH_MISMATCH', { claimed, actual });
      }
      try {
        await store.put(actual, file);
      } catch (error) {
        // The bytes are complete here, so a resumed upload would be "finished" without ever reaching
        // the store: delete it, so the desktop's next attempt starts a new upload.
        await datastore.remove(upload.id).catch(() => undefined);
        log.error({ err: error, uploadId: upload.id, sha256: actual }, 'attachment store unreachable, upload deleted');
        throw tusError(503, language, 'ATTACHMENT_STORE_UNAVAILABLE');
      }
      rmSync(`${file}.json`, { force: true });
      const deviceId = upload.metadata?.deviceId || null;
      await db.query(
        `INSERT INTO attachments (sha256, size, uploaded_by) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`,
        [actual, upload.size ?? upload.offset, deviceId],
      );
      log.info({ sha256: actual, size: upload.size, deviceId }, 'attachment stored');
      return {};
    },
  });

  await app.register(async (scope) => {
    // tus bodies are streamed by @tus/server itself: Fastify must leave them unread.
    scope.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
    const handler = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
      const device = request.method === 'OPTIONS' ? null : await authenticateDevice(db, request.headers.authorization);
      setTrustedHeader(request.raw, DEVICE_HEADER, device?.id ?? null);
      reply.raw.setHeader(SERVER_TIME_HEADER, serverTime());
      reply.hijack();
      await tus.handle(request.raw, reply.raw);
    };
    scope.all(UPLOAD_PATH, handler);
    scope.all(`${UPLOAD_PATH}/*`, handler);
  });

  app.head<{ Params: { sha256: string } }>(`${SYNC_BASE_PATH}/attachments/:sha256`, async (request, reply) => {
    await authenticateDevice(db, request.headers.authorization);
    const sha = request.params.sha256;
    const [row] = sha256Schema.safeParse(sha).success
      ? await db.query<{ size: string }>('SELECT size FROM attachments WHERE sha256 = $1', [sha])
      : [];
    if (!row || !(await fromStore(log, () => store.has(sha)))) return reply.code(404).send();
    return reply.code(200).header('content-length', row.size).send();
  });

  app.get<{ Params: { sha256: string } }>(
    `${SYNC_BASE_PATH}/attachments/:sha256`,
    { exposeHeadRoute: false },
    async (request, reply) => {
      const device = await authenticateDevice(db, request.headers.authorization);
      const sha = request.params.sha256;
      if (!sha256Schema.safeParse(sha).success)
        throw new ServerFailure('ATTACHMENT_NOT_FOUND', 404, { sha256: sha.slice(0, 80) });
      if (!(await mayRead(db, device, sha))) {
        const [exists] = await db.query('SELECT 1 FROM attachments WHERE sha256 = $1', [sha]);
        throw exists
          ? new ServerFailure('ATTACHMENT_FORBIDDEN', 403)
          : new ServerFailure('ATTACHMENT_NOT_FOUND', 404, { sha256: sha });
      }
      const file = await fromStore(log, () => store.read(sha));
      if (!file) throw new ServerFailure('ATTACHMENT_NOT_FOUND', 404, { sha256: sha });
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', file.size)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(file.stream);
    },
  );
}

/** A store that cannot be reached answers 503 (the desktop tries again later), not a bare 500. */
async function fromStore<T>(log: pino.Logger, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    log.error({ err: error }, 'attachment store unreachable');
    throw new ServerFailure('ATTACHMENT_STORE_UNAVAILABLE', 503);
  }
}

/** The device's office uploaded it, or may see a dossier whose accepted events reference it. */
async function mayRead(db: ServerDatabase, device: Device, sha: string): Promise<boolean> {
  const offices = await visibleOffices(db, device.officeId);
  const [row] = await db.query(
    `SELECT 1 FROM attachments a WHERE a.sha256 = $1 AND (
       EXISTS (SELECT 1 FROM devices d WHERE d.id = a.uploaded_by AND d.office_id = $2)
       OR EXISTS (SELECT 1 FROM event_attachments ea JOIN dossier_access da ON da.dossier_id = ea.dossier_id
                   WHERE ea.sha256 = $1 AND da.office_id = ANY($3)))`,
    [sha, device.officeId, offices],
  );
  return row !== undefined;
}
