import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/backend';

/**
 * The Electron end to end: Playwright's _electron drives the real shell. It needs a real Electron
 * binary (with the EnableNodeCliInspectArguments fuse on), which cannot be downloaded on the
 * development and CI machines; there the test reports itself as skipped with that reason.
 */
function electronBinary(): string | null {
  // Never require('electron') here: from Electron 42 on that starts a download of the binary.
  if (process.env.ELECTRON_BINARY) return existsSync(process.env.ELECTRON_BINARY) ? process.env.ELECTRON_BINARY : null;
  const dir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const built = existsSync(join(repoRoot, 'out', 'main', 'index.js'));
const reason = !binary
  ? 'no Electron binary on this machine (install without ELECTRON_SKIP_BINARY_DOWNLOAD to run it)'
  : !built
    ? 'the Electron build is missing (run npm run build first)'
    : '';

describe('Electron shell end to end', () => {
  it('opens the window on the procedure catalogue', async (ctx) => {
    if (reason) {
      console.info(`[skipped] Electron end to end: ${reason}`);
      ctx.skip(reason);
      return;
    }
    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({
      executablePath: binary ?? '',
      args: [join(repoRoot, 'out', 'main', 'index.js')],
    });
    try {
      const window = await app.firstWindow();
      await window.getByRole('heading', { name: 'Danh mục thủ tục hành chính' }).waitFor();
      await window.getByRole('searchbox').fill('ket hon');
      await window.getByRole('cell', { name: 'Đăng ký kết hôn', exact: true }).waitFor();
      const isolated = await window.evaluate(() => typeof (globalThis as { require?: unknown }).require);
      expect(isolated).toBe('undefined');
    } finally {
      await app.close();
    }
  });
});
