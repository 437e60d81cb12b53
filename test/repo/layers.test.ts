import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/backend';

/**
 * The layer rules of DESIGN.md §3 are enforced by the build: each layer's tsconfig (composite, so an
 * import from outside its file list is TS6307; only the libs it may use) and Biome's restricted
 * imports. Each test compiles a probe file inside a layer with that layer's real configuration and
 * expects the violation to be reported.
 */
function typecheckProbe(layerTsconfig: string, probeDir: string, source: string): string {
  const probe = join(repoRoot, probeDir, `layer-probe-${process.pid}.ts`);
  // Beside the probe, so that type roots resolve as for the layer's own config.
  const config = join(repoRoot, probeDir, `tsconfig.layer-probe-${process.pid}.json`);
  writeFileSync(probe, source);
  writeFileSync(config, JSON.stringify({ extends: join(repoRoot, layerTsconfig), files: [probe] }));
  try {
    const tsc = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config],
      {
        encoding: 'utf8',
      },
    );
    return tsc.stdout + tsc.stderr;
  } finally {
    rmSync(probe, { force: true });
    rmSync(config, { force: true });
  }
}

function lintProbe(probeDir: string, source: string): string {
  const probe = join(probeDir, `layer-probe-${process.pid}.ts`);
  writeFileSync(join(repoRoot, probe), source);
  try {
    const biome = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules', '@biomejs', 'biome', 'bin', 'biome'), 'lint', probe],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    return biome.stdout + biome.stderr;
  } finally {
    rmSync(join(repoRoot, probe), { force: true });
  }
}

describe('layer rules fail the build', () => {
  it('shared/ cannot use Node or the DOM', () => {
    const out = typecheckProbe(
      'shared/tsconfig.json',
      'shared',
      `import { readFileSync } from 'node:fs';\nexport const x = [readFileSync, document.title];\n`,
    );
    expect(out).toContain("error TS2307: Cannot find module 'node:fs'");
    expect(out).toContain("Cannot find name 'document'");
  });

  it('shared/ cannot reach another layer', () => {
    const out = typecheckProbe(
      'shared/tsconfig.json',
      'shared',
      `import { openDatabase } from '../electron/backend/db/sqlite';\nexport const x = openDatabase;\n`,
    );
    expect(out).toMatch(/error TS6307: File '.*electron\/backend\/db\/sqlite\.ts' is not listed/);
  });

  it('renderer/ cannot reach electron/ or server/', () => {
    const out = typecheckProbe(
      'renderer/tsconfig.json',
      'renderer',
      `import { openDatabase } from '../electron/backend/db/sqlite';
       import { buildServer } from '../server/app';
       export const x = [openDatabase, buildServer];`,
    );
    expect(out).toMatch(/error TS6307: File '.*electron\/backend\/db\/sqlite\.ts' is not listed/);
    expect(out).toMatch(/error TS6307: File '.*server\/app\.ts' is not listed/);
  });

  it('server/ cannot reach the desktop back end', () => {
    const out = typecheckProbe(
      'server/tsconfig.json',
      'server',
      `import { openBackend } from '../electron/backend/backend';\nexport const x = openBackend;`,
    );
    expect(out).toMatch(/error TS6307: File '.*electron\/backend\/backend\.ts' is not listed/);
  });

  it("only electron/main and electron/preload may import 'electron'", () => {
    const source = `import { app } from 'electron';\nexport const x = app;\n`;
    expect(lintProbe('electron/backend', source)).toContain('lint/style/noRestrictedImports');
    expect(lintProbe('renderer', source)).toContain('lint/style/noRestrictedImports');
    expect(lintProbe('shared', source)).toContain('lint/style/noRestrictedImports');
    expect(lintProbe('electron/main', source)).not.toContain('noRestrictedImports');
  });

  it('a clean layer compiles (the probes fail for the reason named, not for any reason)', () => {
    const out = typecheckProbe(
      'shared/tsconfig.json',
      'shared',
      `import { fold } from './text/fold';\nexport const x = fold('Đ');\n`,
    );
    expect(out.trim()).toBe('');
  });
});
