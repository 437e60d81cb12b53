import { execFileSync } from 'node:child_process';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assembleComponent } from '../../../electron/backend/scan/digitize';
import { parseSaneDeviceList, parseSaneOptions, SaneScanner } from '../../../electron/backend/scan/sane';
import { ScanError } from '../../../electron/backend/scan/scanner';
import { metadata, saneTestConfig, scanFixture, untranslated } from './helpers';

/** SANE's `test` backend through the real scanimage (sane-utils, installed by .ci/setup). */
let hasScanimage = true;
try {
  execFileSync('scanimage', ['--version'], { stdio: 'ignore' });
} catch {
  hasScanimage = false;
  console.warn('scanimage is missing: run `bash .ci/setup` (installs sane-utils); SANE tests are skipped');
}

describe.skipIf(!hasScanimage)('SANE through scanimage (test backend)', () => {
  let fx: ReturnType<typeof scanFixture>;
  beforeEach(() => {
    fx = scanFixture();
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('lists the test devices and reads their capabilities', async () => {
    const devices = await fx.registry.sane.listDevices();
    expect(devices.map((d) => d.id)).toContain('sane:test:0');
    expect(devices.every((d) => d.kind === 'sane' && d.origin === 'driver')).toBe(true);
    const caps = await fx.registry.sane.capabilities('sane:test:0');
    expect(caps.sources).toEqual(['flatbed', 'adf']);
    expect(caps.modes).toEqual(['color', 'gray']);
    expect(caps.resolutions).toContain(300);
  });

  it('scans a feeder of several pages into a session, page by page, and assembles them into one PDF', async () => {
    const scanner = new SaneScanner({ configDir: saneTestConfig(fx.dir), extraArgs: ['--test-picture=Grid'] });
    const arrivals: number[] = [];
    const result = await scanner.scan(
      'sane:test:0',
      { source: 'adf', resolution: 150, mode: 'gray', maxPages: 4 },
      (page) => {
        arrivals.push(page.index);
        expect(page.bytes.subarray(1, 4).toString()).toBe('PNG');
      },
    );
    expect(result.pages).toBe(4);
    expect(arrivals).toEqual([0, 1, 2, 3]);

    // The same through a session (the path the contract takes): pages land on disk with thumbnails.
    const sessionId = await fx.sessions.start({
      deviceId: 'sane:test:0',
      options: { source: 'adf', resolution: 150, mode: 'gray', maxPages: 3 },
      target: { componentIndex: 0, componentName: 'Tờ khai' },
    });
    await fx.sessions.settled(sessionId);
    const view = fx.sessions.view(sessionId, untranslated);
    expect(view.status).toBe('done');
    expect(view.pages).toHaveLength(3);
    expect(view.pages[0]?.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    expect(view.pages.every((p) => p.dpi === 150)).toBe(true);

    // Solid black pages (the default picture) are not blank; assemble keeps all three.
    const { attachment, pages } = await assembleComponent(
      { db: fx.db, store: fx.store, sessions: fx.sessions, now: fx.now },
      {
        sessionId,
        profile: 'text',
        dropBlank: true,
        metadata: metadata(),
        link: { dossierId: null, componentIndex: 0 },
      },
    );
    expect(pages).toBe(3);
    const pdf = await PDFDocument.load(await fx.store.read(attachment.sha256, 0, 1e9).then((r) => r.bytes));
    expect(pdf.getPageCount()).toBe(3);
    expect(fx.sessions.view(sessionId, untranslated).pages).toHaveLength(0);
  });

  it('a feeder that runs out of paper ends the batch normally with every page', async () => {
    const scanner = new SaneScanner({ configDir: saneTestConfig(fx.dir) });
    // The test backend's feeder holds 10 sheets: an unlimited batch ends normally after them.
    const result = await scanner.scan('sane:test:0', { source: 'adf', resolution: 75, mode: 'gray' }, () => undefined);
    expect(result.pages).toBe(10);
  });

  it('cancels a running batch through the AbortSignal and keeps the pages already delivered', async () => {
    const scanner = new SaneScanner({
      configDir: saneTestConfig(fx.dir),
      extraArgs: ['--read-delay=yes', '--read-delay-duration=200000', '--read-limit=yes', '--read-limit-size=4096'],
    });
    const controller = new AbortController();
    const pages: number[] = [];
    const scan = scanner.scan(
      'sane:test:0',
      { source: 'adf', resolution: 75, mode: 'gray' },
      (page) => {
        pages.push(page.index);
        controller.abort();
      },
      controller.signal,
    );
    await expect(scan).rejects.toMatchObject({ code: 'SCAN_CANCELLED' });
    expect(pages).toEqual([0]);
  });

  it('an unknown device is reported, not crashed on', async () => {
    const scanner = new SaneScanner({ configDir: saneTestConfig(fx.dir) });
    const error = await scanner
      .scan('sane:nosuch:9', { source: 'flatbed', resolution: 150, mode: 'gray' }, () => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScanError);
    expect((error as ScanError).code).toMatch(/SCANNER_NOT_FOUND|SCANNER_FAILED/);
  });
});

describe('scanimage output parsing', () => {
  it('reads the device list and skips lines that do not fit', () => {
    const devices = parseSaneDeviceList(
      'test:0\tNoname\tfrontend-tester\tvirtual device\ngarbage\n\nepson2:net:10.0.0.5\tEpson\tDS-530\tsheetfed scanner\n',
    );
    expect(devices).toEqual([
      { id: 'sane:test:0', kind: 'sane', name: 'frontend-tester (virtual device, test:0)', origin: 'driver' },
      {
        id: 'sane:epson2:net:10.0.0.5',
        kind: 'sane',
        name: 'Epson DS-530 (sheetfed scanner, epson2:net:10.0.0.5)',
        origin: 'driver',
      },
    ]);
  });

  it('maps a real scanner’s options: discrete resolutions, duplex source, lineart', () => {
    const parsed = parseSaneOptions(`All options specific to device \`fujitsu:fi-7160:1':
  Standard:
    --source Flatbed|ADF Front|ADF Back|ADF Duplex [ADF Front]
        Selects the scan source.
    --mode Lineart|Halftone|Gray|Color [Lineart]
        Selects the scan mode.
    --resolution 50..600dpi (in steps of 1) [600]
  Geometry:
    -x 0..215.872mm (in steps of 0.0211639) [215.872]
    -y 0..279.364mm (in steps of 0.0211639) [279.364]
    --page-width 0..221.121mm [215.872]
`);
    expect(parsed.capabilities.sources).toEqual(['flatbed', 'adf', 'adf-duplex']);
    expect(parsed.sourceNames).toMatchObject({ flatbed: 'Flatbed', adf: 'ADF Front', 'adf-duplex': 'ADF Duplex' });
    expect(parsed.capabilities.modes).toEqual(['color', 'gray', 'lineart']);
    expect(parsed.capabilities.resolutions).toEqual([100, 150, 200, 240, 300, 400, 600]);
    expect(parsed.maxWidthMm).toBeCloseTo(215.872);
    const discrete = parseSaneOptions('    --resolution 75|150|300|600dpi [150]\n    --mode Color|Gray [Color]\n');
    expect(discrete.capabilities.resolutions).toEqual([75, 150, 300, 600]);
  });
});
