import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Locator, type Page } from 'playwright-core';

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

/**
 * Whatever broke the Content Security Policy in the pages of the contexts it watches: every
 * `securitypolicyviolation` event (reported from inside the page, from before its first script), every
 * message Chromium writes to the console about the policy, and every HTML page or frame served without a
 * `Content-Security-Policy` header (a page without a policy would run anything injected into it).
 */
export class CspGuard {
  private readonly found: string[] = [];
  private readonly pending = new Set<Promise<void>>();

  /** Watches every page the context opens, from its first byte. */
  async watch(context: BrowserContext, name: string): Promise<void> {
    await context.exposeBinding('__cspViolation', (source, v: Violation) => {
      this.found.push(`[${name}] violation: ${v.directive} blocked ${v.blocked || '(inline)'} in ${source.page?.url() ?? v.page}${v.where ? ` at ${v.where}` : ''} (${v.disposition})`);
    });
    // A function, not a string: it runs in every frame before the page's own scripts, outside its policy.
    await context.addInitScript(reportViolations);
    context.on('console', (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) this.found.push(`[${name}] console: ${m.text()} (${m.location().url || m.page()?.url()})`);
    });
    context.on('response', (res) => {
      // Pages and frames: what the browser renders. (Not the socket's polling answers, say, which
      // engine.io labels text/html but no browser shows.)
      if (res.request().resourceType() !== 'document') return;
      const check = res.allHeaders().then(
        (headers) => {
          if (!/^text\/html\b/i.test(headers['content-type'] ?? '')) return;
          if (!headers['content-security-policy']) this.found.push(`[${name}] no Content-Security-Policy header on ${res.status()} ${res.url()}`);
        },
        () => undefined, // the page closed before its headers were read: nothing rendered from it
      );
      this.pending.add(check);
      void check.finally(() => this.pending.delete(check));
    });
  }

  /** Everything found so far, once the headers of every response seen have been read. */
  async problems(): Promise<string[]> {
    await Promise.all(this.pending);
    return [...this.found];
  }
}

interface Violation {
  directive: string;
  blocked: string;
  where: string;
  disposition: string;
  page: string;
}

/** The fields of a `SecurityPolicyViolationEvent` reported (this project's tests compile without the DOM's types). */
interface ViolationEvent {
  effectiveDirective: string;
  violatedDirective: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
  columnNumber: number;
  disposition: string;
  documentURI: string;
}

/** Runs inside the page (serialized, so self-contained): hands each CSP violation to the `__cspViolation` binding. */
function reportViolations(): void {
  const page = globalThis as unknown as {
    document: { addEventListener(type: string, listener: (e: ViolationEvent) => void, capture: boolean): void };
    __cspViolation?: (v: Violation) => void;
  };
  page.document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      page.__cspViolation?.({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        where: e.sourceFile ? e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber : '',
        disposition: e.disposition,
        page: e.documentURI,
      });
    },
    true,
  );
}

/**
 * A browser context as a person in Shanghai would have it, its pages watched by `csp` (every spec that
 * opens pages hands one in, and fails when it found anything).
 */
export async function newContext(browser: Browser, csp: CspGuard, name: string, viewport = DESKTOP, phone = false): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await csp.watch(context, name);
  return context;
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

/**
 * A form's field labels, each with the audience its marker names (`citizen` 市民可见, `public` 公开,
 * `internal` 内部; null: no marker), as web/src/staff/components/Audience.tsx renders them.
 */
export async function markers(form: Locator): Promise<Record<string, string | null>> {
  const found: Record<string, string | null> = {};
  for (const label of await form.locator('.ant-form-item-label > label').all()) {
    const marker = label.locator('[data-audience]');
    const marked = (await marker.count()) > 0;
    const text = marked ? await label.locator('.audience-label-text').textContent() : await label.textContent();
    found[text!.trim()] = marked ? await marker.getAttribute('data-audience') : null;
  }
  return found;
}

/**
 * Clicks an item of an antd popup that closes once an item is chosen (a menu, a single select, a
 * searched cascader) and, while the popup stays open, clicks it again (three times at most). On a
 * loaded machine a click can land while the popup is still opening and be lost: the popup stays open
 * and nothing is chosen (seen in test/web-desk.e2e-spec.ts with CPU-bound processes beside it); a
 * person clicks again. What the choice does is for the caller to assert.
 */
export async function chooseItem(item: Locator): Promise<void> {
  const closes = () => item.waitFor({ state: 'hidden', timeout: 2_000 }).then(
    () => true,
    () => false,
  );
  await item.click();
  for (let retry = 0; retry < 3; retry++) {
    if (await closes()) return;
    // A click on a popup that closes meanwhile times out: that is the choice taking, late.
    await item.click({ timeout: 2_000 }).catch(async (error: unknown) => {
      if (await item.isVisible()) throw error;
    });
  }
  await item.waitFor({ state: 'hidden', timeout: 2_000 });
}

/** Types into a searchable Cascader and picks the matching path. */
export async function pickPath(page: Page, input: Locator, text: string, option: string): Promise<void> {
  await input.click();
  await input.fill(text);
  await chooseItem(page.locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item', { hasText: option }).first());
}

/** Types into a searchable single TreeSelect and picks the node. */
export async function pickNode(page: Page, input: Locator, text: string, option: string): Promise<void> {
  await input.click();
  await input.fill(text);
  await chooseItem(page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: option }).first());
}
