/**
 * Receipt (form 01, two copies) PDF generation time, ready to print (DESIGN.md §8: < 300 ms).
 *
 *   npx tsx bench/forms.bench.ts [--runs 60] [--warmup 10]
 *
 * The renderer is created once (fonts read and parsed, templates validated), as the back end keeps it;
 * each run folds nothing and renders the full PDF bytes (layout, barcode and QR, font subsetting, save).
 * Start-up (createFormRenderer + warmUp, done once when the back end starts) and the first receipt after it
 * are reported separately. The dossier and the office are the forms tests' sample (test/electron/forms/fixtures.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createFormRenderer } from '../electron/backend/forms/render';
import { ASSETS, ctx, receivedState } from '../test/electron/forms/fixtures';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}

function machine(): string {
  const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model;
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  return `${nproc} × ${model}, Node ${process.version}`;
}

async function main() {
  const runs = arg('runs', 60);
  const warmup = arg('warmup', 10);
  const state = receivedState();

  let t = performance.now();
  const renderer = createFormRenderer({ assetsDir: ASSETS });
  await renderer.warmUp();
  const startUp = performance.now() - t;
  t = performance.now();
  const first = await renderer.render('01', { state }, ctx);
  const firstReceipt = performance.now() - t;

  for (let i = 0; i < warmup; i++) await renderer.render('01', { state }, ctx);
  const times: number[] = [];
  let bytes = first.length;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const pdf = await renderer.render('01', { state }, ctx);
    times.push(performance.now() - t0);
    bytes = pdf.length;
  }
  times.sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`machine: ${machine()}`);
  console.log(`receipt (form 01, 2 copies, ${(bytes / 1024).toFixed(1)} KB): ${runs} runs after ${warmup} warm-up`);
  console.log(
    `  median ${fmt(percentile(times, 50))}  p95 ${fmt(percentile(times, 95))}  min ${fmt(times[0] as number)}  max ${fmt(times[times.length - 1] as number)}`,
  );
  console.log(`  start-up (fonts read and parsed, templates validated, warmUp): ${fmt(startUp)}`);
  console.log(`  first receipt after warmUp: ${fmt(firstReceipt)}`);
  console.log(`  budget (DESIGN.md §8): < 300 ms → ${percentile(times, 95) < 300 ? 'met' : 'NOT met'} at p95`);
}

void main();
