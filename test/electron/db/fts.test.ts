import { afterEach, describe, expect, it } from 'vitest';
import { ftsQuery, readSearchIndex } from '../../../electron/backend/db/fts';
import { openTestBackend } from '../../helpers/backend';

describe('the dossier search index', () => {
  const open: ReturnType<typeof openTestBackend>[] = [];
  afterEach(() => {
    for (const backend of open.splice(0)) backend.dispose();
  });

  /** A back end whose index holds `n` dossiers' names and numbers. */
  const withIndex = (n: number) => {
    const backend = openTestBackend();
    open.push(backend);
    backend.db.transaction(() => {
      for (let i = 1; i <= n; i++) {
        backend.db.run(
          'INSERT INTO dossier_fts (rowid, code, names, numbers) VALUES (?, ?, ?, ?)',
          i,
          `000.00.06.h56-261126-${String(i).padStart(4, '0')}`,
          `nguyen van an ${i} tran thi binh ${i * 7}`,
          `0012${String(i).padStart(8, '0')} 09${String(i).padStart(8, '0')}`,
        );
      }
    });
    return backend;
  };
  const indexBytes = (backend: ReturnType<typeof openTestBackend>) =>
    backend.db.get<{ bytes: number }>('SELECT sum(length(block)) AS bytes FROM dossier_fts_data')?.bytes ?? 0;

  it('matches typed words exactly and the last one as a prefix, with FTS syntax inert', () => {
    expect(ftsQuery('Nguyễn Văn A')).toBe('"nguyen" "van" "a"*');
    expect(ftsQuery('an* OR "x')).toBe('"an" "or" "x"*');
    expect(ftsQuery('  ')).toBeNull();
  });

  it('reads every block of the index, a slice per turn of the event loop', async () => {
    const backend = withIndex(3000);
    const total = indexBytes(backend);
    expect(total).toBeGreaterThan(10_000);
    // Slices of 3 blocks: the walk crosses many slices and still reads each block once.
    expect(await readSearchIndex(backend.db, new AbortController().signal, 3)).toBe(total);
  });

  it('stops when the back end closes (the signal aborts) and reads nothing once aborted', async () => {
    const backend = withIndex(3000);
    const aborted = new AbortController();
    aborted.abort();
    expect(await readSearchIndex(backend.db, aborted.signal, 3)).toBe(0);
    const closing = new AbortController();
    const reading = readSearchIndex(backend.db, closing.signal, 1);
    closing.abort();
    const read = await reading;
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(indexBytes(backend));
  });
});
