import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ScanDevice, ScannerCapabilities, ScanOptions } from '../../../shared/scan/schema';
import { ScanError, type ScannedPage, type Scanner, type ScanResult, splitDeviceId } from './scanner';

/**
 * Windows Image Acquisition through PowerShell and the WIA Automation COM library (WIA.DeviceManager,
 * wiaaut.dll, present on every Windows since Vista). NOT VERIFIED on these Linux machines: the script
 * is written against Microsoft's WIA Automation reference; its output is validated with zod.
 *
 * Protocol: the script writes one JSON object per line on stdout:
 *   {"type":"device","id":"…","name":"…"}                          (list)
 *   {"type":"page","index":0,"file":"C:\\…\\page-0.png"}            (scan: as each page is saved)
 *   {"type":"error","code":"FEEDER_EMPTY"|"BUSY"|"FAILED","detail":"…"}
 *   {"type":"done","pages":3}
 */
export const wiaScript = `
param([string]$Action, [string]$DeviceId = '', [string]$OutDir = '', [int]$Dpi = 300,
      [int]$Intent = 2, [int]$Feeder = 0, [int]$Duplex = 0, [int]$MaxPages = 0)
$ErrorActionPreference = 'Stop'
function Out($o) { [Console]::Out.WriteLine(($o | ConvertTo-Json -Compress)); [Console]::Out.Flush() }
$WIA_FORMAT_PNG = '{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}'
# WIA property ids: 3088 document handling select, 3087 status, 6146 intent, 6147/6148 dpi,
# 3096 pages; 4 = FEEDER, 1 = FLATBED, 8 = DUPLEX, status 1 = FEED_READY
$WIA_ERROR_PAPER_EMPTY = -2145320957
$WIA_ERROR_BUSY = -2145320954
try {
  $manager = New-Object -ComObject WIA.DeviceManager
  if ($Action -eq 'list') {
    foreach ($info in $manager.DeviceInfos) {
      if ($info.Type -eq 1) { Out @{ type = 'device'; id = $info.DeviceID; name = $info.Properties.Item('Name').Value } }
    }
    Out @{ type = 'done'; pages = 0 }
    exit 0
  }
  $info = $null
  foreach ($i in $manager.DeviceInfos) { if ($i.DeviceID -eq $DeviceId) { $info = $i } }
  if ($null -eq $info) { Out @{ type = 'error'; code = 'NOT_FOUND'; detail = $DeviceId }; exit 2 }
  $device = $info.Connect()
  function SetProp($props, $id, $value) { foreach ($p in $props) { if ($p.PropertyID -eq $id) { $p.Value = $value } } }
  if ($Feeder -eq 1) {
    $handling = 4; if ($Duplex -eq 1) { $handling = 4 + 8 }
    SetProp $device.Properties 3088 $handling
    SetProp $device.Properties 3096 1
  } else { SetProp $device.Properties 3088 1 }
  $item = $device.Items.Item(1)
  SetProp $item.Properties 6146 $Intent
  SetProp $item.Properties 6147 $Dpi
  SetProp $item.Properties 6148 $Dpi
  $index = 0
  while ($true) {
    try { $image = $item.Transfer($WIA_FORMAT_PNG) }
    catch {
      $code = $_.Exception.HResult
      if ($code -eq $WIA_ERROR_PAPER_EMPTY) { if ($index -eq 0) { Out @{ type = 'error'; code = 'FEEDER_EMPTY'; detail = '' }; exit 3 } ; break }
      if ($code -eq $WIA_ERROR_BUSY) { Out @{ type = 'error'; code = 'BUSY'; detail = '' }; exit 4 }
      Out @{ type = 'error'; code = 'FAILED'; detail = $_.Exception.Message }; exit 5
    }
    $file = Join-Path $OutDir ('page-{0:D4}.png' -f $index)
    $image.SaveFile($file)
    Out @{ type = 'page'; index = $index; file = $file }
    $index++
    if ($Feeder -ne 1) { break }
    if ($MaxPages -gt 0 -and $index -ge $MaxPages) { break }
  }
  Out @{ type = 'done'; pages = $index }
} catch {
  Out @{ type = 'error'; code = 'FAILED'; detail = $_.Exception.Message }
  exit 1
}
`;

export const wiaLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('device'), id: z.string().min(1).max(500), name: z.string().max(300) }),
  z.object({ type: z.literal('page'), index: z.number().int().min(0), file: z.string().min(1).max(1000) }),
  z.object({
    type: z.literal('error'),
    code: z.enum(['NOT_FOUND', 'FEEDER_EMPTY', 'BUSY', 'FAILED']),
    detail: z.string().max(2000).nullable().optional(),
  }),
  z.object({ type: z.literal('done'), pages: z.number().int().min(0) }),
]);
export type WiaLine = z.infer<typeof wiaLineSchema>;

/** One stdout line of the script, validated (null when it is not one of ours). */
export function parseWiaLine(line: string): WiaLine | null {
  try {
    const parsed = wiaLineSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** WIA Automation's intents: 1 colour, 2 grayscale, 4 text (black and white). */
const intentOf = { color: 1, gray: 2, lineart: 4 } as const;

export class WiaScanner implements Scanner {
  readonly kind = 'wia' as const;

  constructor(private readonly powershell = 'powershell.exe') {}

  private async runScript(
    args: string[],
    onLine: (line: WiaLine) => Promise<void> | void,
    signal?: AbortSignal,
  ): Promise<number | null> {
    const dir = await fs.mkdtemp(join(tmpdir(), 'motcua-wia-'));
    const script = join(dir, 'wia.ps1');
    await fs.writeFile(script, wiaScript, 'utf8');
    try {
      return await new Promise((resolve, reject) => {
        const child = spawn(
          this.powershell,
          ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script, ...args],
          { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, signal },
        );
        let buffered = '';
        let chain: Promise<void> = Promise.resolve();
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          buffered += d;
          let nl = buffered.indexOf('\n');
          while (nl >= 0) {
            const parsed = parseWiaLine(buffered.slice(0, nl).trim());
            buffered = buffered.slice(nl + 1);
            if (parsed) chain = chain.then(() => onLine(parsed));
            nl = buffered.indexOf('\n');
          }
        });
        child.on('error', (error) =>
          reject(
            error.name === 'AbortError'
              ? new ScanError('SCAN_CANCELLED')
              : new ScanError('SCANNER_UNAVAILABLE', { driver: 'WIA' }),
          ),
        );
        child.on('close', (code) => {
          chain.then(() => resolve(code), reject);
        });
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  async listDevices(signal?: AbortSignal): Promise<ScanDevice[]> {
    if (process.platform !== 'win32') return [];
    const devices: ScanDevice[] = [];
    await this.runScript(
      ['-Action', 'list'],
      (line) => {
        if (line.type === 'device')
          devices.push({ id: `wia:${line.id}`, kind: 'wia', name: line.name, origin: 'driver' });
      },
      signal,
    );
    return devices;
  }

  async capabilities(): Promise<ScannerCapabilities> {
    // WIA Automation does not enumerate sources reliably across drivers: offer the common set and let
    // the device refuse (FEEDER_EMPTY / FAILED) what it cannot do.
    return {
      sources: ['flatbed', 'adf', 'adf-duplex'],
      resolutions: [150, 200, 300, 600],
      modes: ['color', 'gray', 'lineart'],
      formats: ['image/png'],
    };
  }

  async scan(
    deviceId: string,
    options: ScanOptions,
    onPage: (page: ScannedPage) => void | Promise<void>,
    signal?: AbortSignal,
  ): Promise<ScanResult> {
    const { kind, address } = splitDeviceId(deviceId);
    if (kind !== 'wia') throw new ScanError('SCANNER_NOT_FOUND', { device: deviceId });
    const out = await fs.mkdtemp(join(tmpdir(), 'motcua-wia-pages-'));
    let pages = 0;
    let error: ScanError | null = null;
    try {
      await this.runScript(
        [
          '-Action',
          'scan',
          '-DeviceId',
          address,
          '-OutDir',
          out,
          '-Dpi',
          String(options.resolution),
          '-Intent',
          String(intentOf[options.mode]),
          '-Feeder',
          options.source === 'flatbed' ? '0' : '1',
          '-Duplex',
          options.source === 'adf-duplex' ? '1' : '0',
          '-MaxPages',
          String(options.maxPages ?? 0),
        ],
        async (line) => {
          if (line.type === 'page') {
            const bytes = await fs.readFile(line.file);
            await onPage({ index: pages++, bytes, mime: 'image/png', dpi: options.resolution });
          } else if (line.type === 'error') {
            error =
              line.code === 'FEEDER_EMPTY'
                ? new ScanError('SCANNER_FEEDER_EMPTY')
                : line.code === 'BUSY'
                  ? new ScanError('SCANNER_BUSY', { device: deviceId })
                  : line.code === 'NOT_FOUND'
                    ? new ScanError('SCANNER_NOT_FOUND', { device: deviceId })
                    : new ScanError(pages > 0 ? 'SCANNER_LOST' : 'SCANNER_FAILED', {
                        device: deviceId,
                        count: pages,
                        detail: line.detail ?? '',
                      });
          }
        },
        signal,
      );
    } finally {
      await fs.rm(out, { recursive: true, force: true });
    }
    if (error) throw error;
    return { pages };
  }
}
