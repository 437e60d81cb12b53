import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import QRCode from 'qrcode';
import { StrictMode } from 'react';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, useBridge } from '../../../renderer/api/client';
import { IntakeScreen } from '../../../renderer/features/intake/IntakeScreen';
import { toIntake, useIntake } from '../../../renderer/features/intake/store';
import { parseDisplayDate, readAttachment } from '../../../renderer/features/scan/bytes';
import { useScan } from '../../../renderer/features/scan/store';
import { initI18n } from '../../../renderer/i18n';
import { openTestBackend } from '../../helpers/backend';
import { inProcessBridge } from '../../helpers/bridge';

/**
 * The scan drawer of the intake checklist against the real back end in this process, scanning through
 * SANE's `test` backend (a feeder of 10 sheets): keyboard only, what the officer sees and what is stored.
 */

// SANE's test backend is disabled system-wide: a config folder of our own, read by scanimage at spawn.
const saneDir = join(process.env.TMPDIR ?? '/tmp', `motcua-sane-renderer-${process.pid}`);
mkdirSync(saneDir, { recursive: true });
writeFileSync(join(saneDir, 'dll.conf'), 'test\n');
process.env.SANE_CONFIG_DIR = saneDir;

const backend = openTestBackend();
const cccd = '040190001234|186543210|Đặng Thị Ưng|15031990|Nữ|Xóm 3, xã Hưng Nguyên, tỉnh Nghệ An|01072021';

/** An A4-ish page at 150 dpi with a CCCD QR code printed on it, as a PNG. */
async function pageWithQr(): Promise<Buffer> {
  const qr = await QRCode.toBuffer(cccd, { errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  return sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#ffffff' } })
    .composite([{ input: qr, left: 200, top: 300 }])
    .png()
    .toBuffer();
}

/** The intake screen as the application mounts it: in StrictMode (renderer/main.tsx), which runs effects twice. */
function renderIntake() {
  return render(
    <StrictMode>
      <ConfigProvider locale={viVN}>
        <AntApp>
          <IntakeScreen />
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  );
}

const drawer = () => screen.getByTestId('scan-drawer');
const pageTiles = () => within(drawer()).queryAllByRole('option');
const key = (target: Element, init: KeyboardEventInit) => act(() => void fireEvent.keyDown(target, init));
/**
 * Reads the back end while the screen is mounted. Meanwhile antd's messages and animations go on updating it on their
 * own timers: inside act, React applies those updates as in the application instead of warning that they escaped it.
 */
const read = <T,>(work: Promise<T>): Promise<T> => act(() => work);

beforeAll(async () => {
  initI18n('vi');
  localStorage.clear();
  useBridge(inProcessBridge(backend));
  const procedure = await call('catalogue.get', { code: '1.001612' });
  useIntake.getState().reset();
  useIntake.getState().setProcedure(procedure);
  useIntake.getState().setPerson('applicant', { fullName: 'Đặng Thị Ưng', idNumber: '040190001234' });
  useScan
    .getState()
    .setPreferences({ source: { kind: 'device', deviceId: 'sane:test:0' }, paper: 'adf', resolution: 100 });
});
afterAll(() => backend.dispose());

describe('scanning into the intake checklist', () => {
  it('scans a feeder batch, edits pages by keyboard and splits the batch across two components', async () => {
    renderIntake();
    // F8 in the checklist opens the scan drawer for the first component not yet digitized.
    const first = useIntake.getState().components[0];
    expect(first?.name).toMatch(/Giấy đề nghị/);
    const scanButton = screen.getByRole('button', { name: `Quét: ${first?.name}` });
    await key(scanButton, { key: 'F8' });
    await waitFor(() => expect(drawer()).toBeTruthy());
    // The SANE test device is listed; F8 in the drawer starts the scan, and pages arrive with progress.
    await waitFor(() => expect(screen.getByText(/frontend-tester \(virtual device, test:0\)/)).toBeTruthy(), {
      timeout: 10_000,
    });
    await key(drawer(), { key: 'F8' });
    await waitFor(() => expect(screen.getByTestId('scan-status').textContent).toMatch(/Đã quét xong/), {
      timeout: 60_000,
    });
    await waitFor(() => expect(pageTiles()).toHaveLength(10));
    const sessionId = useScan.getState().sessionId as string;
    const stored = async () => (await call('scan.session', { sessionId })).pages;
    const before = (await read(stored())).map((p) => p.id);
    expect(before).toHaveLength(10);
    for (const tile of pageTiles())
      expect(tile.querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);

    // Keyboard on the thumbnails: Ctrl+→ moves page 1 after page 2; R rotates it; Delete removes page 10.
    const tile1 = pageTiles()[0] as HTMLElement;
    act(() => tile1.focus());
    await key(tile1, { key: 'ArrowRight', ctrlKey: true });
    await waitFor(async () => expect((await stored()).map((p) => p.id).slice(0, 2)).toEqual([before[1], before[0]]));
    await key(document.activeElement as Element, { key: 'r' });
    await waitFor(async () => expect((await stored()).find((p) => p.id === before[0])?.rotation).toBe(90));
    await key(document.activeElement as Element, { key: 'End' });
    await key(document.activeElement as Element, { key: 'Delete' });
    await waitFor(async () => expect(await stored()).toHaveLength(9));
    expect((await read(stored())).some((p) => p.id === before[9])).toBe(false);
    await waitFor(() => expect(pageTiles()).toHaveLength(9));

    // Select the first two pages (Space) and save them as component 1 with its metadata (Ctrl+Enter).
    const tiles = pageTiles() as HTMLElement[];
    act(() => (tiles[0] as HTMLElement).focus());
    await key(tiles[0] as HTMLElement, { key: ' ' });
    await key(tiles[0] as HTMLElement, { key: 'ArrowRight' });
    await key(document.activeElement as Element, { key: ' ' });
    expect(within(drawer()).getAllByRole('option', { selected: true })).toHaveLength(2);
    fireEvent.change(within(drawer()).getByLabelText('Số và ký hiệu văn bản'), { target: { value: '15/ĐN-2026' } });
    fireEvent.change(within(drawer()).getByLabelText('Ngày ban hành'), { target: { value: '02/03/2026' } });
    fireEvent.change(within(drawer()).getByLabelText('Cơ quan ban hành'), { target: { value: 'Hộ kinh doanh Ưng' } });
    await key(drawer(), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(useIntake.getState().components[0]?.fileSha256).toMatch(/^[0-9a-f]{64}$/), {
      timeout: 30_000,
    });
    const c0 = useIntake.getState().components[0];
    expect(c0).toMatchObject({ received: true, reused: false, pageCount: 2 });
    const link = await read(call('attachments.get', { id: c0?.attachmentId as string }));
    expect(link).toMatchObject({
      componentCode: 'GDN',
      ownerIdNumber: '040190001234',
      documentNumber: '15/ĐN-2026',
      issueDate: '2026-03-02',
      issuer: 'Hộ kinh doanh Ưng',
      digitizedBy: 'Người dùng test (test)',
      pageCount: 2,
      dossierId: null,
      componentIndex: 0,
    });
    const pdf = await read(readAttachment(link.sha256));
    expect(new TextDecoder().decode(pdf.bytes.subarray(0, 5))).toBe('%PDF-');
    expect(pdf.bytes.length).toBe(link.size);
    await waitFor(async () => expect(await stored()).toHaveLength(7));
    expect(screen.getByTestId('component-digitized').textContent).toMatch(/2 trang/);

    // Ctrl+↓: the next component; the rest of the batch (7 pages) goes into it.
    await key(drawer(), { key: 'ArrowDown', ctrlKey: true });
    await waitFor(() => expect(useScan.getState().componentIndex).toBe(1));
    await waitFor(() => expect(pageTiles()).toHaveLength(7));
    await key(drawer(), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(useIntake.getState().components[1]?.pageCount).toBe(7), { timeout: 30_000 });
    expect(await read(stored())).toHaveLength(0);

    // The checklist shows both digitized; Esc closes the drawer.
    await key(drawer(), { key: 'Escape' });
    await waitFor(() => expect(useScan.getState().componentIndex).toBeNull());
    await waitFor(() => expect(screen.getByTestId('digitized-0').textContent).toBe('Đã số hóa · 2 trang'));
    expect(screen.getByTestId('digitized-1').textContent).toBe('Đã số hóa · 7 trang');
    // The intake carries the files' hashes; Ctrl+Enter receives and binds the files to the dossier.
    const intake = toIntake(useIntake.getState());
    expect(intake?.components.map((c) => c.fileSha256)).toEqual([
      c0?.fileSha256,
      useIntake.getState().components[1]?.fileSha256,
    ]);
    fireEvent.keyDown(screen.getByRole('region', { name: 'Tiếp nhận hồ sơ' }), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('received-code')).toBeTruthy(), { timeout: 10_000 });
    const bound = await read(call('attachments.get', { id: c0?.attachmentId as string }));
    expect(bound.dossierId).not.toBeNull();
    const listed = await read(call('attachments.list', { dossierId: bound.dossierId as string }));
    expect(listed.map((a) => a.pageCount)).toEqual([2, 7]);
    const detail = await read(call('dossier.get', { id: bound.dossierId as string }));
    expect(detail.components.map((c) => c.fileSha256)).toEqual(listed.map((a) => a.sha256));
  }, 120_000);

  it('offers reuse of a component digitized for the same owner, and records it', async () => {
    const procedure = await call('catalogue.get', { code: '1.001612' });
    useScan.getState().setSession(null);
    useIntake.getState().reset();
    useIntake.getState().setProcedure(procedure);
    useIntake.getState().setPerson('applicant', { fullName: 'Đặng Thị Ưng', idNumber: '040190001234' });
    renderIntake();
    act(() => useScan.getState().openFor(0));
    const offer = await screen.findByTestId('reuse-offer', {}, { timeout: 10_000 });
    expect(offer.textContent).toMatch(/Giấy đề nghị đăng ký hộ kinh doanh.*2 trang/);
    fireEvent.click(within(offer).getByRole('button', { name: 'Dùng tài liệu này' }));
    await waitFor(() => expect(useIntake.getState().components[0]?.reused).toBe(true));
    const reused = await read(
      call('attachments.get', { id: useIntake.getState().components[0]?.attachmentId as string }),
    );
    expect(reused).toMatchObject({ reused: true, reusedBy: 'Người dùng test (test)', pageCount: 2 });
    expect(toIntake(useIntake.getState())?.components[0]).toMatchObject({ fileSha256: reused.sha256, reused: true });
  }, 60_000);

  it('a dropped page with a CCCD QR offers to fill the applicant', async () => {
    useScan.getState().setSession(null);
    useIntake.getState().setPerson('applicant', { fullName: '', idNumber: '', dateOfBirth: '' });
    const png = await pageWithQr(); // before the screen is mounted: its drawer animates meanwhile
    renderIntake();
    act(() => useScan.getState().openFor(2));
    await screen.findByTestId('scan-drawer');
    const file = new File([new Uint8Array(png)], 'cccd.png', { type: 'image/png' });
    fireEvent.drop(drawer(), { dataTransfer: { files: [file], types: ['Files'] } });
    const offer = await screen.findByTestId('cccd-offer', {}, { timeout: 20_000 });
    expect(offer.textContent).toMatch(/Đặng Thị Ưng \(040190001234\)/);
    expect(pageTiles()).toHaveLength(1);
    // Awaited: the owner now known, the drawer asks the back end for a reusable copy of this component.
    await act(() => void fireEvent.click(within(offer).getByRole('button', { name: 'Điền vào người nộp hồ sơ' })));
    expect(useIntake.getState().applicant).toMatchObject({
      fullName: 'Đặng Thị Ưng',
      idNumber: '040190001234',
      dateOfBirth: '15/03/1990',
    });
  }, 60_000);

  it('scans from the feeder the officer chose, the drawer mounted open (its effects run twice)', async () => {
    const procedure = await call('catalogue.get', { code: '1.001612' });
    useScan.getState().setSession(null);
    useScan.getState().setPreferences({ source: null, paper: 'flatbed', resolution: 100 });
    useIntake.getState().reset();
    useIntake.getState().setProcedure(procedure);
    useScan.getState().openFor(0);
    renderIntake();
    // The first scanner is chosen for a first run; the paper choices appear once its capabilities are known.
    const paper = await within(await screen.findByTestId('scan-drawer')).findByLabelText('Khay giấy', undefined, {
      timeout: 10_000,
    });
    const shown = () => paper.closest('.ant-select')?.textContent;
    expect(shown()).toBe('Mặt kính');
    // Enter opens the list, ↓ moves to the feeder, Enter takes it (the list reads keyCodes).
    await key(paper, { key: 'Enter', keyCode: 13, which: 13 });
    await key(paper, { key: 'ArrowDown', keyCode: 40, which: 40 });
    await key(paper, { key: 'Enter', keyCode: 13, which: 13 });
    await waitFor(() => expect(shown()).toBe('Khay nạp giấy'));
    await key(drawer(), { key: 'F8' });
    // The feeder holds 10 sheets; the flatbed would have given one page.
    await waitFor(() => expect(screen.getByTestId('scan-status').textContent).toBe('Đã quét xong: 10 trang'), {
      timeout: 60_000,
    });
    expect(shown()).toBe('Khay nạp giấy');
    const sessionId = useScan.getState().sessionId as string;
    expect((await read(call('scan.session', { sessionId }))).pages).toHaveLength(10);
  }, 90_000);

  it('refuses a metadata date that is not a day/month/year date', () => {
    expect(parseDisplayDate('02/03/2026')).toBe('2026-03-02');
    expect(parseDisplayDate('')).toBeNull();
    expect(parseDisplayDate('31/02/2026')).toBe(false);
    expect(parseDisplayDate('2026-03-02')).toBe(false);
  });
});
