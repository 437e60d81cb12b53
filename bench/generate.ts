/**
 * A realistic local database for benchmarks: N dossiers received over ten years at the sample
 * organisation's offices (assets/organisation), procedures from the sample catalogue
 * (assets/catalogue/procedures.sample.json), Vietnamese names and addresses, about 8 events each (receipt,
 * hand-off, supplement, four processing steps, apology, result, return, rating; some withdrawn, stopped or
 * still open and late).
 *
 *   npx tsx bench/generate.ts [--dossiers 1000000] [--out .data/bench/dossiers-1000000.sqlite] [--seed 7]
 *
 * How it writes (the choice, 2026-11-26): through the real DossierStore's `applyRemote`, the path a
 * desktop takes when it pulls events from the server — each event row is inserted, then the dossier is
 * refolded with the domain's `fold` and its projection row and FTS entry written by the store itself, so
 * the rows are exactly those the application writes (no copy of the projection SQL to drift). Batches of
 * 50,000 dossiers go in one transaction each (applyRemote's). Remote events write no outbox rows, as on a
 * desktop that pulled its history; local intake writes them (measured by the intake benchmark). The file
 * is cached: a run finding the file complete (meta `bench.generated` = N) reuses it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { CalendarStore } from '../electron/backend/calendar/store';
import { parseCatalogueFile } from '../electron/backend/catalogue/file';
import { replaceCatalogue } from '../electron/backend/catalogue/repository';
import { getMeta, setMeta } from '../electron/backend/db/meta';
import { type Database, openDatabase } from '../electron/backend/db/sqlite';
import { DossierStore } from '../electron/backend/dossier/store';
import { seedSampleOrganisation } from '../electron/backend/office/sample';
import type { WorkingCalendar } from '../shared/calendar/calendar';
import { formatInstant, localDateOf, MINUTE_MS } from '../shared/calendar/time';
import type { Duration } from '../shared/deadline/duration';
import { addWorkingTime, baseDue, clockStart, workingTimeBetween } from '../shared/deadline/engine';
import type { DossierEvent } from '../shared/dossier/events';
import { encodeHlc } from '../shared/hlc/hlc';
import { prng } from '../test/helpers/random';

const root = resolve(__dirname, '..');
/** What a holder records while processing, as `step-completed` events (DESIGN.md §8 counts 8 events a dossier). */
const PROCESSING_STEPS = ['Kiểm tra hồ sơ', 'Thẩm định', 'Trình lãnh đạo', 'Ký duyệt'];
const assetsDir = join(root, 'assets');
const HOUR = 60 * MINUTE_MS;
const WORKDAY = 8 * HOUR;

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Đinh',
  'Cao',
  'Thái',
  'Lương',
];
const MIDDLE_M = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Công', 'Thanh', 'Xuân', 'Đình', 'Trọng'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Hồng', 'Kim', 'Diệu', 'Phương', 'Bích'];
const GIVEN_M = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Đạt',
  'Hải',
  'Hiếu',
  'Hoàng',
  'Hùng',
  'Khánh',
  'Long',
  'Nam',
  'Phong',
  'Quân',
  'Sơn',
  'Thắng',
  'Toàn',
  'Trung',
  'Tuấn',
  'Vinh',
];
const GIVEN_F = [
  'Anh',
  'Châu',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hoa',
  'Hương',
  'Lan',
  'Linh',
  'Mai',
  'Nga',
  'Ngân',
  'Nhung',
  'Phương',
  'Thảo',
  'Trang',
  'Uyên',
  'Yến',
];
const PLACES = [
  'xã Hưng Nguyên, tỉnh Nghệ An',
  'xã Nam Đàn, tỉnh Nghệ An',
  'phường Vinh Hưng, tỉnh Nghệ An',
  'phường Thành Vinh, tỉnh Nghệ An',
  'xã Yên Thành, tỉnh Nghệ An',
];
const STREETS = [
  'Lê Lợi',
  'Trần Phú',
  'Nguyễn Du',
  'Quang Trung',
  'Phan Bội Châu',
  'Lê Hồng Phong',
  'Nguyễn Thị Minh Khai',
];

/** Receiving offices (with an agency id) and the units a dossier is handed to, from the sample tree. */
const RECEIVERS = [
  { office: 'xa-hung-nguyen', units: ['xa-hung-nguyen-vp', 'xa-hung-nguyen-kt'], weight: 0.4 },
  { office: 'xa-nam-dan', units: [], weight: 0.2 },
  { office: 'phuong-vinh-hung', units: [], weight: 0.2 },
  { office: 'ttpvhcc', units: [], departments: ['so-tu-phap', 'so-xay-dung', 'so-nong-nghiep'], weight: 0.2 },
] as const;

interface Procedure {
  code: string;
  name: string;
  fieldCode: string;
  duration: Duration;
}

export interface GenerateOptions {
  file: string;
  dossiers: number;
  /** The instant the history ends at (the benchmark's "now"). */
  now: number;
  seed?: number;
  batch?: number;
  log?: (line: string) => void;
}

function person(r: () => number) {
  const female = r() < 0.5;
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)] as T;
  const fullName = `${pick(FAMILY)} ${pick(female ? MIDDLE_F : MIDDLE_M)} ${pick(female ? GIVEN_F : GIVEN_M)}`;
  const province = '040';
  const idNumber = `${province}${female ? '1' : '0'}${String(Math.floor(r() * 100)).padStart(2, '0')}${String(Math.floor(r() * 1e6)).padStart(6, '0')}`;
  const phone = `09${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
  const place = pick(PLACES);
  const address = place.startsWith('phường')
    ? `Số ${1 + Math.floor(r() * 200)} đường ${pick(STREETS)}, ${place}`
    : `Xóm ${1 + Math.floor(r() * 15)}, ${place}`;
  return { fullName, idNumber, phone, address };
}

/** Builds the events of one dossier (already in order); the fold decides its state and timeliness. */
function dossierEvents(
  r: () => number,
  cal: WorkingCalendar,
  procedures: readonly Procedure[],
  receivedAt: number,
  now: number,
  code: string,
  device: string,
): DossierEvent[] {
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)] as T;
  const w = r();
  let acc = 0;
  const receiver =
    RECEIVERS.find((x) => {
      acc += x.weight;
      return w < acc;
    }) ?? RECEIVERS[0];
  const procedure = pick(procedures);
  const officer = `can-bo-${receiver.office}-${1 + Math.floor(r() * 4)}`;
  const dossierId = uuidv7({ msecs: receivedAt });
  const events: DossierEvent[] = [];
  let counter = 0;
  const push = (type: DossierEvent['type'], when: number, officeId: string, payload: unknown, userId = officer) => {
    const at = Math.round(when / 1000) * 1000;
    events.push({
      id: uuidv7({ msecs: at }),
      dossierId,
      type,
      hlc: encodeHlc({ ms: at, counter: counter++, node: device }),
      wallTime: formatInstant(at),
      actor: { userId, officeId },
      deviceId: device,
      payload,
    } as DossierEvent);
  };
  const applicant = person(r);
  const channel = r() < 0.35 ? 2 : r() < 0.93 ? 1 : 3;
  push('received', receivedAt, receiver.office, {
    code,
    procedure: {
      code: procedure.code,
      name: procedure.name,
      fieldCode: procedure.fieldCode,
      duration: procedure.duration,
    },
    channel,
    applicantType: r() < 0.9 ? 1 : 2,
    applicant,
    components: [
      {
        name: 'Tờ khai',
        copies: { original: 1, certified: 0, photocopy: 0 },
        ...(r() < 0.7 ? { fileSha256: 'a'.repeat(64) } : {}),
      },
    ],
    schedule: cal.scheduleOn(localDateOf(receivedAt)),
  });
  const due = baseDue(cal, receivedAt, procedure.duration);
  const start = clockStart(cal, receivedAt);
  const span = due === null ? 5 * WORKDAY : Math.max(HOUR, workingTimeBetween(cal, start, due));
  const at = (fraction: number, plus = 0) =>
    addWorkingTime(cal, start, Math.max(5 * MINUTE_MS, fraction * Math.min(span, 30 * WORKDAY)) + plus);
  // Hand-off: to a unit of the office, or to a department for the service centre.
  const departments = 'departments' in receiver ? receiver.departments : [];
  const holder = departments.length ? pick(departments) : receiver.office;
  const unit = receiver.units.length ? pick(receiver.units) : undefined;
  let t = at(0.05 + r() * 0.1);
  if (t >= now) return events;
  // A commune without units processes the dossier itself (a transfer to itself would be refused).
  if (holder !== receiver.office || unit) {
    push('transferred', t, receiver.office, {
      toOfficeId: holder,
      ...(unit ? { toUnitId: unit } : {}),
      mode: 'electronic',
    });
  }
  if (holder !== receiver.office) {
    t += 10 * MINUTE_MS;
    if (t >= now) return events;
    push('accepted', t, holder, {}, `can-bo-${holder}`);
  }
  const holderUser = holder === receiver.office ? officer : `can-bo-${holder}`;
  // Fates: withdrawn 2 %, stopped 1 %, stuck open (long overdue) 0.3 %, otherwise resolved.
  const fate = r();
  let extra = 0;
  if (r() < 0.1) {
    t = at(0.3);
    if (t >= now) return events;
    push('supplement-requested', t, holder, { items: ['Bản sao giấy tờ'], reason: 'Thiếu giấy tờ' }, holderUser);
    const back = t + (1 + Math.floor(r() * 10)) * 24 * HOUR;
    if (back >= now) return events;
    push('supplement-received', addWorkingTime(cal, back, HOUR), receiver.office, {});
    extra = workingTimeBetween(cal, t, addWorkingTime(cal, back, HOUR));
    t = addWorkingTime(cal, back, HOUR);
  }
  if (fate < 0.02) {
    const w2 = t + HOUR;
    if (w2 < now) push('withdrawn', w2, receiver.office, { reason: 'Công dân rút hồ sơ' });
    return events;
  }
  if (fate < 0.03) {
    const s = t + 2 * HOUR;
    if (s < now) push('stopped', s, holder, { reason: 'Dừng giải quyết theo mẫu 05' }, holderUser);
    return events;
  }
  if (fate < 0.033) return events;
  const late = r() < 0.12;
  const resultAt = Math.max(t + MINUTE_MS, late ? at(1.05 + r() * 0.8, extra) : at(0.3 + r() * 0.65, extra));
  if (late && due !== null && r() < 0.5) {
    // An apology: in time (≥ 1 working day before) two times out of three.
    const issued =
      r() < 0.66
        ? addWorkingTime(cal, start, Math.max(HOUR, span + extra - 1.5 * WORKDAY))
        : addWorkingTime(cal, start, span + extra - HOUR);
    const issuedAt = Math.max(issued, t + MINUTE_MS);
    if (issuedAt < now && issuedAt < resultAt) {
      push(
        'apology-issued',
        issuedAt,
        holder,
        {
          reason: 'Cần thêm thời gian xác minh',
          newDueAt: formatInstant(addWorkingTime(cal, due, extra + 3 * WORKDAY)),
        },
        holderUser,
      );
    }
  }
  // The holder's processing steps between the hand-off and the result (no draw: the rest of the data
  // stays what it was before the steps were added).
  const work = workingTimeBetween(cal, t, resultAt);
  for (const [k, step] of PROCESSING_STEPS.entries()) {
    const stepAt = addWorkingTime(cal, t, (work * (k + 1)) / (PROCESSING_STEPS.length + 1));
    if (stepAt >= now || stepAt >= resultAt) break;
    push('step-completed', stepAt, holder, { step }, holderUser);
  }
  if (resultAt >= now) return events;
  push(
    'result-recorded',
    resultAt,
    holder,
    { summary: 'Kết quả giải quyết', documentNo: `${Math.floor(r() * 9000) + 1000}/GCN` },
    holderUser,
  );
  const returnedAt = addWorkingTime(cal, resultAt, (0.2 + r() * 2) * WORKDAY);
  if (returnedAt >= now || r() < 0.03) return events;
  push('returned', returnedAt, receiver.office, {
    collectedBy: { fullName: applicant.fullName, relation: 'applicant' },
    method: 'counter',
  });
  if (r() < 0.3 && returnedAt + 10 * MINUTE_MS < now) {
    push('satisfaction-recorded', returnedAt + 10 * MINUTE_MS, receiver.office, {
      criteria: Array.from({ length: 9 }, () => (r() < 0.85 ? 2 : 1)),
      rating: r() < 0.8 ? 5 : 4,
    });
  }
  return events;
}

/** Opens (and migrates) a database with the sample catalogue and organisation, as a demo desktop has. */
export function openBenchDatabase(file: string): Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = openDatabase(file);
  if (!getMeta(db, 'catalogue.version')) {
    replaceCatalogue(
      db,
      parseCatalogueFile(readFileSync(join(assetsDir, 'catalogue', 'procedures.sample.json'), 'utf8'), 'vi'),
    );
  }
  seedSampleOrganisation(db, assetsDir);
  return db;
}

/** Generates the database unless a complete one is cached at `file`; returns it open. */
export function generate(options: GenerateOptions): Database {
  const log = options.log ?? (() => {});
  if (existsSync(options.file)) {
    const db = openDatabase(options.file);
    if (getMeta(db, 'bench.generated') === String(options.dossiers)) {
      log(`reusing ${options.file} (${options.dossiers} dossiers)`);
      return db;
    }
    db.close();
  }
  const partial = `${options.file}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  const db = openBenchDatabase(partial);
  db.exec('PRAGMA synchronous = OFF');
  const calendars = new CalendarStore(db);
  const cal = calendars.calendar();
  const store = new DossierStore(db, calendars, () => options.now);
  const procedures = db
    .all<{ code: string; name: string; field_code: string; data: string }>(
      'SELECT code, name, field_code, data FROM procedure',
    )
    .map((p) => ({
      code: p.code,
      name: p.name,
      fieldCode: p.field_code,
      duration: (JSON.parse(p.data) as { duration: Duration }).duration,
    }));
  const agencies = new Map(
    db
      .all<{ id: string; agency_id: string | null }>('SELECT id, agency_id FROM office')
      .map((o) => [o.id, o.agency_id]),
  );
  const r = prng(options.seed ?? 7);
  const years = 10;
  const first = options.now - years * 365 * 24 * HOUR;
  const step = (options.now - first) / options.dossiers;
  const batch = options.batch ?? 50_000;
  const perDay = new Map<string, number>();
  const device = 'bench-desk';
  const started = Date.now();
  let pending: DossierEvent[] = [];
  let events = 0;
  for (let i = 0; i < options.dossiers; i++) {
    // Spread over ten years, moved into working time (the clock start of a random instant).
    const receivedAt = clockStart(cal, Math.floor(first + i * step + r() * step));
    if (receivedAt >= options.now) continue;
    const day = localDateOf(receivedAt);
    const list = dossierEvents(r, cal, procedures, receivedAt, options.now, '', device);
    const receiver = list[0]?.actor.officeId ?? 'xa-hung-nguyen';
    const key = `${receiver}|${day}`;
    const n = (perDay.get(key) ?? 0) + 1;
    perDay.set(key, n);
    const received = list[0];
    if (received?.type === 'received') {
      received.payload.code = `${agencies.get(receiver)}-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${String(n).padStart(4, '0')}`;
    }
    pending.push(...list);
    events += list.length;
    if ((i + 1) % batch === 0 || i === options.dossiers - 1) {
      store.applyRemote(pending);
      pending = [];
      const s = (Date.now() - started) / 1000;
      log(`${i + 1} dossiers, ${events} events, ${s.toFixed(0)} s`);
    }
  }
  setMeta(db, 'bench.generated', String(options.dossiers));
  setMeta(db, 'bench.now', formatInstant(options.now));
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, options.file);
  for (const f of [`${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  return openDatabase(options.file);
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const dossiers = Number(arg('dossiers') ?? 1_000_000);
  const file = resolve(arg('out') ?? join(root, '.data', 'bench', `dossiers-${dossiers}.sqlite`));
  const db = generate({
    file,
    dossiers,
    now: Date.parse(arg('now') ?? '2026-11-26T02:00:00Z'),
    seed: Number(arg('seed') ?? 7),
    log: (l) => process.stdout.write(`${l}\n`),
  });
  db.close();
}
