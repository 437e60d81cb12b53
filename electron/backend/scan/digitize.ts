import { availableParallelism } from 'node:os';
import { AppError } from '../../../shared/contract/result';
import type { AttachmentView, DigitizationMetadata, OutputProfile } from '../../../shared/scan/schema';
import { insertAttachment } from '../attachments/repository';
import type { AttachmentStore } from '../attachments/store';
import type { Database } from '../db/sqlite';
import { assemblePdf, mapLimit, type PdfSourcePage, type ProcessedPage, processPage } from './assemble';
import type { ScanSessions } from './session';

/** Pages processed at once: sharp runs each on the libuv pool (measured in bench/scan.bench.ts). */
export const pageConcurrency = Math.max(2, Math.min(4, availableParallelism()));

export interface AssembleInput {
  sessionId: string;
  pageIds?: readonly string[];
  profile: OutputProfile;
  dropBlank: boolean;
  metadata: DigitizationMetadata;
  link: { dossierId: string | null; componentIndex: number | null };
}

/**
 * Session pages → one component PDF → content-addressed file + metadata row. The file is written (atomic)
 * before its row; the pages leave the session only once both are there, so a failure leaves the
 * session as it was.
 */
export async function assembleComponent(
  deps: { db: Database; store: AttachmentStore; sessions: ScanSessions; now: () => number },
  input: AssembleInput,
): Promise<{ attachment: AttachmentView; droppedBlank: number; pages: number }> {
  const pages = await deps.sessions.pagesFor(input.sessionId, input.pageIds);
  const kept = input.dropBlank ? pages.filter((p) => !p.record.blank) : pages;
  if (kept.length === 0) throw new AppError('SCAN_ALL_BLANK', { count: pages.length });
  await deps.sessions.ensureSpace(kept.reduce((sum, p) => sum + p.bytes.length, 0));
  const processed = await mapLimit(
    kept,
    pageConcurrency,
    async ({ record, bytes }, i): Promise<ProcessedPage | PdfSourcePage> => {
      if (record.type === 'pdf') return { kind: 'pdf', bytes, pageIndex: record.pdfPage ?? 0 };
      try {
        return await processPage(bytes, {
          dpi: record.dpi,
          rotation: record.rotation,
          profile: input.profile,
          threshold: record.threshold,
        });
      } catch {
        throw new AppError('SCAN_PAGE_UNREADABLE', { page: i + 1 });
      }
    },
  );
  const pdf = await assemblePdf(processed, {
    title: input.metadata.componentName,
    author: input.metadata.digitizedBy,
    now: new Date(deps.now()),
  });
  const stored = await deps.store.put(pdf);
  const attachment = insertAttachment(deps.db, {
    sha256: stored.sha256,
    size: stored.size,
    mime: 'application/pdf',
    pageCount: processed.length,
    metadata: input.metadata,
    dossierId: input.link.dossierId,
    componentIndex: input.link.componentIndex,
    now: deps.now(),
  });
  await deps.sessions.removePages(
    input.sessionId,
    pages.map((p) => p.record.id),
  );
  return { attachment, droppedBlank: pages.length - kept.length, pages: processed.length };
}
