/**
 * Vietnamese collation, independent of the ICU data a runtime happens to ship.
 *
 * Letters follow the Vietnamese alphabet — a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
 * (f j w z slotted in Latin order) — so "Đ" sorts after every "D" and "Ă", "Â" after "A". Tone marks
 * only break ties, in dictionary order: none, huyền (à), hỏi (ả), ngã (ã), sắc (á), nặng (ạ) (the CLDR
 * "vi" order); then lower case before upper case. Digraphs (ch, gi, ng, nh, th, tr …) are sequences of
 * letters, as in modern dictionaries and CLDR.
 *
 * People's names are sorted as Vietnamese lists (class rolls, staff and voter lists) do: by the given
 * name (tên, the last word) first, then by the rest of the name from the family name (họ) through the
 * middle names (tên đệm): "Trần Văn An" < "Lê Thị Bình" < "Nguyễn Bình".
 *
 * Every comparison goes through a sort key (a plain string compared by code units), so a key can be
 * stored in a database column and ORDER BY gives the same order.
 */

const ALPHABET = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
const LETTER_INDEX = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));
/** Combining tone marks in collation order (index + 1 = secondary weight). */
const TONES = ['\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];
/** Combining marks that make a different letter (breve, circumflex, horn). */
const LETTER_MARKS: Record<string, string> = { '\u0306': 'breve', '\u0302': 'circumflex', '\u031b': 'horn' };

const SPACE_WEIGHT = 0x21;
const DIGIT_BASE = 0x30;
const LETTER_BASE = 0x60;
const OTHER_BASE = 0x100;

interface CollationElement {
  primary: number;
  tone: number;
  upper: boolean;
}

function baseLetter(base: string, marks: string[]): string {
  let c = base;
  if (c === 'đ') return 'đ';
  for (const m of marks) {
    const kind = LETTER_MARKS[m];
    if (kind === 'breve' && c === 'a') c = 'ă';
    else if (kind === 'circumflex' && c === 'a') c = 'â';
    else if (kind === 'circumflex' && c === 'e') c = 'ê';
    else if (kind === 'circumflex' && c === 'o') c = 'ô';
    else if (kind === 'horn' && c === 'o') c = 'ơ';
    else if (kind === 'horn' && c === 'u') c = 'ư';
  }
  return c;
}

function elements(text: string): CollationElement[] {
  const out: CollationElement[] = [];
  const decomposed = text.normalize('NFD').replace(/\s+/g, ' ').trim();
  const chars = [...decomposed];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (/\p{M}/u.test(ch)) continue;
    const marks: string[] = [];
    while (i + 1 < chars.length && /\p{M}/u.test(chars[i + 1] ?? '')) marks.push(chars[++i] ?? '');
    const lower = ch.toLowerCase();
    const upper = ch !== lower;
    const tone = TONES.findIndex((t) => marks.includes(t)) + 1;
    if (ch === ' ') {
      out.push({ primary: SPACE_WEIGHT, tone: 0, upper: false });
      continue;
    }
    if (lower >= '0' && lower <= '9') {
      out.push({ primary: DIGIT_BASE + Number(lower), tone: 0, upper: false });
      continue;
    }
    const letter = baseLetter(lower, marks);
    const idx = LETTER_INDEX.get(letter);
    if (idx !== undefined) out.push({ primary: LETTER_BASE + idx, tone, upper });
    else out.push({ primary: OTHER_BASE + (lower.codePointAt(0) ?? 0), tone, upper });
  }
  return out;
}

/**
 * Sort key of a string: primary weights, then tone weights, then case, separated by U+0000 (lower
 * than every weight), so keys compare like the collation and are prefix-free unless equal.
 */
export function vietnameseSortKey(text: string): string {
  const els = elements(text);
  const primary = els.map((e) => String.fromCodePoint(e.primary)).join('');
  const secondary = els.map((e) => String.fromCharCode(0x30 + e.tone)).join('');
  const tertiary = els.map((e) => (e.upper ? '1' : '0')).join('');
  return `${primary}\u0000${secondary}\u0000${tertiary}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two strings in Vietnamese alphabetical order (for procedure names, places, …). */
export function compareVietnamese(a: string, b: string): number {
  return cmp(vietnameseSortKey(a), vietnameseSortKey(b));
}

/** Sort key of a person's name: given name first, then family and middle names. */
export function vietnameseNameSortKey(fullName: string): string {
  const words = fullName.normalize('NFC').replace(/\s+/g, ' ').trim().split(' ');
  const given = words.length > 0 ? (words[words.length - 1] ?? '') : '';
  const rest = words.slice(0, -1).join(' ');
  return `${vietnameseSortKey(given)}\u0000\u0000${vietnameseSortKey(rest)}`;
}

/** Compares people's names as Vietnamese lists do (by given name, then family and middle names). */
export function compareVietnameseNames(a: string, b: string): number {
  return cmp(vietnameseNameSortKey(a), vietnameseNameSortKey(b));
}

/** A collator object, e.g. `names.sort(vietnameseNameCollator.compare)` or antd's `sorter`. */
export const vietnameseNameCollator = { compare: compareVietnameseNames } as const;
/** General-purpose Vietnamese string collator. */
export const vietnameseCollator = { compare: compareVietnamese } as const;
