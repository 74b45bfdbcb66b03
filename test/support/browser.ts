import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

/** Debian's chromium, which .ci/run installs when it is missing; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM_PATH} and it is not there. ` +
        'Install Debian\'s package (`apt-get update && apt-get install -y chromium`, as .ci/run does) or set CHROMIUM_PATH.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Everything a page wrote to the browser console as an error, and every uncaught exception. */
export interface ConsoleErrors {
  list: string[];
  watch(page: Page, name: string): void;
}

export function consoleErrors(ignore: (message: ConsoleMessage) => boolean = () => false): ConsoleErrors {
  const list: string[] = [];
  return {
    list,
    watch(page, name) {
      page.on('console', (m) => {
        if (m.type() === 'error' && !ignore(m)) list.push(`[${name}] ${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (e) => list.push(`[${name}] uncaught: ${e.message}`));
    },
  };
}

/** A browser context as a person in Shanghai would have it. */
export function newContext(browser: Browser, viewport = DESKTOP, phone = false): Promise<BrowserContext> {
  return browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

/**
 * Writes `<dir>/<name>-desktop.png` and `<name>-phone.png`: the page at 1440×900, then resized to a
 * 390×844 phone, then back. Full-page, so nothing below the fold is missed — except for a dialog,
 * whose mask covers only the window: then the window.
 */
export async function screenshotBoth(page: Page, dir: string, name: string, { fullPage = true } = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await settle(page);
    await page.screenshot({ path: join(dir, `${name}-${size}.png`), fullPage, animations: 'disabled' });
  }
  await page.setViewportSize(original);
  await settle(page);
}

/** Lets layout, fonts and antd's transitions finish before a screenshot or a measurement. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.waitForTimeout(350);
}
