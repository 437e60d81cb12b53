/**
 * A desktop back end in a process of its own for the crash test (crash.test.ts): opens the data folder
 * given in MOTCUA_DATA with the installation secret of the web host (`motcua.key`, so the database is
 * encrypted), signs in an officer and receives dossiers in a loop, as fast as it can. As soon as
 * `dossier.receive` returns, it writes `ACK <code> <dossier id>` on stdout (a synchronous write to the
 * pipe): that line is the acknowledgement the officer would have seen on the screen. The test kills it
 * with SIGKILL wherever it happens to be.
 * Env: MOTCUA_DATA; LIMIT (stop after that many intakes and exit 0; unlimited by default); PREFIX (names).
 */
import { writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { hashPasswordSync } from '../../../electron/backend/accounts/passwords';
import { saveAccountSettings, upsertUser, userByName } from '../../../electron/backend/accounts/repository';
import { loadOrCreateKeyFile } from '../../../electron/backend/accounts/secret';
import { openBackend } from '../../../electron/backend/backend';
import { getDesk } from '../../../electron/backend/office/repository';
import { ROLES } from '../../../shared/accounts/roles';
import { instantMs } from '../../../shared/calendar/time';
import type { DossierDetail } from '../../../shared/contract/dossier';

const dataDir = process.env.MOTCUA_DATA ?? '';
if (!dataDir) throw new Error('MOTCUA_DATA is required');
const limit = Number(process.env.LIMIT ?? Number.POSITIVE_INFINITY);
const prefix = process.env.PREFIX ?? 'Công dân';
// One pinned working day (a Monday), moving a second per intake: every code falls on the same day, so
// the numbers of the whole test form one sequence.
let now = instantMs('2026-11-23T09:00:00+07:00');
const backend = openBackend({
  dataDir,
  assetsDir: resolve(__dirname, '..', '..', '..', 'assets'),
  version: 'crash-child',
  log: pino({ level: 'silent' }),
  now: () => now,
  sampleData: true,
  secret: loadOrCreateKeyFile(join(dataDir, 'motcua.key')),
  sync: { autoStart: false },
});
const last = backend.db.get<{ wall_time: string }>('SELECT MAX(wall_time) AS wall_time FROM event');
if (last?.wall_time) now = Math.max(now, instantMs(last.wall_time));

const username = 'can-bo-mot-cua';
let userId = userByName(backend.db, username)?.id;
if (!userId) {
  userId = upsertUser(
    backend.db,
    {
      username,
      displayName: 'Cán bộ một cửa',
      roles: ROLES,
      officeId: getDesk(backend.db).officeId,
      active: true,
      passwordHash: hashPasswordSync('mat-khau-thu-nghiem'),
    },
    new Date().toISOString(),
  ).id;
  saveAccountSettings(backend.db, { ...backend.accounts.settings(), idleLockSeconds: 24 * 3600 });
}
const ctx = { language: 'vi' as const, session: backend.accounts.openSessionFor(userId) };
writeSync(1, 'READY\n');

async function loop(): Promise<void> {
  for (let i = 0; i < limit; i++) {
    now += 1000;
    const result = await backend.call(
      'dossier.receive',
      {
        procedureCode: '1.000894',
        applicant: {
          fullName: `${prefix} Đặng Thị Ưng ${i}`,
          idNumber: `0401900${String(i % 100000).padStart(5, '0')}`,
          phone: '0912345678',
          address: 'Xóm 3, xã Hưng Nguyên',
        },
        components: [{ name: 'Tờ khai đăng ký kết hôn', copies: { original: 1, certified: 0, photocopy: 0 } }],
      },
      ctx,
    );
    if (!result.ok) {
      writeSync(2, `receive failed: ${JSON.stringify(result.error)}\n`);
      process.exit(2);
    }
    const detail = result.value as DossierDetail;
    writeSync(1, `ACK ${detail.row.code} ${detail.row.id}\n`);
  }
  backend.close();
}

loop().catch((error: unknown) => {
  writeSync(2, `${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
