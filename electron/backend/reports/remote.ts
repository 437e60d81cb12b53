/**
 * The central server's province-wide reports (shared/reports/remote.ts), asked for by the reports
 * handlers when this desktop is enrolled and the server answers within a short time-out; otherwise
 * the handlers compute from local data and say why. The sync engine is only read (its status); the
 * request carries the same device credential as the sync requests.
 */
import type { z } from 'zod';
import type { SyncStatus } from '../../../shared/contract/sync';
import type { Language } from '../../../shared/i18n';
import {
  REPORTS_PATH,
  type RemoteIi06a,
  type RemoteIndicators,
  type RemoteReportQuery,
  remoteIi06aSchema,
  remoteIndicatorsSchema,
} from '../../../shared/reports/remote';
import { errorEnvelopeSchema, okEnvelope } from '../../../shared/sync/protocol';
import type { Logger } from '../log';
import { fetchTransport, type Transport } from '../sync/client';
import type { CredentialStore } from '../sync/credentials';

/** Why a report was computed from this desktop's data. */
export type LocalReason = 'not-enrolled' | 'offline' | 'unreachable' | 'refused';

export type RemoteOutcome<T> =
  | { ok: true; value: T; serverTime: string; pendingLocal: number }
  | { ok: false; reason: LocalReason; detail?: string };

export interface RemoteReportSource {
  ii06a(query: RemoteReportQuery, language: Language): Promise<RemoteOutcome<RemoteIi06a>>;
  indicators766(query: RemoteReportQuery, language: Language): Promise<RemoteOutcome<RemoteIndicators>>;
}

export interface RemoteReportOptions {
  /** The sync engine's status (enrolled, online, server address, events not yet pushed). */
  status: () => Pick<SyncStatus, 'enrolled' | 'online' | 'serverUrl' | 'pendingEvents'>;
  credentials: CredentialStore;
  /** How long a report may wait for the server before computing locally (default 4 s). */
  timeoutMs?: number;
  transport?: Transport;
  log?: Logger;
}

export const DEFAULT_REMOTE_REPORT_TIMEOUT_MS = 4000;

export function remoteReports(options: RemoteReportOptions): RemoteReportSource {
  const transport = options.transport ?? fetchTransport;
  const timeoutMs = options.timeoutMs ?? DEFAULT_REMOTE_REPORT_TIMEOUT_MS;

  async function ask<S extends z.ZodType>(
    path: string,
    schema: S,
    query: RemoteReportQuery,
    language: Language,
  ): Promise<RemoteOutcome<z.output<S>>> {
    let status: ReturnType<RemoteReportOptions['status']>;
    try {
      status = options.status();
    } catch {
      return { ok: false, reason: 'not-enrolled' };
    }
    const token = options.credentials.read();
    if (!status.enrolled || !status.serverUrl || !token) return { ok: false, reason: 'not-enrolled' };
    // The engine found the server unreachable: do not make the supervisor wait for a time-out.
    if (status.online === false) return { ok: false, reason: 'offline' };
    const params = new URLSearchParams({ from: query.from, to: query.to });
    if (query.officeId) params.set('officeId', query.officeId);
    const started = Date.now();
    let response: Awaited<ReturnType<Transport>>;
    try {
      response = await transport({
        method: 'GET',
        url: `${status.serverUrl}${REPORTS_PATH}${path}?${params}`,
        headers: { authorization: `Bearer ${token}`, 'accept-language': language },
        timeoutMs,
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      options.log?.info({ path, detail, ms: Date.now() - started }, 'report server unreachable, computing locally');
      return { ok: false, reason: 'unreachable', detail };
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(response.body).toString('utf8'));
    } catch {
      body = undefined;
    }
    if (response.status === 200) {
      const parsed = okEnvelope(schema).safeParse(body);
      if (parsed.success) {
        const envelope = parsed.data as { value: z.output<S>; serverTime: string };
        return {
          ok: true,
          value: envelope.value,
          serverTime: envelope.serverTime,
          pendingLocal: status.pendingEvents,
        };
      }
      options.log?.warn({ path }, 'malformed report answer, computing locally');
      return { ok: false, reason: 'unreachable', detail: 'malformed answer' };
    }
    const failure = errorEnvelopeSchema.safeParse(body);
    const detail = failure.success ? failure.data.error.message : `HTTP ${response.status}`;
    options.log?.info({ path, status: response.status, detail }, 'report refused by the server, computing locally');
    return { ok: false, reason: response.status >= 500 ? 'unreachable' : 'refused', detail };
  }

  return {
    ii06a: (query, language) => ask('/ii06a', remoteIi06aSchema, query, language),
    indicators766: (query, language) => ask('/indicators766', remoteIndicatorsSchema, query, language),
  };
}
