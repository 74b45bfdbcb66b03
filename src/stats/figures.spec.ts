import { compositeScore } from './figures';

const weights = { signOnTime: 0.1, resolution: 0.5, satisfaction: 0.4 };

describe('the composite score and the minimum sample', () => {
  it('one on-time sign does not make a department score 100', () => {
    const rates = { signOnTime: 1, replyOnTime: null, resolution: null, satisfaction: null };
    const samples = { signOnTime: 1, replyOnTime: 0, resolution: 0, satisfaction: 0 };
    expect(compositeScore(rates, weights, samples, 5)).toBeNull();
    expect(compositeScore(rates, weights, samples, 1)).toBe(100);
  });

  it('leaves out each rate on too few cases, weighting the others as before', () => {
    const rates = { signOnTime: 0.5, replyOnTime: 1, resolution: 1, satisfaction: 0.5 };
    // sign-on-time on 8 cases counts; resolution and satisfaction on 3 callbacks do not.
    expect(compositeScore(rates, weights, { signOnTime: 8, replyOnTime: 8, resolution: 3, satisfaction: 3 }, 5)).toBe(50);
    // Exactly the minimum counts.
    expect(compositeScore(rates, weights, { signOnTime: 8, replyOnTime: 8, resolution: 5, satisfaction: 5 }, 5)).toBe(
      Math.round(10000 * ((0.1 * 0.5 + 0.5 * 1 + 0.4 * 0.5) / 1)) / 100,
    );
  });

  it('without samples, every rate that exists counts (the old rule)', () => {
    expect(compositeScore({ signOnTime: 0.5, replyOnTime: null, resolution: 0.5, satisfaction: 1 }, weights)).toBe(70);
  });
});
