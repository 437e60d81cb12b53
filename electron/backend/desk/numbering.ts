import type { LocalDate } from '../../../shared/calendar/time';
import {
  addBlocks,
  blockNumbersLeft,
  createDesktopNumbering,
  type DesktopNumberingState,
  emptyServerNumbering,
  nextDossierCode,
  reserveBlock,
  type ServerNumberingState,
} from '../../../shared/codes/numbering';
import { getMeta, getMetaJson, setMetaJson } from '../db/meta';
import type { Database } from '../db/sqlite';

/**
 * Draws the next dossier code for an agency and day (call inside the intake transaction, so a crash
 * never hands out a code twice: the numbering state is committed with the event that used it).
 *
 * An enrolled desktop uses the blocks the server reserved for it and its fallback slot (the domain's
 * scheme, shared/codes/numbering.ts). A desktop not enrolled with a server is the only numbering
 * authority of its agency: it reserves blocks from a local copy of the server's counter.
 */
export function drawDossierCode(db: Database, agencyId: string, date: LocalDate): string {
  let state = getMetaJson<DesktopNumberingState>(db, 'numbering.desktop');
  if (!state || state.agencyId !== agencyId) {
    const slot = Number(getMeta(db, 'numbering.slot') ?? 0);
    const slotCount = Number(getMeta(db, 'numbering.slotCount') ?? 40);
    state = createDesktopNumbering(agencyId, slot, slotCount);
  }
  if (getMeta(db, 'sync.deviceId') === undefined && blockNumbersLeft(state, date) === 0) {
    const local = getMetaJson<ServerNumberingState>(db, 'numbering.localServer') ?? emptyServerNumbering();
    const reserved = reserveBlock(local, { agencyId, date });
    setMetaJson(db, 'numbering.localServer', reserved.state);
    state = addBlocks(state, [reserved.block]);
  }
  const drawn = nextDossierCode(state, date);
  setMetaJson(db, 'numbering.desktop', drawn.state);
  return drawn.code;
}
