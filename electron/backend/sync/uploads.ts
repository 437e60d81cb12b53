import { UPLOAD_PATH } from '../../../shared/sync/protocol';
import type { Database } from '../db/sqlite';
import { loadTus } from '../libraries';

export interface UploadRequest {
  serverUrl: string;
  token: string;
  sha256: string;
  bytes: Buffer;
  /** The URL of an upload started before (resumed from the server's offset), if any. */
  resumeUrl: string | null;
  /** Called as soon as the server created the upload, so a crash resumes instead of starting over. */
  onUrl: (url: string) => void;
  chunkSize?: number;
}

/**
 * Uploads one file with the tus protocol (files before facts): creation, PATCH in chunks, resumed
 * from the server's offset after an interruption. The server hashes the bytes on the last PATCH and
 * refuses a mismatch (422); retries are the sync engine's (backoff), not the library's.
 */
export async function uploadFile(request: UploadRequest): Promise<void> {
  const { Upload } = await loadTus();
  return new Promise((resolve, reject) => {
    const upload = new Upload(request.bytes, {
      endpoint: `${request.serverUrl}${UPLOAD_PATH}`,
      uploadUrl: request.resumeUrl ?? undefined,
      headers: { authorization: `Bearer ${request.token}` },
      metadata: { sha256: request.sha256, filename: `${request.sha256}.pdf` },
      chunkSize: request.chunkSize ?? 4 * 1024 * 1024,
      uploadSize: request.bytes.length,
      retryDelays: [],
      storeFingerprintForResuming: false,
      onUploadUrlAvailable: () => {
        if (upload.url) request.onUrl(upload.url);
      },
      onSuccess: () => resolve(),
      onError: (error) => reject(error),
    });
    upload.start();
  });
}

export type UploadState = 'pending' | 'done' | 'missing';

export function uploadRow(
  db: Database,
  sha256: string,
): { state: UploadState; upload_url: string | null; attempts: number } | undefined {
  return db.get('SELECT state, upload_url, attempts FROM sync_upload WHERE sha256 = ?', sha256);
}

export function setUpload(
  db: Database,
  sha256: string,
  state: UploadState,
  at: string,
  fields: { url?: string | null; error?: string | null; attempt?: boolean } = {},
): void {
  db.run(
    `INSERT INTO sync_upload (sha256, state, upload_url, attempts, last_error, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (sha256) DO UPDATE SET state = excluded.state,
       upload_url = CASE WHEN ? THEN excluded.upload_url ELSE sync_upload.upload_url END,
       attempts = sync_upload.attempts + excluded.attempts, last_error = excluded.last_error,
       updated_at = excluded.updated_at`,
    sha256,
    state,
    fields.url ?? null,
    fields.attempt ? 1 : 0,
    fields.error ?? null,
    at,
    fields.url !== undefined ? 1 : 0,
  );
}
