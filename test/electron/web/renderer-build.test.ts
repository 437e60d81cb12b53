import { mkdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRendererSources, rendererIsStale } from '../../../electron/web/renderer-build.mts';
import { tempDir } from '../../helpers/backend';

/**
 * The web host rebuilds the renderer only when a file the build read changed (electron/web/renderer-build.mts):
 * a small app built by Vite with the plugin, then files touched one by one with explicit dates.
 */
describe('whether the renderer build is stale', () => {
  const fixture = tempDir('motcua-renderer-build-');
  // Vite names modules by their real path (macOS's temporary folder is behind a symbolic link).
  const root = realpathSync(fixture.dir);
  const app = join(root, 'renderer');
  const shared = join(root, 'shared');
  const outDir = join(root, 'out', 'renderer');
  const file = (...parts: string[]) => join(root, ...parts);
  let built = 0;
  /** Gives a file a modification date this many seconds after the build. */
  const touch = (path: string, seconds = 60) => utimesSync(path, new Date(), new Date(built + seconds * 1000));

  beforeAll(async () => {
    mkdirSync(app, { recursive: true });
    mkdirSync(shared, { recursive: true });
    writeFileSync(file('renderer', 'index.html'), '<!doctype html><script type="module" src="./main.ts"></script>');
    writeFileSync(
      file('renderer', 'main.ts'),
      "import './style.css';\nimport words from '../shared/words.json';\nconsole.log(words.hello);\n",
    );
    writeFileSync(file('renderer', 'style.css'), 'body { margin: 0; }\n');
    writeFileSync(file('shared', 'words.json'), '{ "hello": "xin chào" }\n');
    writeFileSync(file('renderer', 'unused.ts'), 'export const unused = 1;\n');
    await build({
      configFile: false,
      root: app,
      logLevel: 'silent',
      plugins: [recordRendererSources()],
      build: { outDir, emptyOutDir: true },
    });
    built = statSync(join(outDir, 'index.html')).mtimeMs;
  });
  afterAll(() => fixture.remove());

  it('lists the files the build read: its module graph, not the rest of the folders', () => {
    const listed = JSON.parse(readFileSync(`${outDir}-sources.json`, 'utf8')) as string[];
    expect(listed).toEqual([
      file('renderer', 'index.html'),
      file('renderer', 'main.ts'),
      file('renderer', 'style.css'),
      file('shared', 'words.json'),
    ]);
    expect(rendererIsStale(outDir)).toBe(false);
  });

  it('ignores a newer file the build does not read, such as a test probe or tsc build info', () => {
    writeFileSync(file('renderer', 'layer-probe-4242.ts'), 'export const probe = 1;\n');
    writeFileSync(file('shared', 'tsconfig.layer-probe-4242.json'), '{}\n');
    writeFileSync(file('renderer', 'tsconfig.tsbuildinfo'), '{}\n');
    touch(file('renderer', 'layer-probe-4242.ts'));
    touch(file('shared', 'tsconfig.layer-probe-4242.json'));
    touch(file('renderer', 'tsconfig.tsbuildinfo'));
    touch(file('renderer', 'unused.ts'));
    expect(rendererIsStale(outDir)).toBe(false);
  });

  it('is stale when a source the build read is newer than the build, or gone', () => {
    touch(file('shared', 'words.json'));
    expect(rendererIsStale(outDir)).toBe(true);
    touch(file('shared', 'words.json'), -60);
    expect(rendererIsStale(outDir)).toBe(false);
    rmSync(file('renderer', 'style.css'));
    expect(rendererIsStale(outDir)).toBe(true);
  });

  it('is stale without a build, or without the list of its sources', () => {
    rmSync(`${outDir}-sources.json`);
    expect(rendererIsStale(outDir)).toBe(true);
    expect(rendererIsStale(join(root, 'nothing'))).toBe(true);
  });
});
