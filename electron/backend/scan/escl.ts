import { z } from 'zod';
import type { ColourMode, ScanDevice, ScannerCapabilities, ScanOptions, ScanSource } from '../../../shared/scan/schema';
import {
  closestResolution,
  ScanError,
  type ScannedPage,
  type Scanner,
  type ScanResult,
  splitDeviceId,
} from './scanner';

/** Inner text of every element with this local name (namespace prefixes ignored). */
function texts(xml: string, local: string): string[] {
  const re = new RegExp(`<(?:[\\w-]+:)?${local}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${local}>`, 'g');
  return [...xml.matchAll(re)].map((m) => (m[1] ?? '').trim());
}
function section(xml: string, local: string): string | null {
  return texts(xml, local)[0] ?? null;
}

const capsSchema = z.object({
  makeAndModel: z.string().max(300),
  sources: z.array(z.enum(['flatbed', 'adf', 'adf-duplex'])),
  resolutions: z.array(z.number().int().min(50).max(4800)),
  modes: z.array(z.enum(['color', 'gray', 'lineart'])),
  formats: z.array(z.string().max(100)),
  maxWidth: z.number().int().positive().nullable(),
  maxHeight: z.number().int().positive().nullable(),
});
export type EsclCapabilities = z.infer<typeof capsSchema>;

const modeOf: Record<string, ColourMode> = {
  RGB24: 'color',
  RGB48: 'color',
  Grayscale8: 'gray',
  Grayscale16: 'gray',
  BlackAndWhite1: 'lineart',
};
const escModeOf: Record<ColourMode, string> = { color: 'RGB24', gray: 'Grayscale8', lineart: 'BlackAndWhite1' };

/** Parses `GET /eSCL/ScannerCapabilities` (validated: a reply that does not fit is refused). */
export function parseEsclCapabilities(xml: string): EsclCapabilities {
  if (!/ScannerCapabilities/.test(xml)) throw new ScanError('SCANNER_FAILED', { detail: 'not eSCL capabilities' });
  const sources: ScanSource[] = [];
  const inputs = [section(xml, 'Platen'), section(xml, 'Adf')].filter((s): s is string => s !== null);
  if (section(xml, 'Platen') !== null) sources.push('flatbed');
  const adf = section(xml, 'Adf');
  if (adf !== null) {
    sources.push('adf');
    if (section(adf, 'AdfDuplexInputCaps') !== null) sources.push('adf-duplex');
  }
  const all = inputs.join('\n');
  const resolutions = [...new Set(texts(all, 'XResolution').map(Number))].filter(Number.isFinite).sort((a, b) => a - b);
  const modes = [...new Set(texts(all, 'ColorMode').flatMap((m) => (modeOf[m] ? [modeOf[m]] : [])))];
  const formats = [...new Set([...texts(all, 'DocumentFormat'), ...texts(all, 'DocumentFormatExt')])];
  const num = (v: string | undefined) => (v === undefined || !/^\d+$/.test(v) ? null : Number(v));
  const parsed = capsSchema.safeParse({
    makeAndModel: section(xml, 'MakeAndModel') ?? 'eSCL scanner',
    sources,
    resolutions,
    modes,
    formats,
    maxWidth: num(texts(all, 'MaxWidth')[0]),
    maxHeight: num(texts(all, 'MaxHeight')[0]),
  });
  if (!parsed.success) throw new ScanError('SCANNER_FAILED', { detail: 'eSCL capabilities not understood' });
  return parsed.data;
}

/** The ScanSettings document of `POST /eSCL/ScanJobs`. */
export function esclScanSettings(options: ScanOptions, caps: EsclCapabilities, resolution: number, format: string) {
  // A4 in 1/300 inch, clipped to what the device can do.
  const width = Math.min(2480, caps.maxWidth ?? 2480);
  const height = Math.min(3508, caps.maxHeight ?? 3508);
  const source = options.source === 'flatbed' ? 'Platen' : 'Feeder';
  const mode = caps.modes.includes(options.mode) ? options.mode : (caps.modes[0] ?? 'gray');
  return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version>
  <pwg:ScanRegions>
    <pwg:ScanRegion>
      <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>
      <pwg:XOffset>0</pwg:XOffset><pwg:YOffset>0</pwg:YOffset>
      <pwg:Width>${width}</pwg:Width><pwg:Height>${height}</pwg:Height>
    </pwg:ScanRegion>
  </pwg:ScanRegions>
  <pwg:InputSource>${source}</pwg:InputSource>
  <scan:Duplex>${options.source === 'adf-duplex'}</scan:Duplex>
  <scan:ColorMode>${escModeOf[mode]}</scan:ColorMode>
  <scan:XResolution>${resolution}</scan:XResolution>
  <scan:YResolution>${resolution}</scan:YResolution>
  <pwg:DocumentFormat>${format}</pwg:DocumentFormat>
  <scan:DocumentFormatExt>${format}</scan:DocumentFormatExt>
</scan:ScanSettings>`;
}

/** `host`, `host:port`, `http://host:port` or a full eSCL root URL → the eSCL root (…/eSCL). */
export function normaliseEsclAddress(address: string): string {
  let text = address.trim();
  if (!/^https?:\/\//i.test(text)) text = `http://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ScanError('SCANNER_NOT_FOUND', { device: address.slice(0, 100) });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ScanError('SCANNER_NOT_FOUND', { device: address.slice(0, 100) });
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path === '' ? '/eSCL' : path}`;
}

export interface EsclOptions {
  /** Time limit of each request (a scan of one page at 600 dpi can be slow: the default is generous). */
  requestTimeoutMs?: number;
  /** How long to wait between NextDocument polls when the device says 503 (busy, still scanning). */
  retryDelayMs?: number;
  maxRetries?: number;
}

/**
 * eSCL / AirScan network scanners over plain HTTP. Known endpoints are the ones added by address and
 * the ones mDNS discovery reported (see discovery.ts).
 */
export class EsclScanner implements Scanner {
  readonly kind = 'escl' as const;
  private readonly endpoints = new Map<string, { name: string; origin: 'mdns' | 'manual' }>();
  private readonly caps = new Map<string, EsclCapabilities>();

  constructor(private readonly config: EsclOptions = {}) {}

  /** Registers an endpoint; returns its device. */
  add(address: string, origin: 'mdns' | 'manual', name?: string): ScanDevice {
    const root = normaliseEsclAddress(address);
    const existing = this.endpoints.get(root);
    const entry = { name: name ?? existing?.name ?? root, origin: existing?.origin ?? origin };
    this.endpoints.set(root, entry);
    return { id: `escl:${root}`, kind: 'escl', name: entry.name, origin: entry.origin };
  }

  async listDevices(): Promise<ScanDevice[]> {
    return [...this.endpoints].map(([root, e]) => ({
      id: `escl:${root}`,
      kind: 'escl',
      name: e.name,
      origin: e.origin,
    }));
  }

  private async request(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(this.config.requestTimeoutMs ?? 120_000);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    return fetch(url, { ...init, signal: combined, redirect: 'error' });
  }

  async probe(root: string, signal?: AbortSignal): Promise<EsclCapabilities> {
    let response: Response;
    try {
      response = await this.request(`${root}/ScannerCapabilities`, { method: 'GET' }, signal);
    } catch (error) {
      if (signal?.aborted) throw new ScanError('SCAN_CANCELLED');
      throw new ScanError('SCANNER_NOT_FOUND', { device: root, detail: errorText(error) });
    }
    if (!response.ok) throw new ScanError('SCANNER_NOT_FOUND', { device: root, detail: `HTTP ${response.status}` });
    const caps = parseEsclCapabilities(await readLimited(response, 2_000_000));
    this.caps.set(root, caps);
    return caps;
  }

  async capabilities(deviceId: string, signal?: AbortSignal): Promise<ScannerCapabilities> {
    const caps = await this.probe(esclRoot(deviceId), signal);
    return { sources: caps.sources, resolutions: caps.resolutions, modes: caps.modes, formats: caps.formats };
  }

  async scan(
    deviceId: string,
    options: ScanOptions,
    onPage: (page: ScannedPage) => void | Promise<void>,
    signal?: AbortSignal,
  ): Promise<ScanResult> {
    const root = esclRoot(deviceId);
    const caps = this.caps.get(root) ?? (await this.probe(root, signal));
    if (!caps.sources.includes(options.source)) {
      throw new ScanError('SCANNER_OPTION_UNSUPPORTED', { option: options.source });
    }
    const resolution = caps.resolutions.length
      ? closestResolution(caps.resolutions, options.resolution)
      : options.resolution;
    const format = ['image/png', 'image/jpeg'].find((f) => caps.formats.includes(f)) ?? 'image/jpeg';
    let jobUrl: string;
    try {
      const response = await this.request(
        `${root}/ScanJobs`,
        {
          method: 'POST',
          headers: { 'content-type': 'text/xml' },
          body: esclScanSettings(options, caps, resolution, format),
        },
        signal,
      );
      if (response.status === 503) throw new ScanError('SCANNER_BUSY', { device: root });
      if (response.status === 409) throw new ScanError('SCANNER_FEEDER_EMPTY');
      const location = response.headers.get('location');
      if (response.status !== 201 || !location) {
        throw new ScanError('SCANNER_FAILED', { device: root, detail: `HTTP ${response.status}` });
      }
      await response.body?.cancel();
      jobUrl = new URL(location, `${root}/`).toString().replace(/\/+$/, '');
      if (new URL(jobUrl).host !== new URL(root).host) {
        throw new ScanError('SCANNER_FAILED', { device: root, detail: 'job on another host' });
      }
    } catch (error) {
      if (error instanceof ScanError) throw error;
      if (signal?.aborted) throw new ScanError('SCAN_CANCELLED');
      throw new ScanError('SCANNER_FAILED', { device: root, detail: errorText(error) });
    }

    let pages = 0;
    let retries = 0;
    const limit = options.maxPages ?? Number.POSITIVE_INFINITY;
    while (pages < limit) {
      let response: Response;
      let bytes: Buffer;
      try {
        response = await this.request(`${jobUrl}/NextDocument`, { method: 'GET' }, signal);
        if (response.status === 404) {
          await response.body?.cancel();
          break;
        }
        if (response.status === 503 && retries < (this.config.maxRetries ?? 30)) {
          await response.body?.cancel();
          retries++;
          await delay(this.config.retryDelayMs ?? 1000, signal);
          continue;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        bytes = Buffer.from(await response.arrayBuffer());
      } catch (error) {
        if (signal?.aborted) {
          await this.request(jobUrl, { method: 'DELETE' }).catch(() => undefined);
          throw new ScanError('SCAN_CANCELLED');
        }
        if (pages === 0 && error instanceof Error && /HTTP 409/.test(error.message)) {
          throw new ScanError('SCANNER_FEEDER_EMPTY');
        }
        throw new ScanError(pages > 0 ? 'SCANNER_LOST' : 'SCANNER_FAILED', {
          device: root,
          count: pages,
          detail: errorText(error),
        });
      }
      retries = 0;
      const mime = (response.headers.get('content-type') ?? format).split(';')[0]?.trim() ?? format;
      await onPage({ index: pages, bytes, mime, dpi: resolution });
      pages++;
      if (options.source === 'flatbed') break;
    }
    if (pages >= limit) await this.request(jobUrl, { method: 'DELETE' }).catch(() => undefined);
    return { pages };
  }
}

function esclRoot(deviceId: string): string {
  const { kind, address } = splitDeviceId(deviceId);
  if (kind !== 'escl') throw new ScanError('SCANNER_NOT_FOUND', { device: deviceId });
  return normaliseEsclAddress(address);
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return (cause?.code ?? cause?.message ?? error.message).slice(0, 200);
}

async function readLimited(response: Response, max: number): Promise<string> {
  const text = await response.text();
  if (text.length > max) throw new ScanError('SCANNER_FAILED', { detail: 'reply too large' });
  return text;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new ScanError('SCAN_CANCELLED'));
      },
      { once: true },
    );
  });
}
