import type { RuleWithDepartment } from './routing-rules.repository';

/**
 * The rule that routes a case (属地管理): among rules for its category or one of the category's
 * ancestors, in its region, one of the region's ancestors, or anywhere, the most specific region wins
 * (exact, then its parent, …, then "anywhere"), then the deepest category.
 *
 * `categoryChain` and `regionChain` run from the case's own code up to the top (`ancestry`); an unknown
 * category has an empty chain and matches nothing, an unknown region matches only rules for anywhere.
 */
export function bestMatch<R extends Pick<RuleWithDepartment, 'categoryCode' | 'regionCode'>>(
  rules: readonly R[],
  categoryChain: readonly string[],
  regionChain: readonly string[],
): R | null {
  let best: { rule: R; regionRank: number; categoryRank: number } | null = null;
  for (const rule of rules) {
    const categoryRank = categoryChain.indexOf(rule.categoryCode);
    if (categoryRank < 0) continue;
    // "Anywhere" ranks below every region of the chain.
    const regionRank = rule.regionCode === null ? regionChain.length : regionChain.indexOf(rule.regionCode);
    if (regionRank < 0) continue;
    if (!best || regionRank < best.regionRank || (regionRank === best.regionRank && categoryRank < best.categoryRank)) {
      best = { rule, regionRank, categoryRank };
    }
  }
  return best?.rule ?? null;
}
