import { afterAll, describe, expect, it } from 'vitest';
import { instantMs } from '../../../shared/calendar/time';
import type { DossierDetail, DossierRow } from '../../../shared/contract/dossier';
import type { Result } from '../../../shared/contract/result';
import { openTestBackend } from '../../helpers/backend';

/** A clock the test moves: legal times come from it. */
let now = instantMs('2026-11-23T09:15:00+07:00'); // a Monday
const backend = openTestBackend({ now: () => now });
const ctx = { language: 'vi' as const };
afterAll(() => backend.dispose());

async function call<T>(name: string, input: unknown): Promise<T> {
  const result = (await backend.call(name, input, ctx)) as Result<T>;
  if (!result.ok)
    throw new Error(`${result.error.code}: ${result.error.message} ${JSON.stringify(result.error.issues ?? [])}`);
  return result.value;
}
async function fail(name: string, input: unknown) {
  const result = await backend.call(name, input, ctx);
  if (result.ok) throw new Error(`${name} should have failed`);
  return result.error;
}

const marriage = {
  procedureCode: '1.000894',
  applicant: {
    fullName: 'Đặng Thị Ưng',
    idNumber: '040190001234',
    phone: '0912345678',
    address: 'Xóm 3, xã Hưng Nguyên',
  },
  owner: { fullName: 'Trần Văn Bình', idNumber: '040088004321' },
  components: [
    { name: 'Tờ khai đăng ký kết hôn', copies: { original: 1, certified: 0, photocopy: 0 } },
    { name: 'Giấy xác nhận tình trạng hôn nhân', copies: { original: 1, certified: 0, photocopy: 0 } },
  ],
};
const business = { ...marriage, procedureCode: '1.001612' };

describe('intake', () => {
  it('receives a dossier: code from the agency and date, due time from the procedure, stored projection', async () => {
    const detail = await call<DossierDetail>('dossier.receive', marriage);
    expect(detail.row.code).toBe('000.21.31.H40-261123-0001');
    expect(detail.row.status).toBe(2);
    expect(detail.row.applicantName).toBe('Đặng Thị Ưng');
    expect(detail.row.receivedAt).toBe('2026-11-23T09:15:00+07:00');
    // Đăng ký kết hôn: same day, cut-off 15:00 → due at the close of the day.
    expect(detail.row.dueAt).toBe('2026-11-23T17:00:00+07:00');
    expect(detail.timeline.map((e) => e.type)).toEqual(['received']);
    expect(detail.allowedActions).toContain('transferred');
    expect(detail.allowedActions).not.toContain('returned');
    const stored = backend.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox')?.n;
    expect(stored).toBe(1);
  });

  it('numbers the next dossier of the day 0002 and restarts on the next day', async () => {
    expect((await call<DossierDetail>('dossier.receive', marriage)).row.code).toBe('000.21.31.H40-261123-0002');
    now = instantMs('2026-11-24T08:00:00+07:00');
    expect((await call<DossierDetail>('dossier.receive', marriage)).row.code).toBe('000.21.31.H40-261124-0001');
  });

  it('refuses bad intake input with Vietnamese messages and saves nothing', async () => {
    const before = backend.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM event')?.n;
    const longName = await fail('dossier.receive', { ...marriage, applicant: { fullName: 'A'.repeat(10_000) } });
    expect(longName.code).toBe('VALIDATION_FAILED');
    expect(longName.issues?.[0]?.path).toBe('applicant.fullName');
    const unknown = await fail('dossier.receive', { ...marriage, procedureCode: '9.999999' });
    expect(unknown.message).toBe('Không có thủ tục mã 9.999999 trong danh mục.');
    const badCode = await fail('dossier.receive', { ...marriage, procedureCode: '<script>' });
    expect(badCode.code).toBe('VALIDATION_FAILED');
    expect(backend.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM event')?.n).toBe(before);
  });

  it('keeps HTML in a name as text', async () => {
    const detail = await call<DossierDetail>('dossier.receive', {
      ...marriage,
      applicant: { fullName: '<img src=x onerror=alert(1)> Lê Văn Tám' },
    });
    expect(detail.applicant?.fullName).toBe('<img src=x onerror=alert(1)> Lê Văn Tám');
  });

  it('records a dossier sent back at the counter (form 02 / 03) without receiving it', async () => {
    const outcome = await call<{ id: string; kind: string }>('dossier.intakeOutcome', {
      kind: 'supplement',
      intake: marriage,
      items: ['Bản sao Giấy khai sinh'],
      reason: 'Thiếu giấy tờ',
    });
    expect(outcome.kind).toBe('supplement');
    expect(backend.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM intake_outcome')?.n).toBe(1);
  });
});

describe('the lifecycle at the counter', () => {
  let id = '';
  it('transfers, accepts, records the result and returns it; then a satisfaction rating', async () => {
    now = instantMs('2026-11-24T09:00:00+07:00');
    const received = await call<DossierDetail>('dossier.receive', business);
    id = received.row.id;
    const act = (type: string, payload: unknown) =>
      call<DossierDetail>('dossier.act', { dossierId: id, type, payload });
    now += 10 * 60_000;
    const transferred = await act('transferred', { toOfficeId: 'xa-hung-nguyen', toUnitId: 'xa-hung-nguyen-kt' });
    expect(transferred.handoffs).toHaveLength(1);
    expect(transferred.handoffs[0]).toMatchObject({ toUnitId: 'xa-hung-nguyen-kt', timeliness: 'on-time' });
    expect(transferred.row.status).toBe(4);
    now += 60 * 60_000;
    await act('step-completed', { step: 'Thẩm định hồ sơ' });
    now += 60 * 60_000;
    const result = await act('result-recorded', {
      summary: 'Cấp Giấy chứng nhận đăng ký hộ kinh doanh',
      documentNo: '27A8012345',
    });
    expect(result.row.status).toBe(9);
    expect(result.allowedActions).toContain('returned');
    const returned = await act('returned', {
      collectedBy: { fullName: 'Đặng Thị Ưng', relation: 'applicant' },
    });
    expect(returned.row.status).toBe(10);
    expect(returned.row.closed).toBe(true);
    const rated = await act('satisfaction-recorded', { criteria: [2, 2, 2, 2, 2, 2, 2, 2, 1], rating: 5 });
    expect(rated.satisfaction).toEqual({ points: 17, rating: 5 });
    expect(rated.timeline.map((e) => e.type)).toEqual([
      'received',
      'transferred',
      'step-completed',
      'result-recorded',
      'returned',
      'satisfaction-recorded',
    ]);
  });

  it('refuses an action the state does not allow, with a translated error, even if the UI is bypassed', async () => {
    const after = await fail('dossier.act', { dossierId: id, type: 'result-recorded', payload: { summary: 'x' } });
    expect(after.code).toBe('DOSSIER_CLOSED');
    expect(after.message.length).toBeGreaterThan(10);
    const fresh = await call<DossierDetail>('dossier.receive', business);
    const notRecorded = await fail('dossier.act', {
      dossierId: fresh.row.id,
      type: 'returned',
      payload: { collectedBy: { fullName: 'X', relation: 'applicant' } },
    });
    expect(notRecorded.code).toBe('DOSSIER_RESULT_NOT_RECORDED');
    const badPayload = await fail('dossier.act', { dossierId: fresh.row.id, type: 'apology-issued', payload: {} });
    expect(badPayload.code).toBe('VALIDATION_FAILED');
    expect(badPayload.issues?.map((i) => i.path).sort()).toEqual(['newDueAt', 'reason']);
  });

  it('pauses the clock for a supplement and allows only one', async () => {
    const d = await call<DossierDetail>('dossier.receive', business);
    const act = (type: string, payload: unknown) =>
      backend.call('dossier.act', { dossierId: d.row.id, type, payload }, ctx);
    await act('supplement-requested', {
      items: ['Bản sao hợp đồng thuê nhà'],
      reason: 'Thiếu giấy tờ về địa điểm kinh doanh',
    });
    const second = await act('supplement-requested', { items: ['x'], reason: 'y' });
    expect(second).toMatchObject({ ok: false, error: { code: 'DOSSIER_SECOND_SUPPLEMENT' } });
    const row = (await call<DossierDetail>('dossier.get', { id: d.row.id })).row;
    expect(row.status).toBe(5);
    expect(row.pausedSince).not.toBeNull();
  });
});

describe('corrections of the receipt', () => {
  it('corrects the owner’s name and the procedure: both values kept, the new due time from the right procedure', async () => {
    now = instantMs('2026-11-24T09:00:00+07:00');
    const d = await call<DossierDetail>('dossier.receive', marriage);
    expect(d.row.dueAt).toBe('2026-11-24T17:00:00+07:00');
    const act = (payload: unknown) =>
      call<DossierDetail>('dossier.act', { dossierId: d.row.id, type: 'receipt-corrected', payload });
    const renamed = await act({
      field: 'owner.fullName',
      oldValue: 'Trần Văn Bình',
      newValue: 'Trần Văn Bính',
      reason: 'Gõ nhầm dấu',
    });
    expect(renamed.owner?.fullName).toBe('Trần Văn Bính');
    const moved = await act({
      field: 'procedure',
      oldValue: '1.000894',
      newValue: '1.001612',
      reason: 'Chọn nhầm thủ tục',
    });
    expect(moved.procedure?.code).toBe('1.001612');
    // Hộ kinh doanh: 3 working days from Tuesday 24/11 09:00.
    expect(moved.row.dueAt).toBe('2026-11-27T09:00:00+07:00');
    expect(moved.corrections.map((c) => [c.field, c.oldValue, c.newValue])).toEqual([
      ['owner.fullName', 'Trần Văn Bình', 'Trần Văn Bính'],
      ['procedure', '1.000894', '1.001612'],
    ]);
    const stale = await fail('dossier.act', {
      dossierId: d.row.id,
      type: 'receipt-corrected',
      payload: { field: 'owner.fullName', oldValue: 'Trần Văn Bình', newValue: 'X', reason: 'r' },
    });
    expect(stale.code).toBe('DOSSIER_CORRECTION_STALE');
    const unknown = await fail('dossier.act', {
      dossierId: d.row.id,
      type: 'receipt-corrected',
      payload: { field: 'procedure', oldValue: '1.001612', newValue: '9.999999', reason: 'r' },
    });
    expect(unknown.code).toBe('PROCEDURE_NOT_FOUND');
    const receipt = await call<{ base64: string }>('forms.render', { form: '01', subject: { dossierId: d.row.id } });
    expect(Buffer.from(receipt.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('work queues and search', () => {
  it('finds dossiers by folded name, by ID number, by phone and by code', async () => {
    const list = async (query: string) =>
      (await call<{ total: number; items: DossierRow[] }>('dossier.list', { query })).items.map((r) => r.applicantName);
    expect(await list('dang thi ung')).toContain('Đặng Thị Ưng');
    expect(await list('ĐẶNG')).toContain('Đặng Thị Ưng');
    expect(await list('040190001234')).toContain('Đặng Thị Ưng');
    expect(await list('0912345678')).toContain('Đặng Thị Ưng');
    expect(await list('tran van binh')).toContain('Đặng Thị Ưng');
    const byCode = await call<{ items: DossierRow[] }>('dossier.list', { query: '000.21.31.h40-261123-0002' });
    expect(byCode.items.map((r) => r.code)).toEqual(['000.21.31.H40-261123-0002']);
    expect(await list('nguyen khong co')).toEqual([]);
  });

  it('counts the queues and puts a dossier past its due time in the late queue', async () => {
    now = instantMs('2026-11-24T10:00:00+07:00');
    const before = await call<Record<string, number>>('dossier.queues', {});
    // The marriage dossiers of 23/11 were due at 17:00 that day and are still open: late.
    expect(before.late).toBeGreaterThanOrEqual(2);
    const late = await call<{ items: DossierRow[] }>('dossier.list', { queue: 'late' });
    expect(late.items.every((r) => r.overdue)).toBe(true);
    expect(late.items[0]?.remainingWorkingMinutes).toBeLessThan(0);
    expect(before.supplement).toBe(1);
    expect(before.ready).toBe(0);
    expect(before.closed).toBe(1);
    const all = await call<{ total: number }>('dossier.list', { queue: 'all' });
    expect(all.total).toBe(before.all);
  });
});

describe('the event log', () => {
  it('is append-only', () => {
    expect(() => backend.db.run('DELETE FROM event')).toThrow(/append-only/);
    expect(() => backend.db.run(`UPDATE event SET payload = '{}'`)).toThrow(/append-only/);
  });
  it('has one outbox row for every local event', () => {
    const events = backend.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM event WHERE origin = 'local'`)?.n;
    const outbox = backend.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox')?.n;
    expect(outbox).toBe(events);
  });
});
