/**
 * The EventBridge "CloudWatch Alarm State Change" event of a DNS check alarm, as far as the reporter
 * reads it (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html):
 * the alarm's name, new state, description (its last line is the product's context line) and the
 * metrics of its expression, whose Check and Vantage dimensions name the check and its regions.
 */
import * as z from 'zod/mini';
import { type AlarmContext, parseAlarmContext } from '../../contracts/alarm-context';
import { DNS_CHECK_METRICS, DNS_CHECK_NAMESPACE } from '../../contracts/dns-check';

const metricSchema = z.looseObject({
  metricStat: z.optional(
    z.looseObject({
      metric: z.looseObject({ namespace: z.optional(z.string()), name: z.optional(z.string()), dimensions: z.optional(z.record(z.string(), z.string())) }),
    }),
  ),
});

export const alarmEventSchema = z.looseObject({
  source: z.literal('aws.cloudwatch', { error: 'source is not aws.cloudwatch' }),
  'detail-type': z.literal('CloudWatch Alarm State Change', { error: 'detail-type is not CloudWatch Alarm State Change' }),
  time: z.string(),
  region: z.string(),
  detail: z.looseObject({
    alarmName: z.string(),
    state: z.looseObject({ value: z.string(), timestamp: z.optional(z.string()) }),
    configuration: z.looseObject({ description: z.optional(z.string()), metrics: z.optional(z.array(metricSchema)) }),
  }),
});

export interface CheckAlarm {
  readonly alarmName: string;
  readonly state: string;
  /** When the alarm changed state (ISO 8601). */
  readonly time: string;
  readonly region: string;
  readonly check: string;
  /** The regions the check runs from, in the alarm's order. */
  readonly vantages: readonly string[];
  readonly context?: AlarmContext;
}

/**
 * The check and its vantage regions from an alarm state-change event; for an alarm that is not a
 * DNS check alarm, why not. Throws on an event that is not an alarm state change.
 */
export function readCheckAlarm(event: unknown): CheckAlarm | { readonly alarmName: string; readonly notACheck: string } {
  const parsed = alarmEventSchema.safeParse(event);
  if (!parsed.success) throw new Error(`not a CloudWatch alarm state-change event: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  const dims = (e.detail.configuration.metrics ?? [])
    .map((m) => m.metricStat?.metric)
    .filter((m) => m?.namespace === DNS_CHECK_NAMESPACE && m.name === DNS_CHECK_METRICS.failed)
    .map((m) => m!.dimensions ?? {});
  const checks = [...new Set(dims.map((d) => d.Check).filter(Boolean))];
  const vantages = [...new Set(dims.map((d) => d.Vantage).filter(Boolean))];
  if (checks.length !== 1 || vantages.length === 0) {
    return { alarmName: e.detail.alarmName, notACheck: `its metrics name ${checks.length} checks (${DNS_CHECK_NAMESPACE} ${DNS_CHECK_METRICS.failed}, dimension Check) and ${vantages.length} vantages` };
  }
  return {
    alarmName: e.detail.alarmName,
    state: e.detail.state.value,
    time: e.detail.state.timestamp ?? e.time,
    region: e.region,
    check: checks[0],
    vantages,
    context: parseAlarmContext(e.detail.configuration.description),
  };
}
