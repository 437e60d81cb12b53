import { setFlagsFromString } from 'node:v8';

/**
 * How much V8 lets the heap grow past what survived the last full collection before it collects again
 * (V8 otherwise picks up to 4× for a process that allocates fast). A first sync allocates fast: a page
 * of a thousand events is parsed, validated, folded and serialised every few tens of milliseconds, and
 * with V8's own factor the heap reached 90 MB for 30 MB alive, taking the back end past its 200 MB
 * budget (DESIGN.md §8; bench/sync.bench.ts). With 1.5× the heap peaked at 58–67 MB and the process at
 * 153–162 MB, for the same CPU time.
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * Bounds the heap's growth for the whole process that hosts the back end (the Electron main process or
 * the web host). V8 reads this flag at every full collection, so it takes effect after start-up, unlike
 * the heap size limits, which the Electron main process takes only from its command line.
 */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
