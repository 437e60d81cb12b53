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

describe('the central server at start', () => {
  it('loads the AWS SDK only with the S3 attachment store (a dynamic import in server/main.ts)', async () => {
    const SDK = ['@aws-sdk/client-s3', '@aws-sdk/lib-storage'];
    const server = await staticImports('server/main.ts');
    expect([...server.packages.keys()]).toEqual(expect.arrayContaining(['fastify', '@tus/server', 'zod']));
    expect(
      SDK.filter((name) => server.packages.has(name)).map((name) => `${name} ← ${server.packages.get(name)}`),
    ).toEqual([]);
    // The store itself does import them (the walk would see them if main.ts did).
    const store = await staticImports('server/attachments/s3-store.ts');
    expect(SDK.filter((name) => store.packages.has(name))).toEqual(SDK);
  });
});
