import type { Migration } from '.';

/**
 * The counter's work-queue counts on a large local database (issue 4; bench/counter.bench.ts,
 * BENCHMARKS.md). "All" and "closed" count an office's whole history (400,000 dossiers for a busy
 * commune after ten years): counting them row by row took seconds. Triggers keep, per office, how many
 * dossiers it receives or holds and how many of those are closed, in the transaction that writes the
 * projection row (local intake, remote events and refolds alike); the other queues are open dossiers
 * only and read the partial index of migration 6.
 *
 * A dossier counts once for each distinct office among its receiving and holding office.
 */
export const m007QueueCounts: Migration = {
  version: 7,
  name: 'queue-counts',
  up: `
    CREATE TABLE dossier_office_count (
      office_id TEXT PRIMARY KEY,
      total INTEGER NOT NULL,
      closed INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;

    INSERT INTO dossier_office_count (office_id, total, closed)
      SELECT office_id, COUNT(*), SUM(closed) FROM (
        SELECT receiving_office_id AS office_id, closed FROM dossier WHERE receiving_office_id IS NOT NULL
        UNION ALL
        SELECT holder_office_id, closed FROM dossier
         WHERE holder_office_id IS NOT NULL AND holder_office_id IS NOT receiving_office_id
      ) GROUP BY office_id;

    CREATE TRIGGER dossier_office_count_insert AFTER INSERT ON dossier BEGIN
      INSERT INTO dossier_office_count (office_id, total, closed)
        SELECT office_id, 1, NEW.closed FROM (
          SELECT NEW.receiving_office_id AS office_id UNION SELECT NEW.holder_office_id
        ) WHERE office_id IS NOT NULL
        ON CONFLICT (office_id) DO UPDATE SET total = total + 1, closed = closed + excluded.closed;
    END;

    CREATE TRIGGER dossier_office_count_update
      AFTER UPDATE OF closed, receiving_office_id, holder_office_id ON dossier
      WHEN OLD.closed IS NOT NEW.closed OR OLD.receiving_office_id IS NOT NEW.receiving_office_id
        OR OLD.holder_office_id IS NOT NEW.holder_office_id
    BEGIN
      UPDATE dossier_office_count SET total = total - 1, closed = closed - OLD.closed
       WHERE office_id IN (OLD.receiving_office_id, OLD.holder_office_id);
      INSERT INTO dossier_office_count (office_id, total, closed)
        SELECT office_id, 1, NEW.closed FROM (
          SELECT NEW.receiving_office_id AS office_id UNION SELECT NEW.holder_office_id
        ) WHERE office_id IS NOT NULL
        ON CONFLICT (office_id) DO UPDATE SET total = total + 1, closed = closed + excluded.closed;
    END;

    CREATE TRIGGER dossier_office_count_delete AFTER DELETE ON dossier BEGIN
      UPDATE dossier_office_count SET total = total - 1, closed = closed - OLD.closed
       WHERE office_id IN (OLD.receiving_office_id, OLD.holder_office_id);
    END;
  `,
};
