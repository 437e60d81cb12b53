import type { ScanDevice, ScannerCapabilities, ScanOptions } from '../../../shared/scan/schema';

/** One page as the device handed it over. */
export interface ScannedPage {
  /** 0-based, in the order the device delivered them. */
  index: number;
  bytes: Buffer;
  /** image/png, image/jpeg, image/tiff or image/x-portable-anymap. */
  mime: string;
  /** Resolution the page was scanned at. */
  dpi: number;
}

export interface ScanResult {
  pages: number;
}

/**
 * A scanner driver. `scan` streams pages through `onPage` as they come off the device (a feeder batch
 * delivers page 1 before page 2 is scanned) and settles when the batch ends. An abort through `signal`
 * stops the device and rejects with ScanError('SCAN_CANCELLED'); a device that fails or disappears
 * rejects with a ScanError after the pages already delivered.
 */
export interface Scanner {
  readonly kind: 'sane' | 'escl' | 'wia';
  listDevices(signal?: AbortSignal): Promise<ScanDevice[]>;
  capabilities(deviceId: string, signal?: AbortSignal): Promise<ScannerCapabilities>;
  scan(
    deviceId: string,
    options: ScanOptions,
    onPage: (page: ScannedPage) => void | Promise<void>,
    signal?: AbortSignal,
  ): Promise<ScanResult>;
}

/** A failure of a scanner, with a translated code (errors.<code>) and its params. */
export class ScanError extends Error {
  constructor(
    readonly code:
      | 'SCAN_CANCELLED'
      | 'SCANNER_LOST'
      | 'SCANNER_FAILED'
      | 'SCANNER_BUSY'
      | 'SCANNER_NOT_FOUND'
      | 'SCANNER_FEEDER_EMPTY'
      | 'SCANNER_OPTION_UNSUPPORTED'
      | 'SCANNER_UNAVAILABLE',
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'ScanError';
  }
}

/** Standard resolutions offered when a device declares a continuous range. */
export const standardResolutions = [100, 150, 200, 240, 300, 400, 600] as const;

export function resolutionsInRange(min: number, max: number): number[] {
  return standardResolutions.filter((r) => r >= min && r <= max);
}

/** The device's own resolution closest to the one asked for. */
export function closestResolution(available: readonly number[], wanted: number): number {
  let best = available[0] ?? wanted;
  for (const r of available) if (Math.abs(r - wanted) < Math.abs(best - wanted)) best = r;
  return best;
}

/** Splits `kind:address` device ids. */
export function splitDeviceId(id: string): { kind: string; address: string } {
  const colon = id.indexOf(':');
  return { kind: id.slice(0, colon), address: id.slice(colon + 1) };
}
