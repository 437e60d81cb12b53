/**
 * Legal times are Vietnam local time (UTC+7) whatever the computer's time zone; they travel as ISO
 * strings with their offset, and are shown as dd/MM/yyyy HH:mm as Vietnamese documents write them.
 */
export function formatDateTime(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : '';
}

export function formatDate(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}
