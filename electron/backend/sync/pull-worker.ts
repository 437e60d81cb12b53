/**
 * The pull worker's thread (started by sync/pull-thread.ts): fetches one pull page after a cursor,
 * checks it with the protocol's schemas and prepares its events and projections (sync/page.ts), while
 * the back end's thread stores the page before. Nothing here touches the database.
 */
import { parentPort } from 'node:worker_threads';
import { createCalendar, type WorkingCalendar } from '../../../shared/calendar/calendar';
import { type PullPage, SyncClient, SyncHttpError } from './client';
import { readPulledItems } from './page';
import type { PullReply, PullRequest } from './pull-thread';

let calendar: { key: string; value: WorkingCalendar } | null = null;

function calendarFor(request: PullRequest): WorkingCalendar {
  const key = JSON.stringify(request.calendar);
  if (calendar?.key !== key) calendar = { key, value: createCalendar(request.calendar) };
  return calendar.value;
}

interface Fetched {
  page: PullPage;
  serverTime: { value: string; arrivedAt: number; roundTripMs: number } | null;
}

/** One page fetched with its own client, so that each answer keeps its own server time. */
async function fetchPage(request: PullRequest, after: number): Promise<Fetched> {
  const fetched: Fetched = { page: { events: [], nextCursor: after, hasMore: false }, serverTime: null };
  const client = new SyncClient({
    serverUrl: request.serverUrl,
    token: request.token,
    language: request.language,
    timeoutMs: request.timeoutMs,
    onServerTime: (value, arrivedAt, roundTripMs) => {
      fetched.serverTime = { value, arrivedAt, roundTripMs };
    },
  });
  fetched.page = await client.pull(after, request.limit);
  return fetched;
}

/**
 * The page after the last one sent, asked for as soon as that one arrived: the server answers while
 * this thread prepares the page before, and the engine asks for exactly this one next. Used only
 * within AHEAD_MS of asking (a later run asks the server again).
 */
let ahead: { key: string; at: number; promise: Promise<Fetched> } | null = null;
const AHEAD_MS = 10_000;

const keyOf = (request: PullRequest, after: number) =>
  `${request.serverUrl} ${request.token} ${request.limit} ${after}`;

async function read(request: PullRequest): Promise<PullReply> {
  try {
    const key = keyOf(request, request.after);
    const fresh = ahead?.key === key && Date.now() - ahead.at < AHEAD_MS;
    const promise = fresh && ahead ? ahead.promise : fetchPage(request, request.after);
    ahead = null;
    const { page, serverTime } = await promise;
    if (page.hasMore) {
      const next = fetchPage(request, page.nextCursor);
      next.catch(() => undefined);
      ahead = { key: keyOf(request, page.nextCursor), at: Date.now(), promise: next };
    }
    const reading = readPulledItems(page.events, { calendar: calendarFor(request) });
    return {
      id: request.id,
      ok: true,
      page: { nextCursor: page.nextCursor, hasMore: page.hasMore, reading },
      serverTime: serverTime && {
        value: serverTime.value,
        ageMs: Date.now() - serverTime.arrivedAt,
        roundTripMs: serverTime.roundTripMs,
      },
    };
  } catch (error) {
    if (error instanceof SyncHttpError) {
      const { status, code, serverMessage: message, params } = error;
      return { id: request.id, ok: false, error: { kind: 'http', status, code, message, params } };
    }
    return {
      id: request.id,
      ok: false,
      error: { kind: 'network', message: error instanceof Error ? error.message : String(error) },
    };
  }
}

parentPort?.on('message', (request: PullRequest) => {
  void read(request).then((reply) => parentPort?.postMessage(reply));
});
