import { fold } from '../../../shared/text/fold';
import type { Database } from './sqlite';

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

/**
 * Reads the dossier search index once, a slice of its blocks per turn of the event loop (calls keep
 * being answered meanwhile), so the operating system has it in its cache before the first searches
 * of the day: on 1,000,000 dossiers a name search read from the disk takes several times longer than
 * one answered from the cache (BENCHMARKS.md). Returns the bytes read; stops when `signal` aborts.
 */
export async function readSearchIndex(db: Database, signal: AbortSignal, slice = 2000): Promise<number> {
  let bytes = 0;
  let after = Number.MIN_SAFE_INTEGER;
  while (!signal.aborted) {
    const blocks = db.all<{ id: number; block: Buffer }>(
      'SELECT id, block FROM dossier_fts_data WHERE id > ? ORDER BY id LIMIT ?',
      after,
      slice,
    );
    for (const { block } of blocks) bytes += block.length;
    const last = blocks.at(-1);
    if (!last || blocks.length < slice) break;
    after = last.id;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return bytes;
}
