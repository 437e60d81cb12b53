import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserWindow, type IpcMain, type IpcMainInvokeEvent, shell } from 'electron';
import { z } from 'zod';
import { printChannel } from './channels';
import { isTrustedUrl } from './security';

const pdfSchema = z.object({ fileName: z.string().regex(/^[\w.-]{1,120}\.pdf$/), base64: z.string().max(80_000_000) });

/**
 * Printing a legal form: the PDF the back end rendered is written to a private temporary folder and
 * shown in a hidden window whose print() opens the system print dialog. Where the platform's PDF
 * viewer cannot print from a hidden window, the file opens in the system's PDF application instead.
 */
export function registerPrint(ipcMain: IpcMain): void {
  ipcMain.handle(printChannel, async (event: IpcMainInvokeEvent, input: unknown) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) return { ok: false, reason: 'FORBIDDEN_FRAME' };
    const parsed = pdfSchema.safeParse(input);
    if (!parsed.success) return { ok: false, reason: 'VALIDATION_FAILED' };
    const bytes = Buffer.from(parsed.data.base64, 'base64');
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return { ok: false, reason: 'NOT_A_PDF' };
    const dir = await mkdtemp(join(tmpdir(), 'motcua-print-'));
    const file = join(dir, parsed.data.fileName);
    await writeFile(file, bytes, { mode: 0o600 });
    const window = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true },
    });
    await window.loadFile(file);
    const printed = await new Promise<boolean>((resolve) => {
      window.webContents.print({ silent: false, printBackground: true }, (success) => resolve(success));
    });
    window.destroy();
    if (!printed) await shell.openPath(file);
    else await rm(dir, { recursive: true, force: true });
    return { ok: true, printed };
  });
}
