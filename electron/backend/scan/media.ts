/** What a file is, judged by its first bytes (never by its name). */
export type SniffedType = 'image/png' | 'image/jpeg' | 'image/tiff' | 'application/pdf' | 'image/x-portable-anymap';

export function sniff(head: Uint8Array): SniffedType | null {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47 && b(4) === 0x0d && b(5) === 0x0a)
    return 'image/png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (
    (b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0) ||
    (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && b(3) === 0x2a)
  ) {
    return 'image/tiff';
  }
  // %PDF- may be preceded by a little junk (the spec allows it within the first 1024 bytes).
  const text = Buffer.from(head.subarray(0, 1024)).toString('latin1');
  if (text.includes('%PDF-')) return 'application/pdf';
  if (b(0) === 0x50 && b(1) >= 0x31 && b(1) <= 0x36 && (b(2) === 0x0a || b(2) === 0x20 || b(2) === 0x0d))
    return 'image/x-portable-anymap';
  return null;
}

/** The IDAT payload of a PNG (the zlib stream), with its header fields. */
export function pngImageData(png: Uint8Array): {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  data: Buffer;
} {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colourType = 0;
  const parts: Buffer[] = [];
  while (offset + 8 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const start = offset + 8;
    if (type === 'IHDR') {
      width = buf.readUInt32BE(start);
      height = buf.readUInt32BE(start + 4);
      bitDepth = buf[start + 8] ?? 0;
      colourType = buf[start + 9] ?? 0;
    } else if (type === 'IDAT') {
      parts.push(buf.subarray(start, start + length));
    } else if (type === 'IEND') break;
    offset = start + length + 4;
  }
  return { width, height, bitDepth, colourType, data: Buffer.concat(parts) };
}
