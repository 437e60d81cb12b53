import type { HandlersOf } from '../../../shared/contract/api';
import type { attachmentsCalls } from '../../../shared/contract/attachments';
import { AppError } from '../../../shared/contract/result';
import type { CallContext } from '../context';
import type { Database } from '../db/sqlite';
import { bindToDossier, findReusable, getFile, getLink, listForDossier, recordReuse, todayLocal } from './repository';
import { AttachmentStore } from './store';

export interface AttachmentsDeps {
  db: Database;
  dataDir: string;
  /** Seals attachment files at rest (backend.attachmentsKey); null writes them plain. */
  attachmentsKey?: Buffer | null;
  now?: () => number;
}

export function attachmentsHandlers(deps: AttachmentsDeps): HandlersOf<typeof attachmentsCalls, CallContext> {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const store = new AttachmentStore(deps.dataDir, { key: deps.attachmentsKey });
  return {
    'attachments.get': ({ id }) => getLink(db, id),
    'attachments.list': ({ dossierId }) => listForDossier(db, dossierId),
    'attachments.content': async ({ sha256, offset, length }) => {
      const file = getFile(db, sha256);
      if (!file) throw new AppError('ATTACHMENT_NOT_FOUND', { id: sha256 });
      const { bytes, total } = await store.read(sha256, offset, length);
      return {
        sha256,
        mime: file.mime,
        offset,
        total,
        base64: bytes.toString('base64'),
        done: offset + bytes.length >= total,
      };
    },
    'attachments.bind': ({ ids, dossierId }) => bindToDossier(db, ids, dossierId),
    'attachments.findReusable': ({ ownerIdNumber, componentCode, componentName, today }) =>
      findReusable(db, { ownerIdNumber, componentCode, componentName, today: today ?? todayLocal(now()) }),
    'attachments.reuse': ({ id, link, digitizedBy, today }) =>
      recordReuse(db, {
        id,
        dossierId: link.dossierId,
        componentIndex: link.componentIndex,
        digitizedBy,
        today: today ?? todayLocal(now()),
        now: now(),
      }),
  };
}
