/**
 * APPROXIMATION of CloudWatch's anomaly-detection band, which AWS trains on up to two weeks of a
 * metric's history with a model it does not publish. Replay has only the logs it is given, so for
 * each period it uses the periods before it:
 *  - expected value: the median of the previous `BAND_WINDOW` periods (missing counts as 0, as a
 *    count metric without datapoints is 0 queries);
 *  - spread: the larger of 1.4826 x the median absolute deviation (a robust standard deviation)
 *    and the square root of the expected value (the spread of a Poisson count, so a quiet metric
 *    gets a wide band and its normal silences stay inside it);
 *  - band: expected +/- width x spread, the lower bound not below 0.
 * Until `BAND_WARMUP` periods are seen there is no band (no value: the alarm cannot breach), as a
 * new CloudWatch model shows no band until it has trained.
 */
export const BAND_WINDOW = 60;
export const BAND_WARMUP = 30;

function median(sorted: number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

export function approximateBand(s: Float64Array, width: number): { lower: Float64Array; upper: Float64Array; expected: Float64Array } {
  const n = s.length;
  const lower = new Float64Array(n).fill(NaN);
  const upper = new Float64Array(n).fill(NaN);
  const expected = new Float64Array(n).fill(NaN);
  for (let i = BAND_WARMUP; i < n; i++) {
    const from = Math.max(0, i - BAND_WINDOW);
    const win: number[] = [];
    for (let j = from; j < i; j++) win.push(Number.isNaN(s[j]) ? 0 : s[j]);
    win.sort((a, b) => a - b);
    const med = median(win);
    const dev = win.map((v) => Math.abs(v - med)).sort((a, b) => a - b);
    const spread = Math.max(1.4826 * median(dev), Math.sqrt(Math.max(med, 0)));
    expected[i] = med;
    lower[i] = Math.max(0, med - width * spread);
    upper[i] = med + width * spread;
  }
  return { lower, upper, expected };
}
