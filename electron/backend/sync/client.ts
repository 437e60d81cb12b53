import { z } from 'zod';
import { dossierEventSchema } from '../../../shared/dossier/events';
import {
  type EnrolValue,
  enrolValueSchema,
  errorEnvelopeSchema,
  type NumbersValue,
  numbersValueSchema,
  okEnvelope,
  type PushValue,
  pulledEventSchema,
  pullValueSchema,
  pushResponseSchema,
  type ReferenceValue,
  referenceValueSchema,
  reviewValueSchema,
  SERVER_TIME_HEADER,
  SYNC_BASE_PATH,
} from '../../../shared/sync/protocol';

/** A pull page as the client first reads it: the envelope checked, the events not yet. */
const pullPageSchema = pullValueSchema.extend({ events: z.array(z.unknown()) });
export type PullPage = z.infer<typeof pullPageSchema>;

/** One pulled event with the full event schema (what the engine stores). */
export const pulledItemSchema = pulledEventSchema.extend({ event: dossierEventSchema });

/** One HTTP exchange as the sync client sees it (the test suites put faults in between). */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}
export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** Node's fetch (undici), with a time-out. */
export const fetchTransport: Transport = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const body = request.method === 'HEAD' ? new Uint8Array() : new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers, body };
};

/** The server refused the request (4xx/5xx with the protocol's error envelope, or none). */
export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${status} ${code}: ${serverMessage}`);
    this.name = 'SyncHttpError';
  }
  /** The device is no longer allowed: stop and ask for a new enrolment. */
  get unauthorised(): boolean {
    return this.status === 401;
  }
}

/** No answer: refused connection, reset, time-out, or an answer that is not the protocol's. */
export class SyncNetworkError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'SyncNetworkError';
  }
}

export interface ClientOptions {
  serverUrl: string;
  token?: string | null;
  transport?: Transport;
  language?: 'vi' | 'en';
  now?: () => number;
  timeoutMs?: number;
  /** Every answer's server time, the local time it arrived and the round trip (for the clock check). */
  onServerTime?: (serverTime: string, localMs: number, roundTripMs: number) => void;
}

/** Normalises what an officer types: scheme added, trailing slashes and a pasted /sync/v1 removed. */
export function normaliseServerUrl(input: string): string {
  let url = input.trim();
  if (!/^https?:\/\//i.test(url)) url = `http://${url}`;
  const parsed = new URL(url);
  let path = parsed.pathname.replace(/\/+$/, '');
  if (path.endsWith(SYNC_BASE_PATH)) path = path.slice(0, -SYNC_BASE_PATH.length);
  return `${parsed.protocol}//${parsed.host}${path}`;
}

/** The sync protocol v1 over HTTP (shared/sync/protocol.ts); every answer is validated with zod. */
export class SyncClient {
  readonly serverUrl: string;
  private readonly transport: Transport;
  private readonly now: () => number;
  private readonly timeoutMs: number;

  constructor(private readonly options: ClientOptions) {
    this.serverUrl = normaliseServerUrl(options.serverUrl);
    this.transport = options.transport ?? fetchTransport;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  get token(): string | null {
    return this.options.token ?? null;
  }

  authHeaders(): Record<string, string> {
    return this.options.token ? { authorization: `Bearer ${this.options.token}` } : {};
  }

  private async exchange(
    method: TransportRequest['method'],
    path: string,
    /** The JSON body, already serialised. */
    body?: string,
    timeoutMs = this.timeoutMs,
  ): Promise<TransportResponse> {
    const headers: Record<string, string> = {
      ...this.authHeaders(),
      'accept-language': this.options.language ?? 'vi',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const started = this.now();
    let response: TransportResponse;
    try {
      response = await this.transport({
        method,
        url: `${this.serverUrl}${path}`,
        headers,
        body,
        timeoutMs,
      });
    } catch (error) {
      throw new SyncNetworkError(error instanceof Error ? error.message : String(error), error);
    }
    const serverTime = response.headers[SERVER_TIME_HEADER];
    if (serverTime) this.options.onServerTime?.(serverTime, this.now(), this.now() - started);
    return response;
  }

  private json(response: TransportResponse): unknown {
    try {
      // A view of the body, not a copy of it (a pull page is up to 5 MB).
      const { buffer, byteOffset, byteLength } = response.body;
      return JSON.parse(Buffer.from(buffer, byteOffset, byteLength).toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  private fail(response: TransportResponse): never {
    const parsed = errorEnvelopeSchema.safeParse(this.json(response));
    if (parsed.success) {
      const { code, message, params } = parsed.data.error;
      throw new SyncHttpError(response.status, code, message, params);
    }
    if (response.status >= 500 || response.status === 0) {
      throw new SyncHttpError(response.status, 'SERVER_UNAVAILABLE', `HTTP ${response.status}`);
    }
    throw new SyncNetworkError(`unexpected answer HTTP ${response.status}`);
  }

  private async call<S extends z.ZodType>(
    schema: S,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<z.output<S>> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const response = await this.exchange(method, `${SYNC_BASE_PATH}${path}`, text);
    if (response.status !== 200) this.fail(response);
    const parsed = okEnvelope(schema).safeParse(this.json(response));
    if (!parsed.success) throw new SyncNetworkError(`malformed answer to ${method} ${path}`);
    return (parsed.data as { value: z.output<S> }).value;
  }

  enrol(code: string, deviceName: string): Promise<EnrolValue> {
    return this.call(enrolValueSchema, 'POST', '/enrol', { code, deviceName });
  }

  /**
   * Push answers 200 or 422 with acknowledgements in both cases. `body` is the batch already
   * serialised as `{"events":[…]}` (the engine measures it against MAX_REQUEST_BYTES).
   */
  async push(body: string): Promise<PushValue> {
    const response = await this.exchange('POST', `${SYNC_BASE_PATH}/push`, body);
    if (response.status === 200 || response.status === 422) {
      const parsed = pushResponseSchema.safeParse(this.json(response));
      if (parsed.success) return parsed.data.value;
    }
    return this.fail(response);
  }

  /**
   * One pull page. The envelope is checked here; each event is checked once, by the engine, against
   * the full event schema (`pulledItemSchema`), so an unreadable event can be named.
   */
  pull(after: number, limit: number): Promise<PullPage> {
    return this.call(pullPageSchema, 'GET', `/pull?after=${after}&limit=${limit}`);
  }

  reference(since: number): Promise<ReferenceValue> {
    return this.call(referenceValueSchema, 'GET', `/reference?since=${since}`);
  }

  numbers(dates: readonly string[], size?: number): Promise<NumbersValue> {
    return this.call(numbersValueSchema, 'POST', '/numbers', size ? { dates, size } : { dates });
  }

  review(after: number): Promise<z.output<typeof reviewValueSchema>> {
    return this.call(reviewValueSchema, 'GET', `/review?after=${after}&limit=500`);
  }

  /** Liveness of the server (no authentication). */
  async health(timeoutMs = 5000): Promise<boolean> {
    try {
      const response = await this.exchange('GET', '/health', undefined, timeoutMs);
      return response.status === 200;
    } catch {
      return false;
    }
  }

  async hasAttachment(sha256: string): Promise<boolean> {
    const response = await this.exchange('HEAD', `${SYNC_BASE_PATH}/attachments/${sha256}`);
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    return this.fail(response);
  }

  async attachment(sha256: string): Promise<{ bytes: Uint8Array; mime: string }> {
    const response = await this.exchange('GET', `${SYNC_BASE_PATH}/attachments/${sha256}`, undefined, 300_000);
    if (response.status !== 200) this.fail(response);
    return { bytes: response.body, mime: response.headers['content-type'] ?? 'application/octet-stream' };
  }
}
