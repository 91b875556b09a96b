/**
 * The one builder of alarm descriptions: what fires and when, the worst-case detection time, where
 * to look, the runbook, then the machine-readable context line (contracts/alarm-context.ts) on the
 * last line. One truncation rule: when the text exceeds CloudWatch's limit, the end of the human
 * part is cut (with `…`), never the head and never the context line.
 */
import { ALARMS } from '../aws-facts';
import { type AlarmContext, formatAlarmContext } from '../../contracts/alarm-context';
import { formatDuration } from './detection-time';

export interface DescriptionParts {
  /** What fires, without the final period, e.g. `Hosted zone x (Z1) traffic drop: fewer than ...`. */
  readonly head: string;
  /** Adds "Worst-case detection N min." after the head. @default none */
  readonly detectionSeconds?: number;
  /** Where to look and what to do (may hold newlines). @default none */
  readonly detail?: string;
  readonly runbookUrl?: string;
  readonly context: AlarmContext;
}

export function describeAlarm(p: DescriptionParts): string {
  const tail = `\n${formatAlarmContext(p.context)}`;
  const detection = p.detectionSeconds !== undefined ? ` Worst-case detection ${formatDuration(p.detectionSeconds)}.` : '';
  const runbook = p.runbookUrl ? ` Runbook: ${p.runbookUrl}` : '';
  let body = `${p.head}.${detection}${p.detail ? `\n${p.detail}` : ''}${runbook}`;
  if (body.length + tail.length > ALARMS.maxDescriptionLength) body = `${body.slice(0, ALARMS.maxDescriptionLength - tail.length - 1)}…`;
  return body + tail;
}
