/**
 * The variables a handler's construct always sets, read once when the function starts. A missing
 * one stops the start with its name: every invocation then fails, which the function's alarms see
 * (the prober's errors alarm; the reporter's and the audit publisher's events land in their
 * dead-letter queues, whose alarms page). Nothing stands in for a missing one, so a function is
 * never wired to nobody.
 */
import { SEVERITIES, type Severity } from '../../contracts/alarm-context';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * A variable the construct sets, for a handler that reports every problem at once: its trimmed
 * value, or '' with the problem added to `problems`. `what` says what it holds.
 */
export function requiredVar(env: Env, name: string, what: string, problems: string[]): string {
  const v = env[name]?.trim();
  if (!v) problems.push(`${name} is missing — set it to ${what}`);
  return v ?? '';
}

/** A variable the construct sets, read alone: a missing one stops the start at once. */
export function requiredEnv(env: Env, name: string, what: string): string {
  const problems: string[] = [];
  const v = requiredVar(env, name, what, problems);
  if (problems.length) throw new Error(`${problems[0]} (the function's construct sets it)`);
  return v;
}

export type TopicsBySeverity = Readonly<Record<Severity, readonly string[]>>;

/** The TOPICS variable: `{"critical":[arn...],"warning":[arn...]}`, the alert topics per severity. */
export function topicsFromEnv(env: Env): TopicsBySeverity {
  const text = requiredEnv(env, 'TOPICS', 'the alert topic ARNs per severity');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = undefined;
  }
  const list = (x: unknown) => Array.isArray(x) && x.every((a) => typeof a === 'string' && a.startsWith('arn:'));
  if (v === null || typeof v !== 'object' || !SEVERITIES.every((s) => list((v as Record<string, unknown>)[s]))) {
    throw new Error(`TOPICS must be {${SEVERITIES.map((s) => `"${s}":[topic ARN...]`).join(',')}}`);
  }
  return v as TopicsBySeverity;
}
