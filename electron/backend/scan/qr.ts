import { type CccdData, tryParseCccdQr } from '../../../shared/cccd';
import type { DomainError } from '../../../shared/i18n/domain-error';
import { loadJsQr, loadSharp } from '../libraries';
import type { Rotation } from './assemble';

/** Widths tried, in order: a CCCD QR is small on an A4 page, so start at half size and go up. */
export const qrScales = [1240, 1800, 0, 800] as const;

/** The text of the first QR code found on the page (trying several scales), or null. */
export async function findQrText(bytes: Uint8Array, rotation: Rotation = 0): Promise<string | null> {
  const [sharp, jsQR] = await Promise.all([loadSharp(), loadJsQr()]);
  const meta = await sharp(bytes, { failOn: 'error' }).metadata();
  const fullWidth = (rotation === 90 || rotation === 270 ? meta.height : meta.width) ?? 0;
  const tried = new Set<number>();
  for (const scale of qrScales) {
    const width = scale === 0 || scale > fullWidth ? fullWidth : scale;
    if (width <= 0 || tried.has(width)) continue;
    tried.add(width);
    const { data, info } = await sharp(bytes, { failOn: 'error' })
      .rotate(rotation)
      .flatten({ background: '#ffffff' })
      .resize({ width })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height, {
      inversionAttempts: 'dontInvert',
    });
    if (code?.data) return code.data;
  }
  return null;
}

/** A QR on the page parsed as a CCCD: the applicant, or why the QR is not a valid CCCD. */
export async function findCccd(
  bytes: Uint8Array,
  rotation: Rotation,
  today: string,
): Promise<{ text: string; applicant: CccdData | null; error: DomainError | null } | null> {
  const text = await findQrText(bytes, rotation);
  if (text === null) return null;
  const parsed = tryParseCccdQr(text, { today });
  return parsed.ok ? { text, applicant: parsed.value, error: null } : { text, applicant: null, error: parsed.error };
}
