import { v7 as uuidv7 } from 'uuid';
import { encodeHlc, type Hlc, hlcInit, hlcReceive, hlcTick } from '../../../shared/hlc/hlc';
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

/**
 * Merges the clock of events pulled from the server (the latest of a page is enough), so a local
 * event written after them sorts after them. A remote clock far ahead is merged too: refusing it
 * would stamp later local acts before the acts they follow; the sync status reports the skew instead.
 */
export function receiveHlc(db: Database, remote: string, now: number): void {
  const clock = getMetaJson<Hlc>(db, 'device.hlc') ?? hlcInit(deviceId(db), 0);
  setMetaJson(db, 'device.hlc', hlcReceive(clock, remote, now, Number.POSITIVE_INFINITY));
}
