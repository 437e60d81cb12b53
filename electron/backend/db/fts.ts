import { fold } from '../../../shared/text/fold';

/**
 * FTS5 query from free text: each folded word must appear as a word prefix, so "dang ky ket hon"
 * finds "Đăng ký kết hôn". Words are quoted, so FTS syntax in the input is inert.
 */
export function ftsQuery(query: string): string | null {
  const words = fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}
