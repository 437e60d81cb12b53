import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveKey, loadOrCreateKeyFile } from '../../../electron/backend/accounts/secret';
import { databaseFileName } from '../../../electron/backend/backend';
import { openDatabase } from '../../../electron/backend/db/sqlite';
import { parseDossierCode } from '../../../shared/codes/dossier-code';
import { fold } from '../../../shared/text/fold';
import { repoRoot, tempDir } from '../../helpers/backend';
import { prng } from '../../helpers/random';

/**
 * Killing the back end in the middle of intakes (issue 4): a real process (intake-child.ts) receives
 * dossiers in a loop on an encrypted database and prints each acknowledged code; the test kills it with
 * SIGKILL after a seeded random number of acknowledgements, restarts it, and so on. Every acknowledged
 * dossier must be there with its event, projection, outbox row, full-text entry and audit link; no code
 * twice; the file intact; and the numbering going on from the last number used.
 */
const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const child = join(__dirname, 'intake-child.ts');

/** Process groups still running (killed if a test fails half-way). */
const running = new Set<number>();

interface Ack {
  code: string;
  id: string;
}

/**
 * Runs the child; `killAfter` acknowledgements → SIGKILL (null: let it finish). Resolves with every
 * acknowledgement it printed, including those read after the kill (printed before it died).
 */
function runChild(
  dataDir: string,
  killAfter: number | null,
  env: Record<string, string> = {},
): Promise<{ acks: Ack[]; signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // tsx's command line runs the script in a child process of its own: the child gets a process group
    // (detached) and SIGKILL goes to the whole group, so the back end itself dies at once, not just tsx.
    const proc = spawn(process.execPath, [tsx, child], {
      env: { ...process.env, MOTCUA_DATA: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const pid = proc.pid as number;
    running.add(pid);
    const acks: Ack[] = [];
    let buffer = '';
    let stderr = '';
    let killed = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^ACK (\S+) (\S+)$/.exec(line);
        if (!m) continue;
        acks.push({ code: m[1] as string, id: m[2] as string });
        if (killAfter !== null && !killed && acks.length >= killAfter) {
          killed = true;
          process.kill(-pid, 'SIGKILL');
        }
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    proc.on('error', reject);
    // 'close': the pipes are drained, so every line written before the kill has been read.
    proc.on('close', (code, signal) => {
      running.delete(pid);
      resolve({ acks, signal, code, stderr });
    });
  });
}

describe('SIGKILL of the back end in the middle of intakes (real processes, encrypted database)', () => {
  const { dir, remove } = tempDir('motcua-crash-');
  afterAll(() => {
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    remove();
  });

  it('loses no acknowledged dossier, never reuses a code, keeps the file intact and numbering on', async () => {
    const random = prng(20261123);
    const rounds = 6;
    const acked: Ack[] = [];
    for (let round = 0; round < rounds; round++) {
      const killAfter = 1 + Math.floor(random() * 40);
      const run = await runChild(dir, killAfter, { PREFIX: `Vòng ${round}` });
      expect(run.signal, `round ${round} killed (stderr: ${run.stderr})`).toBe('SIGKILL');
      expect(run.acks.length).toBeGreaterThanOrEqual(killAfter);
      acked.push(...run.acks);
    }
    // A last, clean run after the last kill: it must number on from the last number used.
    const last = await runChild(dir, null, { LIMIT: '3', PREFIX: 'Sau cùng' });
    expect(last.code, last.stderr).toBe(0);
    expect(last.acks).toHaveLength(3);

    const db = openDatabase(join(dir, databaseFileName), {
      key: deriveKey(loadOrCreateKeyFile(join(dir, 'motcua.key')), 'database'),
    });
    try {
      expect(db.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check).toBe('ok');
      db.run(`INSERT INTO dossier_fts (dossier_fts) VALUES ('integrity-check')`);

      // Every acknowledged dossier, with its event, projection, outbox row, FTS entry and audit link.
      for (const ack of acked) {
        const row = db.get<{ id: string; rowid: number; status: number }>(
          'SELECT id, rowid, status FROM dossier WHERE code = ?',
          ack.code,
        );
        expect(row, `projection of ${ack.code}`).toMatchObject({ id: ack.id, status: 2 });
        const event = db.get<{ id: string; seq: number }>(
          `SELECT id, seq FROM event WHERE dossier_id = ? AND type = 'received'`,
          ack.id,
        );
        expect(event, `event of ${ack.code}`).toBeDefined();
        expect(
          db.get('SELECT 1 AS x FROM outbox WHERE event_seq = ?', event?.seq as number),
          `outbox row of ${ack.code}`,
        ).toEqual({ x: 1 });
        // The index is contentless: found by its code (a phrase in the code column), it is this row.
        expect(
          db
            .all<{ rowid: number }>(
              'SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ?',
              `code : "${fold(ack.code)}"`,
            )
            .map((r) => r.rowid),
          `FTS entry of ${ack.code}`,
        ).toEqual([row?.rowid]);
        expect(db.get('SELECT 1 AS x FROM event_chain WHERE event_id = ?', event?.id as string)).toEqual({ x: 1 });
      }

      // No code issued twice: among the acknowledgements, in the table, and by the UNIQUE constraint.
      const codes = acked.map((a) => a.code);
      expect(new Set(codes).size).toBe(codes.length);
      const stored = db.all<{ code: string }>('SELECT code FROM dossier ORDER BY code').map((r) => r.code);
      expect(new Set(stored).size).toBe(stored.length);
      expect(db.get<{ n: number }>('SELECT count(DISTINCT code) AS n FROM dossier')?.n).toBe(stored.length);
      expect(db.all<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE name = 'dossier'`)[0]?.sql).toMatch(
        /code TEXT UNIQUE/,
      );
      // Every event has its projection and outbox row (a killed transaction left nothing half-way).
      expect(db.get<{ n: number }>('SELECT count(*) AS n FROM event')?.n).toBe(stored.length);
      expect(db.get<{ n: number }>('SELECT count(*) AS n FROM outbox')?.n).toBe(stored.length);
      expect(db.get<{ n: number }>('SELECT count(*) AS n FROM dossier_fts')?.n).toBe(stored.length);

      // Numbering: one day, numbers 1..N without a gap or a repeat (a killed intake used no number),
      // and the clean run's three codes follow the last number the killed runs used.
      const numbers = stored.map((c) => parseDossierCode(c).number).sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      const lastNumbers = last.acks.map((a) => parseDossierCode(a.code).number);
      expect(lastNumbers).toEqual([numbers.length - 2, numbers.length - 1, numbers.length]);
      expect(stored.length).toBeGreaterThanOrEqual(acked.length + 3);
    } finally {
      db.close();
    }
  }, 180_000);
});
