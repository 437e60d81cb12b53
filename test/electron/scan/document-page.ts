import sharp from 'sharp';

/** A4 in millimetres and the pixel size of an A4 page at a resolution. */
export const a4Mm = { width: 210, height: 297 } as const;
export function a4Pixels(dpi: number): { width: number; height: number } {
  return { width: Math.round((a4Mm.width / 25.4) * dpi), height: Math.round((a4Mm.height / 25.4) * dpi) };
}

const words = [
  'Cộng hòa',
  'xã hội',
  'chủ nghĩa',
  'Việt Nam',
  'độc lập',
  'tự do',
  'hạnh phúc',
  'giấy',
  'chứng nhận',
  'quyền',
  'sử dụng',
  'đất',
  'thửa',
  'số',
  'tờ bản đồ',
  'diện tích',
  'mục đích',
  'thời hạn',
  'nguồn gốc',
  'Ủy ban',
  'nhân dân',
  'xã',
  'phường',
  'tỉnh',
  'ngày',
  'tháng',
  'năm',
];

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}

/** Deterministic pseudo-random numbers, so every run draws the same pages. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

/**
 * An SVG of a document-like A4 page in millimetres: a heading, paragraphs of text lines, a ruled table
 * and a round red stamp with a signature scrawl, plus a faint scanner-grey background.
 */
export function documentPageSvg(seed = 1, dpi = 300, options: { blank?: boolean; extra?: string } = {}): string {
  const { width, height } = a4Pixels(dpi);
  const rnd = random(seed);
  const parts: string[] = [];
  if (!options.blank) {
    parts.push(
      `<text x="105" y="20" font-size="4.2" font-weight="bold" text-anchor="middle">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</text>`,
      `<text x="105" y="26" font-size="3.6" text-anchor="middle">Độc lập - Tự do - Hạnh phúc</text>`,
      `<text x="105" y="40" font-size="5" font-weight="bold" text-anchor="middle">GIẤY CHỨNG NHẬN SỐ ${seed}</text>`,
    );
    let y = 52;
    for (let line = 0; line < 22; line++) {
      let text = '';
      while (text.length < 85) text += `${words[Math.floor(rnd() * words.length)]} `;
      parts.push(`<text x="20" y="${y}" font-size="3.4">${escapeXml(text.trim())}</text>`);
      y += 5.6;
    }
    // A ruled table: 6 rows × 4 columns.
    const top = y + 4;
    const rows = 6;
    const cols = [20, 45, 110, 150, 190];
    for (let r = 0; r <= rows; r++) {
      parts.push(`<line x1="20" y1="${top + r * 8}" x2="190" y2="${top + r * 8}" stroke="black" stroke-width="0.3"/>`);
    }
    for (const x of cols) {
      parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + rows * 8}" stroke="black" stroke-width="0.3"/>`);
    }
    for (let r = 0; r < rows; r++) {
      parts.push(`<text x="23" y="${top + r * 8 + 5.5}" font-size="3.2">${r + 1}</text>`);
      parts.push(
        `<text x="48" y="${top + r * 8 + 5.5}" font-size="3.2">Thửa đất số ${Math.floor(rnd() * 900) + 100}</text>`,
      );
      parts.push(`<text x="113" y="${top + r * 8 + 5.5}" font-size="3.2">${(rnd() * 500).toFixed(1)} m²</text>`);
      parts.push(`<text x="153" y="${top + r * 8 + 5.5}" font-size="3.2">Lâu dài</text>`);
    }
    // A round red stamp with a signature over it.
    const cx = 150;
    const cy = top + rows * 8 + 30;
    parts.push(
      `<circle cx="${cx}" cy="${cy}" r="19" fill="none" stroke="#d0202a" stroke-width="1.2" opacity="0.85"/>`,
      `<circle cx="${cx}" cy="${cy}" r="15" fill="none" stroke="#d0202a" stroke-width="0.5" opacity="0.85"/>`,
      `<text x="${cx}" y="${cy - 2}" font-size="3" fill="#d0202a" text-anchor="middle">ỦY BAN NHÂN DÂN</text>`,
      `<text x="${cx}" y="${cy + 3}" font-size="3" fill="#d0202a" text-anchor="middle">XÃ AN BÌNH</text>`,
      `<path d="M ${cx - 25} ${cy + 5} q 8 -14 16 -2 t 14 -4 t 16 2" fill="none" stroke="#1a2a80" stroke-width="0.6"/>`,
      `<text x="${cx}" y="${cy + 28}" font-size="3.6" font-weight="bold" text-anchor="middle">Nguyễn Văn An</text>`,
    );
  }
  if (options.extra) parts.push(options.extra);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 210 297">
<rect width="210" height="297" fill="#f4f3ef"/>
<g font-family="Tinos, Liberation Serif, serif" fill="#111">${parts.join('\n')}</g></svg>`;
}

/** A document-like page as a grayscale (or colour) PNG, as a scanner would hand it over. */
export async function documentPagePng(
  seed = 1,
  options: { dpi?: number; colour?: boolean; blank?: boolean; extra?: string } = {},
): Promise<Buffer> {
  const dpi = options.dpi ?? 300;
  const image = sharp(Buffer.from(documentPageSvg(seed, dpi, options)), { density: 72 }).flatten({
    background: '#ffffff',
  });
  // A grayscale scanner delivers one 8-bit channel; a colour one three.
  return (options.colour ? image.toColourspace('srgb') : image.toColourspace('b-w'))
    .png({ compressionLevel: 6 })
    .toBuffer();
}
