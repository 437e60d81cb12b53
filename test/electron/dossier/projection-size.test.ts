import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { history } from '../../../bench/sync-data';
import { dossierEventSchema } from '../../../shared/dossier/events';
import { openTestBackend } from '../../helpers/backend';

describe('the projection’s size on disk', () => {
  // Encrypted as the desktop's database is: each page keeps room for its IV and HMAC.
  const backend = openTestBackend({ user: false, secret: randomBytes(32) });
  afterAll(() => backend.dispose());

  it('keeps three returned dossiers in each 4 KB page of the dossier table', () => {
    const count = 400;
    // The sync bench's dossiers: received at the counter, one step, a result, returned to the applicant.
    const events = Array.from({ length: count }, (_, i) =>
      history(i, 'desk-size-test', Date.parse('2025-01-06T01:00:00Z')).map((e) => dossierEventSchema.parse(e)),
    ).flat();
    expect(backend.dossiers.applyRemote(events)).toBe(count * 4);
    const rows = backend.db.get<{ n: number; returned: number }>(
      'SELECT count(*) AS n, sum(status = 10) AS returned FROM dossier',
    );
    expect(rows).toEqual({ n: count, returned: count });
    const pages = backend.db.get<{ leaves: number; overflow: number }>(
      `SELECT sum(pagetype = 'leaf') AS leaves, sum(pagetype = 'overflow') AS overflow FROM dbstat WHERE name = 'dossier'`,
    );
    expect(pages?.overflow).toBe(0);
    expect(pages?.leaves).toBeLessThanOrEqual(Math.ceil(count / 3));
  });
});
