import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { repoRoot } from './backend';
import { signedInHosts } from './webhost';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with the flags that keep it off the closed network. Its new pages and
 * contexts carry the session cookie of every web host started signed in (startWebHost), so a test of
 * another screen opens signed in; `signedIn: false` for a browser that has to sign in by itself.
 */
export async function launchChromium(options: { signedIn?: boolean } = {}): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  if (options.signedIn === false) return browser;
  const newContext = browser.newContext.bind(browser);
  const withCookies: Browser['newContext'] = async (contextOptions) => {
    const context = await newContext(contextOptions);
    if (signedInHosts.length) {
      await context.addCookies(
        signedInHosts.map((h) => ({
          name: h.name,
          value: h.value,
          url: `${h.url}/api`,
          httpOnly: true,
          sameSite: 'Strict' as const,
        })),
      );
    }
    return context;
  };
  browser.newContext = withCookies;
  browser.newPage = async (pageOptions) => {
    const context = await withCookies(pageOptions);
    const page = await context.newPage();
    // The browser may already be closing: then the context goes with it.
    page.on('close', () => {
      context.close().catch(() => undefined);
    });
    return page;
  };
  return browser;
}

/**
 * Chooses an option of the antd select labelled `label` with the mouse, after typing `search` into it if given, and
 * waits until the select shows the choice. Made for selects in a drawer or a dialog: the list is a popup in the page's
 * body, aligned to the select in the fixed drawer or dialog; while it still moves (its opening animation), Playwright
 * retries the click, and its fourth attempt scrolls the page under the drawer; the list follows the select back
 * between press and release and the click is lost, leaving the old choice (seen in the scan e2e with the development
 * build, where the animation runs slower). `scroll: 'none'`: an officer cannot scroll the page under an open drawer
 * or dialog either.
 */
export async function choose(page: Page, label: string, option: string, search?: string): Promise<void> {
  const select = page.getByLabel(label);
  await select.click();
  if (search !== undefined) await select.pressSequentially(search);
  await page.locator('.ant-select-item-option').getByText(option, { exact: true }).click({ scroll: 'none' });
  await page.locator('.ant-select', { has: select }).getByText(option, { exact: true }).waitFor();
}

/** Where end-to-end screenshots go (ignored by git), for a person to look at. */
export function screenshotPath(name: string): string {
  const dir = join(repoRoot, 'test-results');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
