/**
 * Metric math as replay evaluates it, on the CloudWatch User Guide's rules ("Using metric math"):
 * an operation between series has a value only where both have one, FILL gives every period a
 * value, IF has no value where its condition has none, MAX of an array is per period.
 */
import { evaluate, parseExpression, type Value } from '../../lib/replay/metric-math';

const N = NaN;
const run = (expr: string, env: Record<string, number[]>) =>
  Array.from(evaluate(parseExpression(expr), new Map(Object.entries(env).map(([k, v]) => [k, Float64Array.from(v)] as [string, Value])), 4) as Float64Array);

describe('metric math (replay)', () => {
  it('arithmetic between series has no value where either input has none', () => {
    expect(run('100 * a / b', { a: [1, N, 3, 4], b: [2, 2, N, 4] })).toEqual([50, N, N, 100]);
  });

  it('FILL gives a value to every period; comparisons give 1 or 0', () => {
    expect(run('FILL(a, 0) >= 1', { a: [N, 1, 0, N] })).toEqual([0, 1, 0, 0]);
  });

  it('IF: no value where the condition has none, and none for a false condition without a false branch', () => {
    expect(run('IF(b >= 1, 7, 0)', { b: [N, 1, 0, 2] })).toEqual([N, 7, 0, 7]);
    expect(run('IF(b >= 1, 7)', { b: [N, 1, 0, 2] })).toEqual([N, 7, N, 7]);
  });

  it('the product\'s two-tier rate: busy minutes by rate, quiet minutes only when mostly errors', () => {
    const expr =
      'IF(m_total >= 20, 100 * FILL(m_x, 0) / m_total, IF(FILL(m_x, 0) >= 1, IF(100 * FILL(m_x, 0) / m_total >= 10, 100 * FILL(m_x, 0) / m_total, 0), 0))';
    expect(run(expr, { m_total: [100, 5, 20, N], m_x: [1, 1, N, 3] })).toEqual([1, 20, 0, N]);
  });

  it('AND/OR/NOT, precedence and MAX/MIN of an array per period', () => {
    expect(run('a > 1 AND NOT (b > 1) || a == 0', { a: [2, 2, 0, 1], b: [0, 5, 9, 0] })).toEqual([1, 0, 1, 0]);
    expect(run('MAX([a, b]) - MIN([a, b]) * 2 ^ 2', { a: [1, N, 3, 4], b: [2, 5, N, 1] })).toEqual([-2, -15, -9, 0]);
  });

  it('refuses what it does not implement, by name', () => {
    expect(() => run('SEARCH(a)', { a: [1, 1, 1, 1] })).toThrow(/SEARCH is not supported by replay/);
    expect(() => parseExpression('a +')).toThrow(/unexpected end/);
  });
});
