import { historyStats, isSpike } from './hotspot-statistics';

const rule = { threshold: 5, sigmas: 3 };
const days = (...counts: number[]) => [...counts, ...Array(28 - counts.length).fill(0)];

describe('spike rule: at least the threshold, and above mean + 3σ of the same window on the previous 28 days', () => {
  it.each([
    ['a quiet history: the threshold decides (5 is a spike)', days(), 5, true],
    ['a quiet history: 4 is not', days(), 4, false],
    ['one earlier day with 3 calls: mean 0.107, σ 0.557, bound 5 → 5 is one', days(3), 5, true],
    ['a busy street: 10 every day → σ 0, 11 stands out', Array(28).fill(10), 11, true],
    ['a busy street: 10 every day, 10 does not', Array(28).fill(10), 10, false],
    ['a noisy history: 0–8 alternating (mean 4, σ 4 → bound 16): 16 does not', Array.from({ length: 28 }, (_, i) => (i % 2 ? 8 : 0)), 16, false],
    ['… and 17 does', Array.from({ length: 28 }, (_, i) => (i % 2 ? 8 : 0)), 17, true],
  ])('%s', (_, history, count, spike) => {
    expect(isSpike(count, historyStats(history, rule))).toBe(spike);
  });

  it('reports the mean and the population standard deviation', () => {
    const stats = historyStats(Array.from({ length: 28 }, (_, i) => (i % 2 ? 8 : 0)), rule);
    expect(stats.mean).toBe(4);
    expect(stats.spread).toBe(4);
    expect(stats.bound).toBe(16);
  });
});
