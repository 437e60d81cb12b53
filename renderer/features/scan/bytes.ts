import { attachmentChunkLimit } from '../../../shared/contract/attachments';
import { call } from '../../api/client';

/** Bytes → base64, a slice at a time (String.fromCharCode on a whole page image would overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** A digitized file's bytes, read through the contract a chunk (≤ 4 MB) at a time. */
export async function readAttachment(
  sha256: string,
  onProgress?: (read: number, total: number) => void,
): Promise<{ bytes: Uint8Array; mime: string }> {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  let mime = 'application/octet-stream';
  for (;;) {
    const part = await call('attachments.content', { sha256, offset, length: attachmentChunkLimit });
    const bytes = fromBase64(part.base64);
    chunks.push(bytes);
    mime = part.mime;
    offset += bytes.length;
    onProgress?.(offset, part.total);
    if (part.done || bytes.length === 0) break;
  }
  const out = new Uint8Array(offset);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return { bytes: out, mime };
}

/** dd/mm/yyyy (as typed) → YYYY-MM-DD; null when empty; `false` when it is not a real date. */
export function parseDisplayDate(text: string): string | null | false {
  const value = text.trim();
  if (!value) return null;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!m) return false;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
