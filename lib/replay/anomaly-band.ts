/**
 * APPROXIMATION of CloudWatch's anomaly-detection band, which AWS trains on up to two weeks of a
 * metric's history with a model it does not publish (it learns hourly, daily and weekly patterns).
 * Replay has only the logs it is given, so for each period it trains on the `BAND_WINDOW` periods
 * that end `BAND_GAP` periods before it (missing counts as 0: a count metric without datapoints is
 * 0 queries); the gap keeps a sudden change from bending its own baseline within minutes, as a model
 * trained on weeks does not:
 *  - expected value: a least-squares line through those periods, extended to this period, so a
 *    steady daily rise or fall is followed rather than lagged (a trailing median lags the evening
 *    decline by half its window and reads it as a drop);
 *  - spread: the larger of 1.4826 x the median absolute residual (a robust standard deviation) and
 *    the square root of the expected value (the spread of a Poisson count, so a quiet metric gets a
 *    wide band and its normal silences stay inside it);
 *  - band: expected +/- width x spread, the lower bound not below 0.
 * Until `BAND_WARMUP` periods are seen there is no band (no value: the alarm cannot breach), as a
 * new CloudWatch model shows no band until it has trained.
 *
 * `stride` > 1: the series holds one value per minute, each the sum of the `stride` minutes ending
 * then (a sliding evaluation window of `stride` minutes). Window and gap stay in minutes, and the
 * gap grows by `stride - 1` so that no training value shares a minute with the value it bounds.
 */
export const BAND_WINDOW = 60;
export const BAND_GAP = 5;
export const BAND_WARMUP = BAND_GAP + 30;

function median(sorted: number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

export function approximateBand(s: Float64Array, width: number, stride = 1): { lower: Float64Array; upper: Float64Array; expected: Float64Array } {
  const n = s.length;
  const gap = BAND_GAP + stride - 1;
  const lower = new Float64Array(n).fill(NaN);
  const upper = new Float64Array(n).fill(NaN);
  const expected = new Float64Array(n).fill(NaN);
  for (let i = BAND_WARMUP + stride - 1; i < n; i++) {
    const until = i - gap;
    const from = Math.max(0, until - BAND_WINDOW);
    const k = until - from;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let j = from; j < until; j++) {
      const x = j - i;
      const y = Number.isNaN(s[j]) ? 0 : s[j];
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    const slope = (k * sxy - sx * sy) / (k * sxx - sx * sx || 1);
    const intercept = (sy - slope * sx) / k; // the line's value at x = 0, this period
    const residuals: number[] = [];
    for (let j = from; j < until; j++) residuals.push(Math.abs((Number.isNaN(s[j]) ? 0 : s[j]) - (intercept + slope * (j - i))));
    residuals.sort((a, b) => a - b);
    const exp = Math.max(0, intercept);
    const spread = Math.max(1.4826 * median(residuals), Math.sqrt(exp));
    expected[i] = exp;
    lower[i] = Math.max(0, exp - width * spread);
    upper[i] = exp + width * spread;
  }
  return { lower, upper, expected };
}
