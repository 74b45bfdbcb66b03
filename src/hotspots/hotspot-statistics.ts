/**
 * When a window of cases is a spike (热点): pure arithmetic, so it can be read and tested on its own.
 *
 * The history is the count of the same clock-time window on each of the previous N days (N = 28 by
 * default: four of every weekday). A window is a spike when it has at least `threshold` cases **and**
 * more than mean + k·σ of that history (k = 3 by default; σ the population standard deviation). A
 * quiet history (all zeros) makes the threshold alone decide; a street that always has a dozen calls at
 * that hour needs far more than a dozen.
 */
export interface SpikeRule {
  threshold: number;
  sigmas: number;
}

export interface HistoryStats {
  mean: number;
  spread: number;
  /** The count to exceed: the larger of threshold − 1 and mean + k·σ. */
  bound: number;
}

export function historyStats(history: readonly number[], rule: SpikeRule): HistoryStats {
  const n = history.length;
  const mean = n === 0 ? 0 : history.reduce((a, b) => a + b, 0) / n;
  const spread = n === 0 ? 0 : Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { mean, spread, bound: Math.max(rule.threshold - 1, mean + rule.sigmas * spread) };
}

/** Whether `count` cases in the window stand out from `stats` (at least the threshold and above mean + k·σ). */
export function isSpike(count: number, stats: HistoryStats): boolean {
  return count > stats.bound;
}
