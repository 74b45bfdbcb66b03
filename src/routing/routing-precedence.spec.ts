import { bestMatch } from './routing-precedence';

const rule = (categoryCode: string, regionCode: string | null) => ({ categoryCode, regionCode, id: `${categoryCode}@${regionCode ?? '*'}` });

// 清城区 441802 lies in 清远市 441800; environment.noise lies in environment.
const regionChain = ['441802', '441800'];
const categoryChain = ['environment.noise', 'environment'];

describe('bestMatch: the most specific region wins, then the deepest category', () => {
  it.each([
    ['the exact region over its parent', [rule('environment.noise', '441800'), rule('environment.noise', '441802')], 'environment.noise@441802'],
    ['a parent region over anywhere', [rule('environment.noise', null), rule('environment.noise', '441800')], 'environment.noise@441800'],
    ['a region over a deeper category anywhere', [rule('environment.noise', null), rule('environment', '441802')], 'environment@441802'],
    ['the deeper category in the same region', [rule('environment', '441802'), rule('environment.noise', '441802')], 'environment.noise@441802'],
    ['the deeper category anywhere', [rule('environment', null), rule('environment.noise', null)], 'environment.noise@*'],
    ['a rule for the parent category when the child has none', [rule('environment', null)], 'environment@*'],
  ])('%s', (_what, rules, expected) => {
    expect(bestMatch(rules, categoryChain, regionChain)?.id).toBe(expected);
    expect(bestMatch([...rules].reverse(), categoryChain, regionChain)?.id).toBe(expected);
  });

  it('ignores rules for other categories and other regions', () => {
    expect(bestMatch([rule('transport.bus', null), rule('environment.noise', '441803')], categoryChain, regionChain)).toBeNull();
  });

  it('matches nothing for an unknown category, and only "anywhere" for an unknown region', () => {
    expect(bestMatch([rule('environment.noise', null)], [], regionChain)).toBeNull();
    expect(bestMatch([rule('environment.noise', '441802'), rule('environment.noise', null)], categoryChain, [])?.id).toBe('environment.noise@*');
  });
});
