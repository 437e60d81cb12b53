import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  discoverEscl,
  esclEndpointFromService,
  type ServiceBrowserFactory,
} from '../../../electron/backend/scan/discovery';
import { EsclScanner, normaliseEsclAddress, parseEsclCapabilities } from '../../../electron/backend/scan/escl';
import { errorData } from '../../../shared/contract/dispatch';
import { documentPagePng } from './document-page';
import { type EsclEmulator, startEsclEmulator } from './escl-emulator';
import { scanFixture } from './helpers';

let pages: Buffer[] = [];
beforeAll(async () => {
  pages = await Promise.all([1, 2, 3, 4].map((seed) => documentPagePng(seed, { dpi: 150 })));
});

describe('eSCL scanner against the loopback emulator', () => {
  let emulator: EsclEmulator | null = null;
  let fx: ReturnType<typeof scanFixture> | null = null;
  afterEach(async () => {
    await emulator?.close();
    await fx?.dispose();
    emulator = null;
    fx = null;
  });

  it('adds a scanner by address, reads its capabilities and scans a feeder batch until 404', async () => {
    emulator = await startEsclEmulator({ pages: pages.map((bytes) => ({ bytes, mime: 'image/png' as const })) });
    fx = scanFixture();
    const device = await fx.registry.addNetworkScanner(emulator.url.replace('http://', '').replace('/eSCL', ''));
    expect(device).toEqual({
      id: `escl:${emulator.url}`,
      kind: 'escl',
      name: 'Emulated eSCL Scanner',
      origin: 'manual',
    });
    const caps = await fx.registry.escl.capabilities(device.id);
    expect(caps).toMatchObject({ sources: ['flatbed', 'adf', 'adf-duplex'], resolutions: [150, 300] });

    const sessionId = await fx.sessions.start({
      deviceId: device.id,
      options: { source: 'adf', resolution: 150, mode: 'gray' },
      target: { componentIndex: 1, componentName: null },
    });
    await fx.sessions.settled(sessionId);
    const view = fx.sessions.view(sessionId, (e) => ({ code: e.code, message: e.code }));
    expect(view.status).toBe('done');
    expect(view.pages).toHaveLength(4);
    expect(view.error).toBeNull();
    const job = emulator.requests.find((r) => r.method === 'POST');
    expect(job?.body).toContain('<pwg:InputSource>Feeder</pwg:InputSource>');
    expect(job?.body).toContain('<scan:ColorMode>Grayscale8</scan:ColorMode>');
    expect(emulator.requests.filter((r) => r.path.endsWith('/NextDocument'))).toHaveLength(5);

    // The address is remembered for the next start of the application.
    const again = new (
      fx.registry.constructor as typeof import('../../../electron/backend/scan/registry').ScannerRegistry
    )(fx.db, { wia: false });
    expect((await again.escl.listDevices()).map((d) => d.id)).toEqual([device.id]);
  });

  it('a scanner that vanishes mid-batch: the pages already scanned are kept and the error says so', async () => {
    emulator = await startEsclEmulator({
      pages: pages.map((bytes) => ({ bytes, mime: 'image/png' as const })),
      vanishAfter: 2,
    });
    fx = scanFixture();
    const deviceId = `escl:${emulator.url}`;
    fx.registry.escl.add(emulator.url, 'manual');
    const sessionId = await fx.sessions.start({
      deviceId,
      options: { source: 'adf', resolution: 150, mode: 'gray' },
      target: { componentIndex: null, componentName: null },
    });
    await fx.sessions.settled(sessionId);
    const view = fx.sessions.view(sessionId, (e) => errorData(e.code, 'vi', e.params));
    expect(view.status).toBe('failed');
    expect(view.pages).toHaveLength(2);
    expect(view.error?.code).toBe('SCANNER_LOST');
    expect(view.error?.message).toContain('Máy quét ngừng phản hồi sau 2 trang');
    expect(view.error?.message).toContain('giữ lại');
    // …and still on disk: a new back end on the same data folder finds them.
    const { ScanSessions } = await import('../../../electron/backend/scan/session');
    const reopened = new ScanSessions({ dataDir: fx.dir, scannerFor: () => fx?.registry.escl as never });
    expect(reopened.view(sessionId, (e) => ({ code: e.code, message: '' })).pages).toHaveLength(2);
  });

  it('a scanner that is not there is a clear error when adding it', async () => {
    fx = scanFixture();
    await expect(fx.registry.addNetworkScanner('127.0.0.1:9')).rejects.toMatchObject({ code: 'SCANNER_NOT_FOUND' });
  });

  it('cancels a flatbed scan before the job starts', async () => {
    emulator = await startEsclEmulator({ pages: [{ bytes: pages[0] as Buffer, mime: 'image/png' }] });
    const scanner = new EsclScanner();
    const controller = new AbortController();
    controller.abort();
    await expect(
      scanner.scan(
        `escl:${emulator.url}`,
        { source: 'flatbed', resolution: 300, mode: 'gray' },
        () => undefined,
        controller.signal,
      ),
    ).rejects.toMatchObject({ code: 'SCAN_CANCELLED' });
  });
});

describe('eSCL parsing', () => {
  it('normalises the addresses an administrator types', () => {
    expect(normaliseEsclAddress('192.168.1.20')).toBe('http://192.168.1.20/eSCL');
    expect(normaliseEsclAddress('192.168.1.20:8080')).toBe('http://192.168.1.20:8080/eSCL');
    expect(normaliseEsclAddress('https://scanner.local/eSCL/')).toBe('https://scanner.local/eSCL');
    expect(() => normaliseEsclAddress('http://user:pw@host/')).toThrow();
  });

  it('refuses capabilities that are not eSCL', () => {
    expect(() => parseEsclCapabilities('<html>router login</html>')).toThrow();
  });
});

describe('mDNS discovery of _uscan._tcp (stubbed responder: nothing is sent to the network)', () => {
  it('turns announcements into eSCL endpoints, ignoring what is not a scanner', async () => {
    const announced = [
      {
        name: 'HP LaserJet MFP',
        type: 'uscan',
        port: 8080,
        addresses: ['fe80::1', '192.168.1.20'],
        txt: { rs: 'eSCL', ty: 'HP LaserJet MFP M428', UUID: 'abc' },
      },
      { name: 'Canon', type: 'uscans', port: 443, addresses: ['192.168.1.30'], txt: { rs: '/eSCL' } },
      { name: 'Broken', type: 'uscan', port: 0, addresses: ['192.168.1.40'] },
      { name: 'Printer', type: 'ipp', port: 631, addresses: ['192.168.1.50'] },
    ];
    const searched: string[] = [];
    let destroyed = false;
    const factory = async (): Promise<ServiceBrowserFactory> => ({
      find: (options, onUp) => {
        searched.push(options.type);
        for (const s of announced) if (s.type === options.type) onUp(s);
        return { stop: () => undefined };
      },
      destroy: () => {
        destroyed = true;
      },
    });
    const endpoints = await discoverEscl(factory, 10);
    expect(searched).toEqual(['uscan', 'uscans']);
    expect(destroyed).toBe(true);
    expect(endpoints).toEqual([
      { url: 'http://192.168.1.20:8080/eSCL', name: 'HP LaserJet MFP M428', uuid: 'abc' },
      { url: 'https://192.168.1.30:443/eSCL', name: 'Canon', uuid: null },
    ]);
    expect(esclEndpointFromService({ name: 'x', type: 'uscan', port: 80, addresses: ['fe80::2'] })?.url).toBe(
      'http://[fe80::2]:80/eSCL',
    );
  });
});
