/**
 * Receipt (form 01, two copies) PDF generation time, ready to print (DESIGN.md §8: < 300 ms).
 *
 *   npx tsx bench/forms.bench.ts [--runs 60] [--warmup 10]
 *
 * The renderer is created once (fonts read and parsed, templates validated), as the back end keeps it;
 * each run folds nothing and renders the full PDF bytes (layout, barcode and QR, font subsetting, save).
 * Start-up (createFormRenderer + warmUp, done once when the back end starts) and the first receipt after it
 * are reported separately.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { FormContext } from '../electron/backend/forms';
import { createFormRenderer } from '../electron/backend/forms/render';
import { createCalendar } from '../shared/calendar/calendar';
import { DEFAULT_WORK_SCHEDULE } from '../shared/calendar/schema';
import { instantMs } from '../shared/calendar/time';
import { type DossierEvent, dossierEventSchema } from '../shared/dossier/events';
import { fold } from '../shared/dossier/fold';
import { encodeHlc } from '../shared/hlc/hlc';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}

function machine(): string {
  const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model;
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  return `${nproc} × ${model}, Node ${process.version}`;
}

const received: DossierEvent = dossierEventSchema.parse({
  id: '01900000000000000001',
  dossierId: 'bench-dossier',
  type: 'received',
  actor: { userId: 'user-1', officeId: 'office-counter' },
  deviceId: 'desk-1',
  hlc: encodeHlc({ ms: instantMs('2025-10-27T09:32:00+07:00'), counter: 0, node: 'desk-1' }),
  wallTime: '2025-10-27T09:32:00+07:00',
  payload: {
    code: '000.00.06.H56-251027-0361',
    procedure: {
      code: '2.000488',
      name: 'Cấp bản sao trích lục hộ tịch',
      duration: { unit: 'working-days', value: 5 },
    },
    channel: 1,
    applicantType: 1,
    applicant: {
      fullName: 'Đặng Thị Ưng',
      idNumber: '001199012345',
      phone: '0912345678',
      address: 'Số 5 ngõ 12 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội',
    },
    components: [
      { name: 'Tờ khai đề nghị cấp bản sao trích lục hộ tịch', copies: { original: 1, certified: 0, photocopy: 0 } },
      { name: 'Căn cước công dân của người yêu cầu', copies: { original: 0, certified: 1, photocopy: 1 } },
      { name: 'Văn bản ủy quyền (nếu có)', copies: { original: 1, certified: 0, photocopy: 0 } },
    ],
    schedule: DEFAULT_WORK_SCHEDULE,
  },
});

const ctx: FormContext = {
  office: {
    name: 'Bộ phận Một cửa UBND phường Hoàn Kiếm',
    parentName: 'UBND thành phố Hà Nội',
    agencyId: '000.00.06.H56',
    address: '126 Hàng Trống, phường Hoàn Kiếm, Hà Nội',
    phone: '024 3825 3536',
  },
  officerName: 'Nguyễn Văn Được',
  place: 'Hà Nội',
  printedAt: '2025-10-27T09:40:00+07:00',
};

async function main() {
  const runs = arg('runs', 60);
  const warmup = arg('warmup', 10);
  const state = fold([received], { calendar: createCalendar() });

  let t = performance.now();
  const renderer = createFormRenderer({ assetsDir: join(__dirname, '..', 'assets') });
  await renderer.warmUp();
  const startUp = performance.now() - t;
  t = performance.now();
  const first = await renderer.render('01', { state }, ctx);
  const firstReceipt = performance.now() - t;

  for (let i = 0; i < warmup; i++) await renderer.render('01', { state }, ctx);
  const times: number[] = [];
  let bytes = first.length;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const pdf = await renderer.render('01', { state }, ctx);
    times.push(performance.now() - t0);
    bytes = pdf.length;
  }
  times.sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`machine: ${machine()}`);
  console.log(`receipt (form 01, 2 copies, ${(bytes / 1024).toFixed(1)} KB): ${runs} runs after ${warmup} warm-up`);
  console.log(
    `  median ${fmt(percentile(times, 50))}  p95 ${fmt(percentile(times, 95))}  min ${fmt(times[0] as number)}  max ${fmt(times[times.length - 1] as number)}`,
  );
  console.log(`  start-up (fonts read and parsed, templates validated, warmUp): ${fmt(startUp)}`);
  console.log(`  first receipt after warmUp: ${fmt(firstReceipt)}`);
  console.log(`  budget (DESIGN.md §8): < 300 ms → ${percentile(times, 95) < 300 ? 'met' : 'NOT met'} at p95`);
}

void main();
