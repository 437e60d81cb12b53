import { type ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ColourMode, ScanDevice, ScannerCapabilities, ScanOptions, ScanSource } from '../../../shared/scan/schema';
import {
  closestResolution,
  resolutionsInRange,
  ScanError,
  type ScannedPage,
  type Scanner,
  type ScanResult,
  splitDeviceId,
} from './scanner';

export interface SaneOptions {
  /** The scanimage binary (default: `scanimage` on the PATH). */
  binary?: string;
  /** SANE_CONFIG_DIR for the child (a folder with its own dll.conf), e.g. to enable the `test` backend. */
  configDir?: string;
  /** Where scanimage writes pages before they are handed over (default: the OS temp folder). */
  workDir?: string;
  /** Extra device options appended to every scan (`--name=value`), for devices that need them. */
  extraArgs?: readonly string[];
  /** Time limit for listing and option queries. */
  queryTimeoutMs?: number;
}

const deviceLineSchema = z.tuple([
  z.string().min(1).max(300),
  z.string().max(200),
  z.string().max(200),
  z.string().max(200),
]);

/** Parses `scanimage -f '%d\t%v\t%m\t%t%n'` output into devices (lines that do not fit are skipped). */
export function parseSaneDeviceList(stdout: string): ScanDevice[] {
  const devices: ScanDevice[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    const parsed = deviceLineSchema.safeParse(line.split('\t'));
    if (!parsed.success) continue;
    const [name, vendor, model, type] = parsed.data;
    const label = [vendor, model].filter((s) => s && s !== 'Noname').join(' ') || name;
    devices.push({
      id: `sane:${name}`,
      kind: 'sane',
      name: `${label} (${type || 'scanner'}, ${name})`,
      origin: 'driver',
    });
  }
  return devices;
}

/** What `scanimage -A` says about one device, with the device's own names for sources and modes. */
export interface SaneDeviceOptions {
  capabilities: ScannerCapabilities;
  sourceNames: Partial<Record<ScanSource, string>>;
  modeNames: Partial<Record<ColourMode, string>>;
  /** A separate `--duplex` switch (some backends), rather than a duplex source. */
  duplexSwitch: boolean;
  /** Largest scan area, mm. */
  maxWidthMm: number | null;
  maxHeightMm: number | null;
}

const optionLine = /^\s+(-{1,2}[a-zA-Z][\w-]*)(\[=\(yes\|no\)\])?\s+(.*?)\s*(\[[^\]]*\])?\s*$/;

export function classifySource(name: string): ScanSource | null {
  if (/duplex/i.test(name)) return 'adf-duplex';
  if (/back/i.test(name) && /adf|feeder/i.test(name)) return null;
  if (/adf|feeder|automatic document/i.test(name)) return 'adf';
  if (/flatbed|platen|normal|glass/i.test(name)) return 'flatbed';
  return null;
}

export function classifyMode(name: string): ColourMode | null {
  if (/colou?r|rgb/i.test(name)) return 'color';
  if (/gr[ae]y/i.test(name)) return 'gray';
  if (/line ?art|binary|halftone|black ?& ?white|mono/i.test(name)) return 'lineart';
  return null;
}

/** Parses `scanimage -A -d <device>` (the device-specific options section). */
export function parseSaneOptions(stdout: string): SaneDeviceOptions {
  const sourceNames: Partial<Record<ScanSource, string>> = {};
  const modeNames: Partial<Record<ColourMode, string>> = {};
  let resolutions: number[] = [];
  let duplexSwitch = false;
  let maxWidthMm: number | null = null;
  let maxHeightMm: number | null = null;
  for (const line of stdout.split('\n')) {
    const m = optionLine.exec(line);
    if (!m) continue;
    const [, flag = '', boolean, values = '', current = ''] = m;
    if (current === '[inactive]') continue;
    if (flag === '--source') {
      for (const name of values.split('|')) {
        const kind = classifySource(name.trim());
        if (kind && !sourceNames[kind]) sourceNames[kind] = name.trim();
      }
    } else if (flag === '--mode') {
      for (const name of values.split('|')) {
        const kind = classifyMode(name.trim());
        if (kind && !modeNames[kind]) modeNames[kind] = name.trim();
      }
    } else if (flag === '--resolution') {
      const range = /^(\d+)\.\.(\d+)\s*dpi/.exec(values);
      if (range) resolutions = resolutionsInRange(Number(range[1]), Number(range[2]));
      else
        resolutions = values
          .replace(/dpi.*$/, '')
          .split('|')
          .map((v) => Number(v.trim()))
          .filter((v) => Number.isInteger(v) && v > 0);
    } else if (flag === '--duplex' && boolean) {
      duplexSwitch = true;
    } else if (flag === '-x' || flag === '-y') {
      const range = /^[\d.]+\.\.([\d.]+)\s*mm/.exec(values);
      if (range) {
        if (flag === '-x') maxWidthMm = Number(range[1]);
        else maxHeightMm = Number(range[1]);
      }
    }
  }
  if (duplexSwitch && sourceNames.adf && !sourceNames['adf-duplex']) sourceNames['adf-duplex'] = sourceNames.adf;
  if (Object.keys(sourceNames).length === 0) sourceNames.flatbed = '';
  const order: ScanSource[] = ['flatbed', 'adf', 'adf-duplex'];
  const modeOrder: ColourMode[] = ['color', 'gray', 'lineart'];
  return {
    capabilities: {
      sources: order.filter((s) => sourceNames[s] !== undefined),
      resolutions,
      modes: modeOrder.filter((s) => modeNames[s] !== undefined),
      formats: ['image/png'],
    },
    sourceNames,
    modeNames,
    duplexSwitch,
    maxWidthMm,
    maxHeightMm,
  };
}

interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * SANE through its command-line front end `scanimage` (sane-utils): `-f` lists devices, `-A` gives the
 * device options, `--batch --batch-print` scans a feeder page by page, printing each file name as soon
 * as the page is written, which is how pages stream to the session.
 */
export class SaneScanner implements Scanner {
  readonly kind = 'sane' as const;
  private readonly options: Map<string, SaneDeviceOptions> = new Map();

  constructor(private readonly config: SaneOptions = {}) {}

  private env(): NodeJS.ProcessEnv {
    return this.config.configDir ? { ...process.env, SANE_CONFIG_DIR: this.config.configDir } : process.env;
  }

  private run(args: string[], signal?: AbortSignal): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = spawn(this.config.binary ?? 'scanimage', args, {
          env: this.env(),
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: this.config.queryTimeoutMs ?? 30_000,
          signal,
        });
      } catch {
        reject(new ScanError('SCANNER_UNAVAILABLE', { driver: 'SANE' }));
        return;
      }
      let stdout = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
      });
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (error.name === 'AbortError') reject(new ScanError('SCAN_CANCELLED'));
        else reject(new ScanError('SCANNER_UNAVAILABLE', { driver: 'SANE' }));
      });
      child.on('close', (code) => resolve({ stdout, stderr, code }));
    });
  }

  async listDevices(signal?: AbortSignal): Promise<ScanDevice[]> {
    const result = await this.run(['-f', '%d\t%v\t%m\t%t%n'], signal);
    return parseSaneDeviceList(result.stdout);
  }

  private async deviceOptions(device: string, signal?: AbortSignal): Promise<SaneDeviceOptions> {
    const cached = this.options.get(device);
    if (cached) return cached;
    const result = await this.run(['-A', '-d', device], signal);
    if (result.code !== 0) throw saneError(result.stderr, device);
    const parsed = parseSaneOptions(result.stdout);
    this.options.set(device, parsed);
    return parsed;
  }

  async capabilities(deviceId: string, signal?: AbortSignal): Promise<ScannerCapabilities> {
    return (await this.deviceOptions(saneName(deviceId), signal)).capabilities;
  }

  async scan(
    deviceId: string,
    options: ScanOptions,
    onPage: (page: ScannedPage) => void | Promise<void>,
    signal?: AbortSignal,
  ): Promise<ScanResult> {
    if (signal?.aborted) throw new ScanError('SCAN_CANCELLED');
    const device = saneName(deviceId);
    const dev = await this.deviceOptions(device, signal);
    const args = ['-d', device, '--format=png'];
    const sourceName = dev.sourceNames[options.source];
    if (sourceName === undefined) throw new ScanError('SCANNER_OPTION_UNSUPPORTED', { option: options.source });
    if (sourceName) args.push('--source', sourceName);
    if (options.source === 'adf-duplex' && dev.duplexSwitch) args.push('--duplex=yes');
    const modeName = dev.modeNames[options.mode] ?? dev.modeNames.gray ?? dev.modeNames.color;
    if (modeName) args.push('--mode', modeName);
    const dpi = dev.capabilities.resolutions.length
      ? closestResolution(dev.capabilities.resolutions, options.resolution)
      : options.resolution;
    args.push('--resolution', String(dpi));
    if (dev.maxWidthMm !== null) args.push('-x', String(Math.min(210, dev.maxWidthMm)));
    if (dev.maxHeightMm !== null) args.push('-y', String(Math.min(297, dev.maxHeightMm)));
    const work = await fs.mkdtemp(join(this.config.workDir ?? tmpdir(), 'motcua-sane-'));
    args.push(`--batch=${join(work, 'page-%04d.png')}`, '--batch-print');
    // A flatbed has no end of paper: one page per start.
    const count = options.source === 'flatbed' ? 1 : options.maxPages;
    if (count !== undefined) args.push(`--batch-count=${count}`);
    args.push(...(this.config.extraArgs ?? []));

    try {
      return await this.runBatch(args, dpi, device, onPage, signal);
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  private runBatch(
    args: string[],
    dpi: number,
    device: string,
    onPage: (page: ScannedPage) => void | Promise<void>,
    signal?: AbortSignal,
  ): Promise<ScanResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.config.binary ?? 'scanimage', args, {
        env: this.env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let pages = 0;
      let stderr = '';
      let buffered = '';
      let chain: Promise<void> = Promise.resolve();
      let failure: unknown = null;
      let cancelled = false;
      const abort = () => {
        cancelled = true;
        child.kill('SIGTERM');
      };
      signal?.addEventListener('abort', abort, { once: true });
      const deliver = (file: string) => {
        const index = pages++;
        chain = chain.then(async () => {
          if (failure) return;
          try {
            const bytes = await fs.readFile(file);
            await fs.rm(file, { force: true });
            await onPage({ index, bytes, mime: 'image/png', dpi });
          } catch (error) {
            failure = error;
            child.kill('SIGTERM');
          }
        });
      };
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        buffered += d;
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (line) deliver(line);
          nl = buffered.indexOf('\n');
        }
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr = (stderr + d).slice(-8000);
      });
      child.on('error', () => {
        signal?.removeEventListener('abort', abort);
        reject(new ScanError('SCANNER_UNAVAILABLE', { driver: 'SANE' }));
      });
      child.on('close', (code) => {
        signal?.removeEventListener('abort', abort);
        void chain.then(() => {
          if (failure) return reject(failure);
          if (cancelled) return reject(new ScanError('SCAN_CANCELLED'));
          const feederEmpty = /out of documents|no more documents|feeder.*empty/i.test(stderr);
          if (code === 0 || (feederEmpty && pages > 0)) return resolve({ pages });
          if (feederEmpty) return reject(new ScanError('SCANNER_FEEDER_EMPTY'));
          reject(saneError(stderr, device, pages));
        });
      });
    });
  }
}

function saneName(deviceId: string): string {
  const { kind, address } = splitDeviceId(deviceId);
  if (kind !== 'sane' || !address) throw new ScanError('SCANNER_NOT_FOUND', { device: deviceId });
  return address;
}

/** The last meaningful line scanimage wrote, as a ScanError. */
function saneError(stderr: string, device: string, pages = 0): ScanError {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^Scann(ing|ed) page|^Scanning (infinity|\d+) pages/.test(l));
  const detail = (lines.at(-1) ?? 'unknown error').replace(/^scanimage:\s*/, '').slice(0, 300);
  if (/invalid argument|no such device|open of device .* failed/i.test(detail) && pages === 0) {
    return new ScanError('SCANNER_NOT_FOUND', { device });
  }
  if (/busy/i.test(detail)) return new ScanError('SCANNER_BUSY', { device });
  if (pages > 0) return new ScanError('SCANNER_LOST', { device, count: pages, detail });
  return new ScanError('SCANNER_FAILED', { device, detail });
}
