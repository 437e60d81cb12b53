import { z } from 'zod';
import type { ScanDevice } from '../../../shared/scan/schema';
import type { Database } from '../db/sqlite';
import { discoverEscl, type ServiceBrowserFactory } from './discovery';
import { EsclScanner } from './escl';
import { type SaneOptions, SaneScanner } from './sane';
import { ScanError, type Scanner, splitDeviceId } from './scanner';
import { WiaScanner } from './wia';

export interface RegistryOptions {
  sane?: SaneOptions;
  /** mDNS browser (bonjour-service by default); tests pass a stub and never touch the network. */
  discovery?: () => Promise<ServiceBrowserFactory>;
  discoveryMs?: number;
  /** Use WIA (default: on Windows only). */
  wia?: boolean;
}

const addressesKey = 'scan.esclAddresses';
const addressesSchema = z.array(z.string().max(300)).max(100);

/** Every scanner driver behind one lookup by device id; network scanners added by hand are kept in `meta`. */
export class ScannerRegistry {
  readonly sane: SaneScanner;
  readonly escl = new EsclScanner();
  readonly wia: WiaScanner | null;

  constructor(
    private readonly db: Database,
    private readonly options: RegistryOptions = {},
  ) {
    this.sane = new SaneScanner(options.sane);
    this.wia = (options.wia ?? process.platform === 'win32') ? new WiaScanner() : null;
    for (const address of this.savedAddresses()) {
      try {
        this.escl.add(address, 'manual');
      } catch {
        // an address saved by an older release that no longer parses: skip it
      }
    }
  }

  private savedAddresses(): string[] {
    const row = this.db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', addressesKey);
    if (!row) return [];
    try {
      const parsed = addressesSchema.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  /** Adds a network scanner by address after checking it answers as an eSCL scanner. */
  async addNetworkScanner(address: string, signal?: AbortSignal): Promise<ScanDevice> {
    const device = this.escl.add(address, 'manual');
    const root = splitDeviceId(device.id).address;
    const caps = await this.escl.probe(root, signal);
    const named = this.escl.add(root, 'manual', caps.makeAndModel);
    const saved = new Set(this.savedAddresses());
    saved.add(root);
    this.db.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      addressesKey,
      JSON.stringify([...saved].slice(-100)),
    );
    return named;
  }

  scannerFor(deviceId: string): Scanner {
    const { kind } = splitDeviceId(deviceId);
    if (kind === 'sane') return this.sane;
    if (kind === 'escl') return this.escl;
    if (kind === 'wia' && this.wia) return this.wia;
    throw new ScanError('SCANNER_NOT_FOUND', { device: deviceId });
  }

  /** Devices of every driver; a driver that is missing or fails contributes none. */
  async listDevices(discover: boolean): Promise<ScanDevice[]> {
    const discovery = discover
      ? discoverEscl(this.options.discovery, this.options.discoveryMs ?? 2000)
          .then((endpoints) => {
            for (const e of endpoints) this.escl.add(e.url, 'mdns', e.name);
          })
          .catch(() => undefined)
      : Promise.resolve();
    const [sane, wia] = await Promise.all([
      this.sane.listDevices().catch(() => []),
      this.wia ? this.wia.listDevices().catch(() => []) : Promise.resolve([]),
      discovery,
    ]);
    return [...sane, ...(await this.escl.listDevices()), ...wia];
  }
}
