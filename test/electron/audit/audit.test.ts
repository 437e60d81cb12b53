import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKey, keyFileName, loadOrCreateKeyFile } from '../../../electron/backend/accounts/secret';
import { canonicalEventJson, canonicalJson } from '../../../electron/backend/audit/canonical';
import { chainUnlinkedEvents, verifyAudit } from '../../../electron/backend/audit/chain';
import { databaseFileName, openBackend } from '../../../electron/backend/backend';
import { openDatabase } from '../../../electron/backend/db/sqlite';
import { ROLES } from '../../../shared/accounts/roles';
import type { DossierDetail } from '../../../shared/contract/dossier';
import { addTestUser, assetsDir, repoRoot, silentLog, tempDir } from '../../helpers/backend';

interface Problem {
  stream: string;
  kind: string;
  position: number;
  eventId: string;
  expected: string | null;
  found: string | null;
}

/** `npm run -s cli -- verify-audit --data DIR`, spawned for real. */
function verifyCli(dataDir: string): { code: number | null; report: { ok: boolean; problems: Problem[] } } {
  const run = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(repoRoot, 'electron', 'cli', 'main.ts'),
      'verify-audit',
      '--data',
      dataDir,
    ],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, MOTCUA_LOG_LEVEL: 'silent' } },
  );
  return { code: run.status, report: JSON.parse(run.stdout) as { ok: boolean; problems: Problem[] } };
}

const intake = (name: string) => ({
  procedureCode: '1.000894',
  applicant: { fullName: name, idNumber: '001190012345', phone: '0912345678', address: 'Hà Nội' },
  components: [{ name: 'Tờ khai', copies: { originals: 1, copies: 0 } }],
});

describe('the tamper-evident audit trail', () => {
  const base = tempDir('motcua-audit-');
  const copies: (() => void)[] = [];
  let eventIds: string[] = [];
  let key: Buffer;

  beforeAll(async () => {
    const secret = loadOrCreateKeyFile(join(base.dir, keyFileName));
    key = deriveKey(secret, 'database');
    const backend = openBackend({
      dataDir: base.dir,
      assetsDir,
      version: 't',
      log: silentLog,
      sampleData: true,
      secret,
    });
    const session = backend.accounts.openSessionFor(addTestUser(backend, 'lan', ROLES));
    const ctx = { language: 'vi' as const, session };
    for (const name of ['Đặng Thị Mai', 'Nguyễn Văn An', 'Lê Văn Bình', 'Phạm Thị Cúc']) {
      const result = await backend.call('dossier.receive', intake(name), ctx);
      if (!result.ok) throw new Error(result.error.message);
      const detail = result.value as DossierDetail;
      await backend.call('dossier.act', { dossierId: detail.row.id, type: 'transferred', payload: {} }, ctx);
    }
    await backend.call('audit.record', { kind: 'print', subject: 'receipt', detail: { form: '01' } }, ctx);
    eventIds = backend.db.all<{ id: string }>('SELECT id FROM event ORDER BY seq').map((r) => r.id);
    backend.close();
  });
  afterAll(() => {
    for (const remove of copies) remove();
    base.remove();
  });

  /** A copy of the data folder, tampered with through a raw connection (the triggers dropped first). */
  function tampered(sql: string): string {
    const copy = tempDir('motcua-tamper-');
    copies.push(copy.remove);
    cpSync(base.dir, copy.dir, { recursive: true });
    const db = openDatabase(join(copy.dir, databaseFileName), { key });
    db.exec(`PRAGMA foreign_keys = OFF;
      DROP TRIGGER event_append_only; DROP TRIGGER event_immutable;
      DROP TRIGGER audit_log_append_only; DROP TRIGGER audit_log_immutable;
      ${sql}`);
    db.close();
    return copy.dir;
  }

  it('links a history written before the audit trail existed, page by page, to the same hashes', () => {
    const copy = tempDir('motcua-unchained-');
    copies.push(copy.remove);
    cpSync(base.dir, copy.dir, { recursive: true });
    const db = openDatabase(join(copy.dir, databaseFileName), { key });
    try {
      const live = db.all<{ event_id: string; hash: string }>('SELECT event_id, hash FROM event_chain ORDER BY rowid');
      // As a database from before the audit trail: the chain's guard dropped, the chain emptied.
      db.exec('DROP TRIGGER event_chain_append_only; DELETE FROM event_chain');
      // Pages of 3 events: the history spans several pages, all linked in one transaction.
      expect(chainUnlinkedEvents(db, 3)).toBe(eventIds.length);
      expect(db.all('SELECT event_id, hash FROM event_chain ORDER BY rowid')).toEqual(live);
      expect(verifyAudit(db).ok).toBe(true);
      // A chain that exists is never extended silently, even with an event missing from it.
      db.exec(`DELETE FROM event_chain WHERE event_id = '${eventIds.at(-1)}'`);
      expect(chainUnlinkedEvents(db, 3)).toBe(0);
      expect(verifyAudit(db).problems).toEqual([
        expect.objectContaining({ kind: 'unchained', eventId: eventIds.at(-1) }),
      ]);
    } finally {
      db.close();
    }
  });

  it('chains every event of the office and verifies intact (exit 0)', () => {
    expect(eventIds.length).toBeGreaterThanOrEqual(4);
    const { code, report } = verifyCli(base.dir);
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(code).toBe(0);
  });

  it('names an edited event: its id, position, expected and found hash (exit 3)', () => {
    const victim = eventIds[1] as string;
    const dir = tampered(
      `UPDATE event SET payload = replace(payload, 'Nguyễn Văn An', 'Nguyễn Văn Ăn') WHERE id = '${victim}';`,
    );
    const { code, report } = verifyCli(dir);
    expect(code).toBe(3);
    expect(report.problems).toEqual([
      {
        stream: expect.stringMatching(/^office:/),
        kind: 'edited',
        position: 2,
        eventId: victim,
        expected: expect.stringMatching(/^[0-9a-f]{64}$/),
        found: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    expect(report.problems[0]?.expected).not.toBe(report.problems[0]?.found);
  });

  it('names a deleted event', () => {
    const victim = eventIds[2] as string;
    const dir = tampered(`DELETE FROM outbox WHERE event_seq = (SELECT seq FROM event WHERE id = '${victim}');
      DELETE FROM event WHERE id = '${victim}';`);
    const { code, report } = verifyCli(dir);
    expect(code).toBe(3);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'deleted', position: 3, eventId: victim, found: null }),
    ]);
  });

  it('names reordered events', () => {
    // The office's first event moved behind the others.
    const moved = eventIds[0] as string;
    const dir = tampered(`UPDATE event SET seq = (SELECT max(seq) + 1 FROM event) WHERE id = '${moved}';`);
    const { code, report } = verifyCli(dir);
    expect(code).toBe(3);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems.every((p) => p.kind === 'reordered')).toBe(true);
    expect(report.problems[0]).toMatchObject({ position: 1, eventId: moved, expected: moved, found: eventIds[1] });
  });

  it('names an event slipped in without a link, and an edited audit log entry', () => {
    const dir =
      tampered(`INSERT INTO event (id, dossier_id, type, hlc, wall_time, user_id, office_id, device_id, payload, origin)
        SELECT 'forged-event', dossier_id, type, hlc, wall_time, user_id, office_id, device_id, payload, origin
        FROM event WHERE id = '${eventIds[0]}';
      UPDATE audit_log SET detail = '{"form":"02"}' WHERE kind = 'print';`);
    const { code, report } = verifyCli(dir);
    expect(code).toBe(3);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'unchained', eventId: 'forged-event' }),
        expect.objectContaining({ stream: 'audit-log', kind: 'edited' }),
      ]),
    );
  });

  it('records sign-in and prints in the audit log, each entry chained', () => {
    const db = openDatabase(join(base.dir, databaseFileName), { key });
    const kinds = db.all<{ kind: string }>('SELECT kind FROM audit_log ORDER BY seq').map((r) => r.kind);
    expect(kinds).toContain('print');
    expect(verifyAudit(db).ok).toBe(true);
    db.close();
  });

  it('hashes canonical JSON: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson([undefined, { z: [], é: 'Nguyễn', A: -1.5e-7 }])).toBe(
      '[null,{"A":-1.5e-7,"z":[],"é":"Nguyễn"}]',
    );
  });

  it('writes array-index keys, a member named __proto__ and many members as the first implementation did', () => {
    // JavaScript lists array-index keys first and in numeric order; canonical JSON sorts them as text.
    expect(canonicalJson({ b: 1, '10': 'x', '9': 'y', $: [{ '2': 0, '1': 1 }] })).toBe(
      '{"$":[{"1":1,"2":0}],"10":"x","9":"y","b":1}',
    );
    expect(canonicalJson(JSON.parse('{"z":1,"__proto__":{"b":2,"a":1}}'))).toBe('{"__proto__":{"a":1,"b":2},"z":1}');
    // A value that needs no reordering is written as it is.
    const value = { a: [1, { c: 2, d: [3] }], b: 'x' };
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
    // An object with many members, out of order.
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${String(39 - i).padStart(2, '0')}`, i]));
    expect(canonicalJson(many)).toBe(
      `{${Array.from({ length: 40 }, (_, i) => `"k${String(i).padStart(2, '0')}":${39 - i}`).join(',')}}`,
    );
    // One that does is written in order, and is not changed by being written.
    const unsorted = { d: { f: 1, e: 2 }, c: 0 };
    expect(canonicalJson(unsorted)).toBe('{"c":0,"d":{"e":2,"f":1}}');
    expect(JSON.stringify(unsorted)).toBe('{"d":{"f":1,"e":2},"c":0}');
  });

  it('writes the same canonical JSON as the first implementation, so chains already stored still verify', () => {
    // The implementation the first chains were hashed with (Object.entries, sort, map, join).
    const first = (value: unknown): string => {
      if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : first(v))).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && typeof v !== 'function')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${first(v)}`).join(',')}}`;
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(first(value));
      }),
      { numRuns: 1000 },
    );
    // Member names that JavaScript orders specially, mixed with ordinary ones, at every depth.
    const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '9', '10', '01', '4294967295', '__proto__', '$', 'a'));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        fc.oneof(
          fc.string(),
          fc.integer(),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.boolean(),
          fc.constant(null),
        ),
        fc.array(tie('tree'), { maxLength: 4 }),
        fc
          .array(fc.tuple(key, tie('tree')), { maxLength: 6 })
          .map(
            (entries) =>
              JSON.parse(
                `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`,
              ) as unknown,
          ),
      ),
    }));
    fc.assert(
      fc.property(tree, (value) => {
        expect(canonicalJson(value)).toBe(first(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes an event around the canonical text of its payload exactly as canonical JSON of the whole event', () => {
    // The chain hashes canonicalEventJson(event, canonical payload); the first chains hashed canonicalJson of
    // this object, so both must give the same text for any event.
    const text = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(
        fc.record({
          id: text,
          dossierId: text,
          type: text,
          hlc: text,
          wallTime: text,
          actor: fc.record({ userId: text, officeId: text }),
          deviceId: text,
          payload: fc.jsonValue(),
        }),
        (event) => {
          expect(canonicalEventJson(event, canonicalJson(event.payload))).toBe(canonicalJson(event));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps the key file private (0600)', () => {
    expect(statSync(join(base.dir, keyFileName)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(base.dir, keyFileName), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });
});
