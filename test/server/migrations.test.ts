import { describe, expect, it } from 'vitest';
import type { ServerDatabase } from '../../server/db/database';
import { appliedVersions, LATEST_VERSION, migrate } from '../../server/db/migrate';
import { migrations } from '../../server/db/migrations';
import { backends } from './fixtures';

/** Rows written at each schema version; every later migration must keep them. */
const seeds: Record<number, (db: ServerDatabase) => Promise<void>> = {
  1: async (db) => {
    await db.query(
      `INSERT INTO offices (id, agency_id, name, level) VALUES ('o1', '000.00.06.H56', 'UBND xã A', 'commune')`,
    );
    await db.query(
      `INSERT INTO devices (id, office_id, agency_id, name, credential_hash, slot)
       VALUES ('dev1', 'o1', '000.00.06.H56', 'Quầy 1', repeat('a', 64), 0)`,
    );
  },
  2: async (db) => {
    await db.query(
      `INSERT INTO events (id, dossier_id, type, office_id, user_id, device_id, pushed_by, hlc, wall_time, payload)
       VALUES ('e1', 'd1', 'withdrawn', 'o1', 'u1', 'dev1', 'dev1', '001752541200000-000000-dev1', '2025-07-15T08:00:00+07:00', '{}')`,
    );
    await db.query(`INSERT INTO dossier_access (dossier_id, office_id, granted_seq) VALUES ('d1', 'o1', 1)`);
  },
  3: async (db) => {
    await db.query(
      `INSERT INTO number_blocks (agency_id, date, next_number) VALUES ('000.00.06.H56', '2025-07-15', 51)`,
    );
  },
  4: async (db) => {
    await db.query(
      `INSERT INTO report_dossiers (dossier_id, last_seq, receiving_office_id, received_at, state)
       VALUES ('d1', 1, 'o1', '2025-07-15T01:00:00Z', '{"dossierId":"d1"}')`,
    );
  },
  5: async (db) => {
    await db.query(
      `INSERT INTO users (id, username, display_name, roles, office_id, password_hash)
       VALUES ('u1', 'canbo01', 'Nguyễn Văn A', '["counter"]', 'o1', '$argon2id$v=19$m=19456,t=2,p=1$x$y')`,
    );
  },
  6: async (db) => {
    await db.query(`INSERT INTO user_departures (office_id, user_id) VALUES ('o1', 'u1')`);
  },
};

const checks: Record<number, (db: ServerDatabase) => Promise<void>> = {
  1: async (db) => {
    expect(await db.query('SELECT id, name FROM offices')).toEqual([{ id: 'o1', name: 'UBND xã A' }]);
    expect((await db.query('SELECT slot FROM devices')).length).toBe(1);
  },
  2: async (db) => {
    expect(await db.query('SELECT id, dossier_id FROM events')).toEqual([{ id: 'e1', dossier_id: 'd1' }]);
  },
  3: async (db) => {
    expect(await db.query('SELECT next_number FROM number_blocks')).toEqual([{ next_number: 51 }]);
  },
  4: async (db) => {
    expect(await db.query('SELECT dossier_id, last_seq::int AS last_seq, state FROM report_dossiers')).toEqual([
      { dossier_id: 'd1', last_seq: 1, state: { dossierId: 'd1' } },
    ]);
  },
  5: async (db) => {
    expect(await db.query('SELECT username, roles, active FROM users')).toEqual([
      { username: 'canbo01', roles: ['counter'], active: true },
    ]);
  },
  6: async (db) => {
    expect(await db.query('SELECT office_id, user_id FROM user_departures')).toEqual([
      { office_id: 'o1', user_id: 'u1' },
    ]);
  },
};

describe('server migrations', () => {
  it('has one seed per version, versions numbered 1..N in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations) expect(seeds[m.version], `seed for version ${m.version}`).toBeTypeOf('function');
  });

  for (const [name, open] of Object.entries(backends)) {
    for (let from = 0; from < LATEST_VERSION; from++) {
      it(`migrates a ${name} database from version ${from} to ${LATEST_VERSION}, keeping its rows`, async () => {
        const setup = await open();
        try {
          await migrate(setup.db, from);
          expect(await appliedVersions(setup.db)).toEqual(
            migrations.filter((m) => m.version <= from).map((m) => m.version),
          );
          for (let v = 1; v <= from; v++) await seeds[v]?.(setup.db);
          const applied = await migrate(setup.db);
          expect(applied).toEqual(migrations.filter((m) => m.version > from).map((m) => m.version));
          expect(await appliedVersions(setup.db)).toEqual(migrations.map((m) => m.version));
          for (let v = 1; v <= from; v++) await checks[v]?.(setup.db);
          // Rows written at the latest version too, and a second run changes nothing.
          for (let v = from + 1; v <= LATEST_VERSION; v++) await seeds[v]?.(setup.db);
          for (let v = 1; v <= LATEST_VERSION; v++) await checks[v]?.(setup.db);
          expect(await migrate(setup.db)).toEqual([]);
        } finally {
          await setup.cleanup();
        }
      }, 120_000);
    }
  }

  it('leaves the schema as it was when a migration fails', async () => {
    const setup = await backends.PostgreSQL();
    try {
      await migrate(setup.db, 1);
      const broken = [
        ...migrations,
        { version: 99, name: 'broken', sql: 'CREATE TABLE x (id int); SELECT * FROM nowhere;' },
      ];
      await expect(migrate(setup.db, 99, broken)).rejects.toThrow(/nowhere/);
      expect(await appliedVersions(setup.db)).toEqual([1]);
      expect(await setup.db.query(`SELECT to_regclass('events')::text AS t`)).toEqual([{ t: null }]);
    } finally {
      await setup.cleanup();
    }
  });
});
