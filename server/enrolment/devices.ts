import { DEFAULT_SLOT_COUNT } from '../../shared/codes/numbering';
import type { EnrolValue } from '../../shared/sync/protocol';
import type { Queryable, ServerDatabase } from '../db/database';
import { ServerFailure } from '../http/errors';
import { getOffice } from '../office/offices';
import {
  newDeviceCredential,
  newEnrolmentCode,
  normaliseEnrolmentCode,
  parseBearer,
  sameHash,
  sha256Hex,
} from './credentials';

export interface Device {
  id: string;
  officeId: string;
  agencyId: string;
  name: string;
  slot: number;
}

export interface DeviceRow extends Record<string, unknown> {
  id: string;
  office_id: string;
  agency_id: string;
  name: string;
  slot: number;
  enrolled_at: Date | string;
  last_seen_at: Date | string | null;
  revoked_at: Date | string | null;
  revoked_reason: string | null;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

export function deviceSummary(row: DeviceRow) {
  return {
    id: row.id,
    officeId: row.office_id,
    agencyId: row.agency_id,
    name: row.name,
    slot: Number(row.slot),
    enrolledAt: iso(row.enrolled_at),
    lastSeenAt: iso(row.last_seen_at),
    revokedAt: iso(row.revoked_at),
    revokedReason: row.revoked_reason,
  };
}

/** Issues a one-time enrolment code for an office; only its hash is stored. */
export async function issueEnrolmentCode(
  db: Queryable,
  officeId: string,
  options: { ttlHours?: number; note?: string } = {},
): Promise<{ code: string; officeId: string; expiresAt: string }> {
  await getOffice(db, officeId);
  const code = newEnrolmentCode();
  const ttlHours = options.ttlHours ?? 72;
  const [row] = await db.query<{ expires_at: Date | string }>(
    `INSERT INTO enrolment_codes (code_hash, office_id, expires_at, note)
     VALUES ($1, $2, now() + make_interval(secs => $3), $4) RETURNING expires_at`,
    [sha256Hex(normaliseEnrolmentCode(code)), officeId, Math.round(ttlHours * 3600), options.note ?? null],
  );
  return { code, officeId, expiresAt: new Date(row?.expires_at ?? Date.now()).toISOString() };
}

/**
 * Exchanges a one-time code for a device credential, atomically: the code is spent, the device row
 * written and a fallback slot taken in one transaction, so two desktops racing with one code get one
 * credential between them.
 */
export async function enrolDevice(
  db: ServerDatabase,
  request: { code: string; deviceName: string },
  slotCount = DEFAULT_SLOT_COUNT,
): Promise<EnrolValue> {
  const hash = sha256Hex(normaliseEnrolmentCode(request.code));
  return db.transaction(async (tx) => {
    const [code] = await tx.query<{ office_id: string }>(
      `UPDATE enrolment_codes SET used_at = now()
        WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING office_id`,
      [hash],
    );
    if (!code) throw new ServerFailure('ENROLMENT_CODE_INVALID', 401);
    const office = await getOffice(tx, code.office_id);
    // One enrolment per agency at a time chooses a slot.
    await tx.query('SELECT pg_advisory_xact_lock(726002, hashtext($1))', [office.agencyId]);
    const slot = await freeSlot(tx, office.agencyId, slotCount);
    const credential = newDeviceCredential();
    await tx.query(
      `INSERT INTO devices (id, office_id, agency_id, name, credential_hash, slot) VALUES ($1, $2, $3, $4, $5, $6)`,
      [credential.deviceId, office.id, office.agencyId, request.deviceName, credential.hash, slot],
    );
    await tx.query('UPDATE enrolment_codes SET device_id = $1 WHERE code_hash = $2', [credential.deviceId, hash]);
    return {
      deviceId: credential.deviceId,
      secret: credential.secret,
      token: credential.token,
      slot,
      slotCount,
      office,
    };
  });
}

/**
 * A fallback slot no device of the agency ever had; when all were given, the slot of the device
 * revoked longest ago, and at least two days ago (its fallback numbers of today and yesterday may
 * still be arriving in other desktops' pulls, so it must not be reused the same day).
 */
async function freeSlot(tx: Queryable, agencyId: string, slotCount: number): Promise<number> {
  const rows = await tx.query<{ slot: number; active: boolean; revoked_at: Date | string | null }>(
    `SELECT slot, bool_or(revoked_at IS NULL) AS active, max(revoked_at) AS revoked_at
       FROM devices WHERE agency_id = $1 GROUP BY slot`,
    [agencyId],
  );
  const used = new Map(rows.map((r) => [Number(r.slot), r]));
  for (let s = 0; s < slotCount; s++) if (!used.has(s)) return s;
  const reusable = rows
    .filter((r) => !r.active && r.revoked_at !== null && Date.now() - new Date(r.revoked_at).getTime() > 2 * 86_400_000)
    .sort((a, b) => new Date(a.revoked_at ?? 0).getTime() - new Date(b.revoked_at ?? 0).getTime());
  const slot = reusable[0]?.slot;
  if (slot === undefined) throw new ServerFailure('SLOTS_EXHAUSTED', 409, { agencyId, count: slotCount });
  return Number(slot);
}

/** The device a request's `Authorization` header names, or a 401 with the reason. */
export async function authenticateDevice(db: Queryable, header: string | undefined): Promise<Device> {
  if (!header) throw new ServerFailure('AUTH_REQUIRED', 401);
  const bearer = parseBearer(header);
  if (!bearer) throw new ServerFailure('AUTH_INVALID', 401);
  const [row] = await db.query<DeviceRow & { credential_hash: string }>('SELECT * FROM devices WHERE id = $1', [
    bearer.deviceId,
  ]);
  // Hash even when the device is unknown, so both paths cost the same.
  const presented = sha256Hex(bearer.secret);
  if (!row || !sameHash(presented, row.credential_hash)) throw new ServerFailure('AUTH_INVALID', 401);
  if (row.revoked_at !== null) {
    throw new ServerFailure('DEVICE_REVOKED', 401, { reason: row.revoked_reason ?? '—' });
  }
  // Last contact, at most once a minute per device (cheap, and it tells the administrator who is alive).
  await db.query(
    `UPDATE devices SET last_seen_at = now()
      WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`,
    [row.id],
  );
  return { id: row.id, officeId: row.office_id, agencyId: row.agency_id, name: row.name, slot: Number(row.slot) };
}

export async function listDevices(db: Queryable, officeId?: string) {
  const rows = officeId
    ? await db.query<DeviceRow>('SELECT * FROM devices WHERE office_id = $1 ORDER BY enrolled_at', [officeId])
    : await db.query<DeviceRow>('SELECT * FROM devices ORDER BY office_id, enrolled_at');
  return rows.map(deviceSummary);
}

/** Revokes a device: every later request of it is answered 401 DEVICE_REVOKED with the reason. */
export async function revokeDevice(db: Queryable, deviceId: string, reason: string) {
  const [row] = await db.query<DeviceRow>(
    `UPDATE devices SET revoked_at = coalesce(revoked_at, now()), revoked_reason = $2 WHERE id = $1 RETURNING *`,
    [deviceId, reason],
  );
  if (!row) throw new ServerFailure('DEVICE_NOT_FOUND', 404, { deviceId });
  return deviceSummary(row);
}
