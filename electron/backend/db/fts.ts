import { fold } from '../../../shared/text/fold';

/**
 * FTS5 query from free text: the folded words must all appear, the last one as a prefix (it may be
 * still being typed), so "dang ky ket hon" finds "Đăng ký kết hôn" and "nguyen van a" finds "Nguyễn
 * Văn An". Whole words match exact tokens, which FTS5 answers from its index without scanning every
 * token with the prefix. Words are quoted, so FTS syntax in the input is inert.
 */
export function ftsQuery(query: string): string | null {
  const words = fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w, i) => (i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
}
