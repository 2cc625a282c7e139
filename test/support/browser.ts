import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_DIR } from './processes';

/** Debian's chromium (deploy/setup.sh installs it); playwright-core downloads no browser. */
const CHROMIUM = process.env.LBAAS_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Where the browser tests leave the README's screenshots (committed, so they follow the UI). */
export const SCREENSHOT_DIR = join(REPO_DIR, 'docs', 'screenshots');

/**
 * Headless Chromium as root on a closed network: no sandbox (root), and none of its own background
 * connections (they are refused here, and nothing at runtime may come from the internet).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A new page of its own (cookies, session storage) that fails the test on any script error. */
export async function newPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  // Waits on outcomes the UI shows, up to the time a busy machine may need to apply a change.
  page.setDefaultTimeout(60_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

/** noauth mode's login: the project and role to act as. */
export async function loginNoauth(
  page: Page,
  baseUrl: string,
  projectId: string,
  role: string,
): Promise<void> {
  await page.goto(`${baseUrl}/ui/`);
  await page.locator('input[name="project_id"]').fill(projectId);
  await page.locator('select[name="role"]').selectOption(role);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByTestId('session').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
