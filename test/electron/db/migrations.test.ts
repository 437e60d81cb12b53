import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/backend/db/migrations';
import { openDatabase } from '../../../electron/backend/db/sqlite';
import { tempDir } from '../../helpers/backend';
import { officeTotals } from '../../helpers/office-counts';

/** What each schema version must hold after migrating to the latest, for data written at that version. */
const seeds: Record<number, string> = {
  1: `INSERT INTO catalogue_field (code, name) VALUES ('HT', 'Hộ tịch');
      INSERT INTO procedure (code, name, name_folded, field_code, level, data)
      VALUES ('1.000894', 'Đăng ký kết hôn', 'dang ky ket hon', 'HT', 'commune', '{}');
      INSERT INTO meta (key, value) VALUES ('catalogue.version', 'v-old');`,
  2: `INSERT INTO office (id, agency_id, name, level) VALUES ('o1', '000.00.06.H56', 'UBND xã A', 'commune');
      INSERT INTO event (id, dossier_id, type, hlc, wall_time, user_id, office_id, device_id, payload, origin)
      VALUES ('e1', 'd1', 'received', '0', '2026-01-02T08:00:00+07:00', 'u1', 'o1', 'dev1', '{}', 'local');
      INSERT INTO outbox (event_seq) SELECT seq FROM event WHERE id = 'e1';`,
  3: `INSERT INTO attachment (sha256, size, mime, page_count, created_at)
      VALUES ('${'a'.repeat(64)}', 1234, 'application/pdf', 2, '2026-01-02T08:00:00+07:00');
      INSERT INTO attachment_link (id, sha256, dossier_id, component_index, component_name, owner_id_number,
        kind, digitized_by, digitized_at, created_at)
      VALUES ('l1', '${'a'.repeat(64)}', 'd1', 0, 'Tờ khai', '001090001234', 'intake', 'u1',
        '2026-01-02T08:00:00+07:00', '2026-01-02T08:00:00+07:00');`,
  4: `INSERT INTO app_user (id, username, display_name, roles, password_hash, created_at, updated_at)
      VALUES ('u1', 'lan', 'Nguyễn Thị Lan', '["counter"]', '$argon2id$x', '2026-01-02', '2026-01-02');
      INSERT INTO user_draft (user_id, kind, data, saved_at) VALUES ('u1', 'intake', '{}', '2026-01-02');
      INSERT INTO audit_log (at, kind, user_id, detail, hash) VALUES ('2026-01-02', 'sign-in', 'u1', '{}', 'h');`,
  5: `INSERT INTO sync_review (id, event_id, dossier_id, office_id, device_id, role, reason_code, message, event, created_at)
      VALUES (7, 'e9', 'd1', 'o1', 'dev1', 'submitter', 'not-holder', 'Không giữ hồ sơ', '{}', '2026-01-02');
      INSERT INTO sync_upload (sha256, state, updated_at) VALUES ('${'b'.repeat(64)}', 'pending', '2026-01-02');`,
  6: `INSERT INTO dossier (id, status, closed, received_at, result_at, due_at, state)
      VALUES ('d6', 9, 0, '2026-01-02T08:00:00+07:00', '2026-01-03T08:00:00+07:00', '2026-01-05T08:00:00+07:00', '{}');`,
  7: `INSERT INTO dossier (id, status, closed, receiving_office_id, holder_office_id, received_at, state)
      VALUES ('d7', 10, 1, 'o1', 'o2', '2026-01-02T08:00:00+07:00', '{}');`,
  8: `INSERT INTO projection_backlog (dossier_id) VALUES ('d7');`,
  // From 9 on the store keeps the office counts beside the row it writes (recountOffices).
  9: `INSERT INTO dossier (id, status, closed, receiving_office_id, holder_office_id, received_at, state)
      VALUES ('d9', 2, 0, 'o1', 'o1', '2026-01-03T08:00:00+07:00', '{}');
      UPDATE dossier_office_count SET total = total + 1 WHERE office_id = 'o1';`,
  10: `INSERT INTO dossier (id, status, closed, applicant_id_number, applicant_phone, owner_id_number, state)
      VALUES ('d10', 2, 0, '040190001234', '0912345678', '040190005678', '{}');`,
};

describe('migrations', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => {
    for (const remove of dirs.splice(0)) remove();
  });

  it('are numbered 1, 2, 3 … without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('every migration has seed data for the upgrade test', () => {
    for (const m of migrations) expect(seeds[m.version], `seed for migration ${m.version}`).toBeDefined();
  });

  const latest = migrations.at(-1)?.version ?? 0;
  for (let from = 0; from < latest; from++) {
    it(`migrate a database at version ${from} to ${latest}, keeping its data`, () => {
      const { dir, remove } = tempDir();
      dirs.push(remove);
      const file = join(dir, 'old.sqlite');
      // Each version's data written by that version (its triggers, if any, running), then upgraded.
      for (let v = 1; v <= from; v++) {
        const old = openDatabase(file, { upTo: v });
        expect(old.schemaVersion()).toBe(v);
        old.exec(seeds[v] ?? '');
        old.close();
      }

      const db = openDatabase(file);
      expect(db.schemaVersion()).toBe(latest);
      if (from >= 2) {
        expect(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox')?.n).toBe(1);
      }
      if (from >= 3) {
        expect(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM attachment_link')?.n).toBe(1);
      }
      if (from >= 1) {
        expect(db.get<{ name: string }>(`SELECT name FROM procedure WHERE code = '1.000894'`)?.name).toBe(
          'Đăng ký kết hôn',
        );
      }
      if (from >= 7) {
        const { kept, counted } = officeTotals(db);
        expect(kept).toEqual(counted);
        expect(kept).toContainEqual({ office_id: 'o2', total: 1, closed: 1 });
      }
      // Migration 10 dropped the three indexes no query reads (search goes through dossier_fts).
      const dropped = db.all<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'index'
           AND name IN ('dossier_id_number', 'dossier_owner_id_number', 'dossier_phone')`,
      );
      expect(dropped).toEqual([]);
      expect(db.get<{ n: number }>('PRAGMA foreign_key_check')).toBeUndefined();
      db.close();
    });
  }

  it('keep the ID numbers and phones whose indexes migration 10 dropped, and find them through full text', () => {
    const { dir, remove } = tempDir();
    dirs.push(remove);
    const file = join(dir, 'v9.sqlite');
    const old = openDatabase(file, { upTo: 9 });
    old.exec(seeds[10] ?? '');
    old.exec(`INSERT INTO dossier_fts (rowid, code, names, numbers)
      SELECT rowid, '', '', '040190001234 0912345678' FROM dossier WHERE id = 'd10'`);
    old.close();
    const db = openDatabase(file);
    expect(db.schemaVersion()).toBe(latest);
    expect(
      db.get('SELECT applicant_id_number, applicant_phone, owner_id_number FROM dossier WHERE id = ?', 'd10'),
    ).toEqual({ applicant_id_number: '040190001234', applicant_phone: '0912345678', owner_id_number: '040190005678' });
    const found = db.all<{ id: string }>(
      `SELECT d.id FROM dossier_fts f JOIN dossier d ON d.rowid = f.rowid WHERE dossier_fts MATCH ?`,
      '"0912345678"',
    );
    expect(found).toEqual([{ id: 'd10' }]);
    db.close();
  });

  it('opens in WAL mode with foreign keys on', () => {
    const { dir, remove } = tempDir();
    dirs.push(remove);
    const db = openDatabase(join(dir, 'x.sqlite'));
    expect(db.get<{ journal_mode: string }>('PRAGMA journal_mode')?.journal_mode).toBe('wal');
    expect(db.get<{ foreign_keys: number }>('PRAGMA foreign_keys')?.foreign_keys).toBe(1);
    db.close();
  });

  it('refuses a database written by a newer release', () => {
    const { dir, remove } = tempDir();
    dirs.push(remove);
    const file = join(dir, 'new.sqlite');
    const db = openDatabase(file);
    db.exec(`PRAGMA user_version = ${latest + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer than this release/);
  });
});
