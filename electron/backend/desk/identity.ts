import { v7 as uuidv7 } from 'uuid';
import { encodeHlc, type Hlc, hlcInit, hlcTick } from '../../../shared/hlc/hlc';
import { getMeta, getMetaJson, setMeta, setMetaJson } from '../db/meta';
import type { Database } from '../db/sqlite';

/** This installation's identity: a device id made once, and the hybrid logical clock it stamps events with. */
export function deviceId(db: Database): string {
  let id = getMeta(db, 'device.id');
  if (!id) {
    id = uuidv7();
    setMeta(db, 'device.id', id);
  }
  return id;
}

/**
 * Advances this device's HLC for a new local event and stores it (call inside the event's
 * transaction, so a crash never reuses a timestamp).
 */
export function nextHlc(db: Database, now: number): string {
  const clock = getMetaJson<Hlc>(db, 'device.hlc') ?? hlcInit(deviceId(db), 0);
  const next = hlcTick(clock, now);
  setMetaJson(db, 'device.hlc', next);
  return encodeHlc(next);
}
