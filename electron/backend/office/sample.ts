import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { counterSchema, officeSchema } from '../../../shared/contract/office';
import type { Database } from '../db/sqlite';
import { listOffices, saveCounter, saveOffice, setDesk } from './repository';

const sampleSchema = z.object({
  note: z.string(),
  offices: z.array(officeSchema),
  counters: z.array(counterSchema),
  desk: z.object({ officeId: z.string(), counterId: z.string(), officerName: z.string(), place: z.string() }),
});

export const sampleOrganisation = (assetsDir: string) => join(assetsDir, 'organisation', 'offices.sample.json');

/**
 * A demo installation (no office yet, no server) gets the sample organisation tree and a desk at a
 * commune office, so intake works at once. A real installation gets its tree from Settings or the server.
 */
export function seedSampleOrganisation(db: Database, assetsDir: string): boolean {
  const file = sampleOrganisation(assetsDir);
  if (listOffices(db).length > 0 || !existsSync(file)) return false;
  const sample = sampleSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  db.transaction(() => {
    for (const office of sample.offices) saveOffice(db, office);
    for (const counter of sample.counters) saveCounter(db, counter);
    setDesk(db, sample.desk);
  });
  return true;
}
