/**
 * The back end loads its heavy libraries (PDF, spreadsheet, image and QR code) on first use, not when it
 * starts (electron/backend/libraries.ts; DESIGN.md §8: under 200 MB during a first sync). This walks the
 * back end's static import graph, as esbuild resolves it, from its entry point: only dynamic imports may
 * reach those packages.
 */
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const HEAVY = ['sharp', 'pdf-lib', '@pdf-lib/fontkit', 'exceljs', 'jsqr', 'bwip-js', 'bwip-js/node', 'tus-js-client'];

async function staticImports(entry: string): Promise<{ packages: Map<string, string>; files: number }> {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs: Metafile['inputs'] = result.metafile.inputs;
  const start = Object.keys(inputs).find((path) => path.endsWith(entry));
  if (!start) throw new Error(`${entry} is not in the bundle`);
  // Package name → the first file that imports it statically.
  const packages = new Map<string, string>();
  const seen = new Set([start]);
  const queue = [start];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const imported of inputs[file]?.imports ?? []) {
      if (imported.kind === 'dynamic-import') continue;
      if (imported.external) {
        if (!packages.has(imported.path)) packages.set(imported.path, file);
      } else if (!seen.has(imported.path)) {
        seen.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  return { packages, files: seen.size };
}

describe('the back end at start', () => {
  it('imports no PDF, spreadsheet, image, QR or upload library until an action needs it', async () => {
    const { packages, files } = await staticImports('electron/backend/backend.ts');
    expect(files).toBeGreaterThan(50);
    // The walk sees the packages the back end does load at start (so it would see the heavy ones too).
    expect([...packages.keys()]).toEqual(expect.arrayContaining(['zod', 'better-sqlite3-multiple-ciphers']));
    const loadedAtStart = HEAVY.filter((name) => packages.has(name)).map((name) => `${name} ← ${packages.get(name)}`);
    expect(loadedAtStart).toEqual([]);
  });
});
