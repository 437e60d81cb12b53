import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Plugin } from 'vite';
import { z } from 'zod';

/** The list of sources beside the build's folder (not in it: the folder is served as it is). */
const sourcesList = (outDir: string) => `${outDir}-sources.json`;

const sourcesSchema = z.array(z.string().min(1)).min(1);

/** The Vite plugin that records the files a build read (absolute paths), once its output is written. */
export function recordRendererSources(): Plugin {
  return {
    name: 'motcua:renderer-sources',
    apply: 'build',
    writeBundle(output) {
      if (!output.dir) return;
      const files = new Set<string>();
      for (const id of this.getModuleIds()) {
        const file = id.split('?')[0] as string; // `pdf.worker.min.mjs?worker&url`
        // Virtual modules (`\0…`) are not files.
        if (isAbsolute(file) && existsSync(file)) files.add(file);
      }
      writeFileSync(sourcesList(output.dir), `${JSON.stringify([...files].sort(), null, 1)}\n`);
    },
  };
}

/**
 * Whether the renderer in outDir must be built (again): no build, no list of what it was built from, or a file of
 * that list newer than the build or gone. The build itself says what it consumes: recordRendererSources lists the
 * files of its module graph. So files the build never imports do not count, however fresh: the probe files
 * test/repo/layers.test.ts writes into renderer/ and shared/, tsc's *.tsbuildinfo, editors' backups, and files
 * imported for their types only (erased, they cannot change the output). The dependencies it bundled count too:
 * an `npm ci` or upgrade rebuilds.
 */
export function rendererIsStale(outDir: string): boolean {
  const built = statSync(join(outDir, 'index.html'), { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) return true;
  let sources: string[];
  try {
    sources = sourcesSchema.parse(JSON.parse(readFileSync(sourcesList(outDir), 'utf8')));
  } catch {
    return true; // a build from before the list was recorded, or a list that is not one
  }
  return sources.some(
    (file) => (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Number.POSITIVE_INFINITY) > built,
  );
}
