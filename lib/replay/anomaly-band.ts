/**
 * APPROXIMATION of CloudWatch's anomaly-detection band, which AWS trains on up to two weeks of a
 * metric's history with a model it does not publish (it learns hourly, daily and weekly patterns).
 * Replay approximates it in one of two ways, per period, and marks every band as approximated:
 *
 * 1. With history of the same time of day (`seasonal`, the closer one): when the data reaches at
 *    least one day back (e.g. a DNSQueries CSV that starts days before the logs), the band at a
 *    period is trained on the same time of day on up to `SEASONAL_DAYS` previous days, as a model
 *    that learned the daily pattern would be, and never on the last hours (so a drop never bends its
 *    own baseline):
 *    - expected value: the mean of the values within `SEASONAL_HALF_WIDTH` grid points of that
 *      time on each of those days (a window symmetric around the time, so a steady daily rise or
 *      fall does not shift it);
 *    - spread: the larger of 1.4826 x the median absolute deviation of those values from their own
 *      day's mean (a robust standard deviation; subtracting each day's mean keeps day-to-day level
 *      changes out of it) and the square root of the expected value (a Poisson count's spread).
 * 2. Without it (`trailing`): the band is trained on the `BAND_WINDOW` periods that end `BAND_GAP`
 *    periods before it (missing counts as 0: a count metric without datapoints is 0 queries); the gap
 *    keeps a sudden change from bending its own baseline within minutes:
 *    - expected value: a least-squares line through those periods, extended to this period, so a
 *      steady daily rise or fall is followed rather than lagged (a trailing median lags the evening
 *      decline by half its window and reads it as a drop);
 *    - spread: the larger of 1.4826 x the median absolute residual and the square root of the
 *      expected value, so a quiet metric gets a wide band and its normal silences stay inside it.
 *    Until `BAND_WARMUP` periods are seen there is no band (no value: the alarm cannot breach), as a
 *    new CloudWatch model shows no band until it has trained.
 * In both: band = expected +/- width x spread, the lower bound not below 0.
 *
 * `stride` > 1: the series holds one value per minute, each the sum of the `stride` minutes ending
 * then (a sliding evaluation window of `stride` minutes). The trailing window and gap stay in
 * minutes, and the gap grows by `stride - 1` so that no training value shares a minute with the value
 * it bounds.
 */
export const BAND_WINDOW = 60;
export const BAND_GAP = 5;
export const BAND_WARMUP = BAND_GAP + 30;
/** Previous days of the same time of day the seasonal band trains on (CloudWatch: up to two weeks). */
export const SEASONAL_DAYS = 14;
/** Grid points on each side of the time of day (10 one-minute points: a 21-minute window). */
export const SEASONAL_HALF_WIDTH = 10;

export interface BandOptions {
  /** Grid points per period (see above); 1 by default. */
  readonly stride?: number;
  /** Grid points per day (1440 for a one-minute grid); the seasonal band needs it. */
  readonly pointsPerDay?: number;
  /** The first grid point a band is needed for (earlier points are history): saves work. */
  readonly from?: number;
}

function median(sorted: number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** The seasonal estimate at grid point i, or undefined without a full window one day back. */
function seasonal(s: Float64Array, i: number, day: number): { exp: number; spread: number } | undefined {
  const h = SEASONAL_HALF_WIDTH;
  const values: number[] = [];
  const deviations: number[] = [];
  for (let d = 1; d <= SEASONAL_DAYS; d++) {
    const c = i - d * day;
    if (c - h < 0) break;
    const win: number[] = [];
    for (let k = c - h; k <= c + h; k++) win.push(Number.isNaN(s[k]) ? 0 : s[k]);
    const mean = win.reduce((a, b) => a + b, 0) / win.length;
    values.push(...win);
    for (const v of win) deviations.push(Math.abs(v - mean));
  }
  if (values.length === 0) return undefined;
  const exp = Math.max(0, values.reduce((a, b) => a + b, 0) / values.length);
  deviations.sort((a, b) => a - b);
  return { exp, spread: Math.max(1.4826 * median(deviations), Math.sqrt(exp)) };
}

export function approximateBand(s: Float64Array, width: number, opts: BandOptions = {}): { lower: Float64Array; upper: Float64Array; expected: Float64Array } {
  const n = s.length;
  const stride = opts.stride ?? 1;
  const gap = BAND_GAP + stride - 1;
  const lower = new Float64Array(n).fill(NaN);
  const upper = new Float64Array(n).fill(NaN);
  const expected = new Float64Array(n).fill(NaN);
  for (let i = Math.max(opts.from ?? 0, BAND_WARMUP + stride - 1); i < n; i++) {
    const season = opts.pointsPerDay ? seasonal(s, i, opts.pointsPerDay) : undefined;
    if (season) {
      expected[i] = season.exp;
      lower[i] = Math.max(0, season.exp - width * season.spread);
      upper[i] = season.exp + width * season.spread;
      continue;
    }
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
