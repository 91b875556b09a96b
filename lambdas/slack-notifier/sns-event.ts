/**
 * First validation step (run as middy middleware in the handler): is this an SNS event at all?
 * Records are validated one by one later, so one bad record never hides the others.
 */
import { describeIssues, snsEventSchema } from './alarm-schema';

export type ValidatedEvent =
  | { readonly kind: 'sns'; readonly records: unknown[] }
  | { readonly kind: 'invalid'; readonly raw: unknown; readonly problem: string };

export function validateSnsEvent(raw: unknown): ValidatedEvent {
  const parsed = snsEventSchema.safeParse(raw);
  if (parsed.success) return { kind: 'sns', records: parsed.data.Records };
  return { kind: 'invalid', raw, problem: `not an SNS event: ${describeIssues(parsed.error)}` };
}
