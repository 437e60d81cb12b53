import type { Counter, Desk, Office } from '../../../shared/contract/office';
import { AppError } from '../../../shared/contract/result';
import { getMeta, setMeta } from '../db/meta';
import type { Database } from '../db/sqlite';
import { deviceId } from '../desk/identity';

interface OfficeRow {
  id: string;
  agency_id: string | null;
  name: string;
  level: string;
  parent_id: string | null;
  address: string;
  phone: string;
  active: number;
}

const toOffice = (r: OfficeRow): Office => ({
  id: r.id,
  agencyId: r.agency_id,
  name: r.name,
  level: r.level,
  parentId: r.parent_id,
  address: r.address,
  phone: r.phone,
  active: r.active === 1,
});

export function listOffices(db: Database): Office[] {
  return db.all<OfficeRow>('SELECT * FROM office ORDER BY parent_id IS NOT NULL, name').map(toOffice);
}

export function getOffice(db: Database, id: string): Office | undefined {
  const row = db.get<OfficeRow>('SELECT * FROM office WHERE id = ?', id);
  return row ? toOffice(row) : undefined;
}

/** The nearest ancestor-or-self with an agency identifier: the agency that numbers dossiers. */
export function agencyOf(db: Database, officeId: string): Office | undefined {
  let office = getOffice(db, officeId);
  const seen = new Set<string>();
  while (office && !office.agencyId && office.parentId && !seen.has(office.id)) {
    seen.add(office.id);
    office = getOffice(db, office.parentId);
  }
  return office?.agencyId ? office : undefined;
}

/** Adds or updates an office; a parent must exist and the tree must stay a tree. */
export function saveOffice(db: Database, office: Office): Office {
  return db.transaction(() => {
    if (office.parentId) {
      if (!getOffice(db, office.parentId)) throw new AppError('OFFICE_PARENT_NOT_FOUND', { id: office.parentId });
      let cursor: string | null = office.parentId;
      while (cursor) {
        if (cursor === office.id) throw new AppError('OFFICE_CYCLE', { id: office.id });
        cursor = getOffice(db, cursor)?.parentId ?? null;
      }
    }
    if (office.agencyId) {
      const other = db.get<{ id: string }>(
        'SELECT id FROM office WHERE agency_id = ? AND id <> ?',
        office.agencyId,
        office.id,
      );
      if (other) throw new AppError('OFFICE_AGENCY_ID_TAKEN', { agencyId: office.agencyId });
    }
    db.run(
      `INSERT INTO office (id, agency_id, name, level, parent_id, address, phone, active)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET agency_id = excluded.agency_id, name = excluded.name, level = excluded.level,
         parent_id = excluded.parent_id, address = excluded.address, phone = excluded.phone, active = excluded.active`,
      office.id,
      office.agencyId,
      office.name,
      office.level,
      office.parentId,
      office.address,
      office.phone,
      office.active ? 1 : 0,
    );
    return office;
  });
}

export function listCounters(db: Database): Counter[] {
  return db
    .all<{ id: string; office_id: string; name: string; active: number }>('SELECT * FROM counter ORDER BY name')
    .map((r) => ({ id: r.id, officeId: r.office_id, name: r.name, active: r.active === 1 }));
}

export function saveCounter(db: Database, counter: Counter): Counter {
  if (!getOffice(db, counter.officeId)) throw new AppError('OFFICE_NOT_FOUND', { id: counter.officeId });
  db.run(
    `INSERT INTO counter (id, office_id, name, active) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET office_id = excluded.office_id, name = excluded.name, active = excluded.active`,
    counter.id,
    counter.officeId,
    counter.name,
    counter.active ? 1 : 0,
  );
  return counter;
}

export function getDesk(db: Database): Desk {
  return {
    deviceId: deviceId(db),
    officeId: getMeta(db, 'desk.officeId') ?? null,
    counterId: getMeta(db, 'desk.counterId') ?? null,
    officerName: getMeta(db, 'desk.officerName') ?? '',
    place: getMeta(db, 'desk.place') ?? '',
  };
}

export function setDesk(
  db: Database,
  desk: { officeId: string; counterId: string | null; officerName: string; place: string },
): Desk {
  return db.transaction(() => {
    if (!getOffice(db, desk.officeId)) throw new AppError('OFFICE_NOT_FOUND', { id: desk.officeId });
    if (!agencyOf(db, desk.officeId)) throw new AppError('OFFICE_WITHOUT_AGENCY_ID', { id: desk.officeId });
    setMeta(db, 'desk.officeId', desk.officeId);
    setMeta(db, 'desk.counterId', desk.counterId ?? '');
    setMeta(db, 'desk.officerName', desk.officerName);
    setMeta(db, 'desk.place', desk.place);
    return getDesk(db);
  });
}
