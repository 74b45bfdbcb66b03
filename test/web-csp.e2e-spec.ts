/**
 * The Content Security Policy check the browser specs run on every page (test/support/browser.ts,
 * `CspGuard`), shown to catch what it is there for: a page whose inline script the policy blocks, and an
 * HTML page served without a policy at all. Against a tiny server of its own, so that nothing in the app
 * has to be broken for the probe; the app's own pages are checked in test/web*.e2e-spec.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { CspGuard, launchChromium, newContext } from './support/browser';

/** The app's own policy for its pages (src/app.factory.ts), as far as scripts go. */
const POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'";

const PAGES: Record<string, { policy: string | null; html: string }> = {
  // An injected inline script: the policy must block it, and the guard must say so.
  '/inline-script': {
    policy: POLICY,
    html: '<!doctype html><title>probe</title><p id="p">before</p><script>document.getElementById("p").textContent = "ran"</script>',
  },
  // A page with no policy: anything injected into it would run.
  '/no-policy': { policy: null, html: '<!doctype html><title>probe</title><p id="p">no policy here</p>' },
  // What a healthy page looks like: a policy, and its own script file only.
  '/clean': { policy: POLICY, html: '<!doctype html><title>probe</title><p id="p">before</p><script src="/own.js"></script>' },
};

describe('the browser specs’ CSP check catches what it should', () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/own.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript', 'Content-Security-Policy': POLICY });
        res.end('document.getElementById("p").textContent = "own script ran";');
        return;
      }
      const page = PAGES[req.url ?? ''];
      if (!page) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...(page.policy ? { 'Content-Security-Policy': page.policy } : {}) });
      res.end(page.html);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  /** Opens one page in a context of its own, watched by a guard of its own; returns the page's text. */
  async function visit(path: string): Promise<{ csp: CspGuard; text: string }> {
    const csp = new CspGuard();
    const context = await newContext(browser, csp, path);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(base + path);
    await page.locator('#p').waitFor();
    // The violation's report crosses from the page to the test asynchronously.
    await page.waitForTimeout(300);
    return { csp, text: (await page.locator('#p').textContent()) ?? '' };
  }

  it('an inline script: blocked by the policy, and reported as a violation and by the console', async () => {
    const { csp, text } = await visit('/inline-script');
    expect(text).toBe('before'); // the policy did block it
    const problems = await csp.problems();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[\/inline-script\] violation: script-src-elem blocked inline .*\/inline-script/),
        expect.stringMatching(/^\[\/inline-script\] console: .*Content Security Policy/),
      ]),
    );
  });

  it('an HTML page served without a Content-Security-Policy header', async () => {
    const { csp, text } = await visit('/no-policy');
    expect(text).toBe('no policy here');
    await expect(csp.problems()).resolves.toEqual([`[/no-policy] no Content-Security-Policy header on 200 ${base}/no-policy`]);
  });

  it('and nothing for a page with a policy and only its own script file', async () => {
    const { csp, text } = await visit('/clean');
    expect(text).toBe('own script ran');
    await expect(csp.problems()).resolves.toEqual([]);
  });
});
