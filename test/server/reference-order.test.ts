import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, disableUser, moveUser } from '../../server/accounts/users';
import type { ServerDatabase, Transaction } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { addOffice, listOffices } from '../../server/office/offices';
import { publishReference, referenceSince } from '../../server/reference/reference';
import { organisationDocumentSchema, type ReferenceValue, usersDocumentSchema } from '../../shared/sync/protocol';
import { repoRoot } from '../helpers/backend';
import { addOffices, backends, OFFICES, type Setup } from './fixtures';

/**
 * Reference versions come from one sequence, and a desktop keeps only the highest it has seen
 * (`since`). A change that took version n but commits after a change that took n + 1 would be skipped
 * by a desktop that pulled between the two commits; these tests make exactly that interleaving happen.
 */
const catalogue: unknown = JSON.parse(readFileSync(join(repoRoot, 'assets/catalogue/procedures.sample.json'), 'utf8'));
const calendar = (name: string) => ({ entries: [{ date: '2025-09-01', kind: 'HOLIDAY', name }] });
const PASSWORD = 'mat-khau-trung-tam';
/** The advisory lock key the test holds to stop a change right after it took its version. */
const PAUSE = 99_001;

/** What a desktop holds after applying these pulls in order: each kind's last version (and its users). */
function latestByKind(...values: ReferenceValue[]): Record<string, string> {
  const latest: Record<string, string> = {};
  for (const doc of values.flatMap((v) => v.documents)) {
    const users = doc.kind === 'users' ? usersDocumentSchema.parse(doc.content).users : [];
    latest[doc.kind] = [`v${doc.version}`, ...users.map((u) => `${u.username}${u.active ? '' : ' (disabled)'}`)].join(
      ' ',
    );
  }
  return latest;
}

function settled(promise: Promise<unknown>): () => boolean {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  return () => done;
}

describe('reference versions become visible in order on PostgreSQL', () => {
  let setup: Setup;
  let db: ServerDatabase;
  let n = 0;
  const user = (officeId: string) =>
    addUser(db, {
      username: `canbo.${++n}`,
      displayName: `Cán bộ ${n}`,
      roles: ['counter'],
      officeId,
      password: PASSWORD,
    });

  beforeAll(async () => {
    setup = await backends.PostgreSQL();
    db = setup.db;
    await migrate(db);
    await addOffices(db);
    // While the switch is on, a write to any table that holds reference versions waits for PAUSE right
    // after its row (and so its version) is written, before its transaction commits.
    await db.exec(`
      CREATE TABLE pause_switch (armed boolean NOT NULL);
      INSERT INTO pause_switch VALUES (false);
      CREATE FUNCTION pause_if_armed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT armed FROM pause_switch) THEN PERFORM pg_advisory_xact_lock_shared(${PAUSE}); END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER pause AFTER INSERT OR UPDATE ON reference_data FOR EACH ROW EXECUTE FUNCTION pause_if_armed();
      CREATE TRIGGER pause AFTER INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION pause_if_armed();
      CREATE TRIGGER pause AFTER INSERT OR UPDATE ON user_departures FOR EACH ROW EXECUTE FUNCTION pause_if_armed();`);
  }, 120_000);
  afterAll(async () => {
    await setup?.cleanup();
  });
  const arm = (armed: boolean) => db.query('UPDATE pause_switch SET armed = $1', [armed]);

  /** Whether some session waits for an advisory lock (`pause`: the test's own, else any other). */
  async function waitsForLock(pause: boolean): Promise<boolean> {
    const rows = await db.query(
      `SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted
          AND (l.objid = $1) = $2`,
      [PAUSE, pause],
    );
    return rows.length > 0;
  }
  async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  type Change = () => Promise<unknown>;
  const scenarios: { name: string; a: () => Promise<Change>; b: () => Promise<Change> }[] = [
    {
      name: 'a catalogue published, then a user disabled',
      a: async () => () => publishReference(db, 'catalogue', catalogue, 'a'),
      b: async () => {
        const u = await user(OFFICES.a.id);
        return () => disableUser(db, u.username);
      },
    },
    {
      name: 'a user disabled, then a calendar published',
      a: async () => {
        const u = await user(OFFICES.a.id);
        return () => disableUser(db, u.id);
      },
      b: async () => () => publishReference(db, 'calendar', calendar('Quốc khánh'), 'b'),
    },
    {
      name: 'a user moved away, then an office added',
      a: async () => {
        const u = await user(OFFICES.a.id);
        return () => moveUser(db, u.username, OFFICES.b.id);
      },
      b: async () => () =>
        addOffice(db, { id: 'xa-d', agencyId: '000.00.09.H56', name: 'UBND xã D', parentId: OFFICES.province.id }),
    },
    {
      name: 'an office added, then a user added',
      a: async () => () =>
        addOffice(db, { id: 'xa-e', agencyId: '000.00.10.H56', name: 'UBND xã E', parentId: OFFICES.province.id }),
      b: async () => () => user(OFFICES.a.id),
    },
    {
      name: 'an office added, then another office added (one organisation tree)',
      a: async () => () =>
        addOffice(db, { id: 'xa-f', agencyId: '000.00.11.H56', name: 'UBND xã F', parentId: OFFICES.province.id }),
      b: async () => () =>
        addOffice(db, { id: 'xa-g', agencyId: '000.00.12.H56', name: 'UBND xã G', parentId: OFFICES.province.id }),
    },
    {
      name: 'a user added, then another user moved in (one users document)',
      a: async () => () => user(OFFICES.a.id),
      b: async () => {
        const u = await user(OFFICES.b.id);
        return () => moveUser(db, u.username, OFFICES.a.id);
      },
    },
  ];

  for (const s of scenarios) {
    it(`a desktop pulling between two commits skips nothing: ${s.name}`, async () => {
      const a = await s.a();
      const b = await s.b();
      const since = (await referenceSince(db, 0, OFFICES.a.id)).version;

      // The test holds PAUSE, so the first change stops after taking its version, before its commit.
      let release = () => {};
      let holding = () => {};
      const held = new Promise<void>((resolve) => {
        holding = resolve;
      });
      const holder = db.transaction(async (tx: Transaction) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [PAUSE]);
        holding();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      });
      await held;
      await arm(true);
      try {
        const first = a();
        const firstDone = settled(first);
        await until(async () => firstDone() || (await waitsForLock(true)));
        await arm(false);
        expect(firstDone()).toBe(false);

        // The second change either commits now (the race) or waits for the first to commit.
        const second = b();
        const secondDone = settled(second);
        await until(async () => secondDone() || (await waitsForLock(false)));
        const between = await referenceSince(db, since, OFFICES.a.id);

        release();
        await Promise.all([holder, first, second]);
        const after = await referenceSince(db, between.version, OFFICES.a.id);
        const everything = await referenceSince(db, since, OFFICES.a.id);
        expect(latestByKind(between, after)).toEqual(latestByKind(everything));
        // The latest organisation tree has every office, those added at the same time included.
        const tree = everything.documents.find((d) => d.kind === 'organisation');
        if (tree) {
          const { offices } = organisationDocumentSchema.parse(tree.content);
          expect(offices.map((o) => o.id)).toEqual((await listOffices(db)).map((o) => o.id));
        }
      } finally {
        await arm(false);
        release();
        await holder;
      }
    });
  }

  it('a pull reads every kind at one moment: changes committed while it reads are all left for the next', async () => {
    const u = await user(OFFICES.a.id);
    const since = (await referenceSince(db, 0, OFFICES.a.id)).version;
    // Between the pull's read of the published documents and its read of the office's users, a
    // calendar and then a user change commit (in version order).
    let interleaved = false;
    const interleave = async (sql: string) => {
      if (interleaved || !/FROM reference_data/.test(sql)) return;
      interleaved = true;
      await publishReference(db, 'calendar', calendar('Giỗ Tổ'), 'between reads');
      await disableUser(db, u.username);
    };
    const watched = <Q extends Pick<Transaction, 'query'>>(inner: Q): Q => ({
      ...inner,
      query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => {
        const rows = await inner.query<T>(sql, params);
        await interleave(sql);
        return rows;
      },
    });
    const pulling: ServerDatabase = {
      ...watched(db),
      transaction: (fn) => db.transaction((tx) => fn(watched(tx))),
    };
    const during = await referenceSince(pulling, since, OFFICES.a.id);
    expect(interleaved).toBe(true);
    const after = await referenceSince(db, during.version, OFFICES.a.id);
    const everything = await referenceSince(db, since, OFFICES.a.id);
    expect(Object.keys(latestByKind(everything)).sort()).toEqual(['calendar', 'users']);
    expect(latestByKind(during, after)).toEqual(latestByKind(everything));
  });
});

describe('reference changes on PGlite (one connection)', () => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await backends.PGlite();
    await migrate(setup.db);
    await addOffices(setup.db);
  }, 120_000);
  afterAll(async () => {
    await setup?.cleanup();
  });

  it('changes started together all commit (the ordering lock never waits for itself) and all reach a desktop', async () => {
    const { db } = setup;
    const moving = await addUser(db, {
      username: 'canbo.di',
      displayName: 'Cán bộ chuyển',
      roles: ['counter'],
      officeId: OFFICES.a.id,
      password: PASSWORD,
    });
    const leaving = await addUser(db, {
      username: 'canbo.nghi',
      displayName: 'Cán bộ nghỉ',
      roles: ['counter'],
      officeId: OFFICES.a.id,
      password: PASSWORD,
    });
    const since = (await referenceSince(db, 0, OFFICES.a.id)).version;
    await Promise.all([
      publishReference(db, 'catalogue', catalogue),
      publishReference(db, 'calendar', calendar('Quốc khánh')),
      addOffice(db, { id: 'xa-d', agencyId: '000.00.09.H56', name: 'UBND xã D', parentId: OFFICES.province.id }),
      moveUser(db, moving.username, OFFICES.b.id),
      disableUser(db, leaving.username),
      addUser(db, {
        username: 'canbo.moi',
        displayName: 'Cán bộ mới',
        roles: ['counter'],
        officeId: OFFICES.a.id,
        password: PASSWORD,
      }),
    ]);
    const pulled = await referenceSince(db, since, OFFICES.a.id);
    expect(Object.keys(latestByKind(pulled)).sort()).toEqual(['calendar', 'catalogue', 'organisation', 'users']);
    const users = pulled.documents.find((d) => d.kind === 'users')?.content as { users: { username: string }[] };
    expect(users.users.map((x) => x.username)).toEqual(['canbo.moi', 'canbo.nghi']);
  });
});
