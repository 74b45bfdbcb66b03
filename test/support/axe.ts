import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * axe-core (Deque's accessibility engine) run inside a page the way @axe-core/playwright does it: its
 * source evaluated through the DevTools protocol — outside the page's Content Security Policy, so the
 * console's strict `script-src` needs no exception and `CspGuard` sees nothing — then `axe.run` on the
 * whole document against WCAG 2.x A and AA.
 */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets a public-service site in China (GB/T 37668-2019, which follows WCAG 2.0 AA) is held to. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeViolation {
  /** axe's rule id, e.g. `color-contrast`. */
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  /** Each offending element: its selector and axe's explanation (the measured contrast ratio, say). */
  nodes: { target: string; summary: string }[];
}

/** Everything axe finds on the page as it stands now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  // A string, not a function: this project's tests compile without the DOM's types, and axe is a global there.
  const json = await page.evaluate<string>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(TAGS)} }, resultTypes: ['violations'] })
       .then((r) => JSON.stringify(r.violations.map((v) => ({
         id: v.id, impact: v.impact, help: v.help,
         nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary || '' })),
       }))))`,
  );
  return JSON.parse(json) as AxeViolation[];
}

/** Only what blocks someone: axe's `serious` and `critical` impacts. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per offending element, for a failure message a person can act on. */
export function describeViolations(where: string, violations: AxeViolation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `[${where}] ${v.impact} ${v.id} (${v.help}): ${n.target} — ${n.summary.replace(/\s+/g, ' ').slice(0, 240)}`),
  );
}

/**
 * Fails with every serious or critical violation on the page, and when it has no level-one heading
 * (axe's `page-has-heading-one` is only `moderate`, but a console page without a title is lost on a
 * screen reader's heading list).
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const problems = describeViolations(where, await seriousViolations(page));
  const h1 = await page.locator('h1').count();
  if (h1 === 0) problems.push(`[${where}] no level-one heading (h1)`);
  if (problems.length > 0) throw new Error(`Accessibility problems:\n${problems.join('\n')}`);
}
