/**
 * The evaluator against the CloudWatch User Guide's documented examples ("Evaluating an alarm",
 * the missing-data tables): 0 = not breaching, X = breaching, - = no datapoint, oldest first, an
 * evaluation range of 5 periods for N = 3.
 */
import { evaluateRule, nextState, parseAlarmRule, type AlarmState, type TreatMissing } from '../../lib/replay/alarm-evaluator';

const points = (s: string) => s.split(' ').map((c) => (c === '-' ? null : c === 'X'));
const MODES: TreatMissing[] = ['missing', 'ignore', 'breaching', 'notBreaching'];
type Row = [string, AlarmState | 'retain', AlarmState | 'retain', AlarmState | 'retain', AlarmState | 'retain'];

function check(rows: Row[], M: number, N: number) {
  for (const [data, ...expected] of rows) {
    MODES.forEach((mode, i) => {
      for (const current of ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as AlarmState[]) {
        const want = expected[i] === 'retain' ? current : expected[i];
        expect({ data, mode, current, state: nextState(points(data), { evaluationPeriods: N, datapointsToAlarm: M, treatMissingData: mode }, current) }).toEqual({
          data,
          mode,
          current,
          state: want,
        });
      }
    });
  }
}

describe('CloudWatch alarm evaluation (documented examples)', () => {
  it('3 of 3: the guide\'s table for every treatMissingData mode', () => {
    check(
      [
        ['0 - X - X', 'OK', 'OK', 'OK', 'OK'],
        ['0 - - - -', 'OK', 'OK', 'OK', 'OK'],
        ['- - - - -', 'INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK'],
        ['0 X X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
        ['- - X - -', 'ALARM', 'retain', 'ALARM', 'OK'],
      ],
      3,
      3,
    );
  });

  it('2 of 3 (M of N): the guide\'s table for every treatMissingData mode', () => {
    check(
      [
        ['0 - X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
        ['0 0 X 0 X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
        ['0 - X - -', 'OK', 'OK', 'ALARM', 'OK'],
        ['- - - - 0', 'OK', 'OK', 'ALARM', 'OK'],
        ['- - - X -', 'ALARM', 'retain', 'ALARM', 'OK'],
      ],
      2,
      3,
    );
  });

  it('a single breaching datapoint that is too recent does not alarm early (missing keeps the state)', () => {
    expect(nextState(points('- - - - X'), { evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: 'missing' }, 'OK')).toBe('OK');
  });

  it('composite rules: ALARM/OK/INSUFFICIENT_DATA, AND, OR, NOT and parentheses', () => {
    const rule = parseAlarmRule('ALARM("a-rate") OR (ALARM("b") AND NOT OK("c"))');
    const s = (a: AlarmState, b: AlarmState, c: AlarmState) => new Map([['a-rate', a], ['b', b], ['c', c]]);
    expect(evaluateRule(rule, s('ALARM', 'OK', 'OK'))).toBe(true);
    expect(evaluateRule(rule, s('OK', 'ALARM', 'OK'))).toBe(false);
    expect(evaluateRule(rule, s('OK', 'ALARM', 'INSUFFICIENT_DATA'))).toBe(true);
    expect(evaluateRule(parseAlarmRule('TRUE AND NOT FALSE'), new Map())).toBe(true);
  });
});
