import { SEVERITIES } from '../../contracts/alarm-context';
import { z } from 'zod';
import { signalIds } from '../signals/catalogue';
import type { LogSource } from '../signals/types';
import { didYouMean } from './errors';

const hint = (near: string | undefined) => (near ? ` (did you mean '${near}'?)` : '');

/**
 * Per-signal overrides. Every key is optional: what is not set comes from the next level up
 * (zone/VPC -> top-level `signals` -> catalogue default).
 */
export const signalOverrideSchema = z.strictObject({
  enabled: z.boolean().optional(),
  threshold: z
    .number({ error: 'must be a number (count per period) or null — e.g. threshold: 100, or null to turn the count alarm off' })
    .nonnegative('must be >= 0 — use a count per period, or null to turn the count alarm off')
    .nullable()
    .optional(),
  rateThreshold: z
    .number({ error: 'must be a percentage or null — e.g. rateThreshold: 10 for 10 %' })
    .min(0, 'must be between 0 and 100 (percent of all queries)')
    .max(100, 'must be between 0 and 100 (percent of all queries)')
    .nullable()
    .optional(),
  minVolume: z
    .number()
    .int('must be a whole number of queries per period')
    .nonnegative('must be >= 0 queries per period')
    .optional(),
  lowVolumeRateThreshold: z
    .number({ error: 'must be a percentage or null — e.g. lowVolumeRateThreshold: 50: below minVolume, a period breaches when 50 % or more of its queries match' })
    .min(0, 'must be between 0 and 100 (percent of the quiet period\'s queries)')
    .max(100, 'must be between 0 and 100 (percent of the quiet period\'s queries)')
    .nullable()
    .optional(),
  minCount: z
    .number({ error: 'must be a whole number of matching queries per period — e.g. 3' })
    .int('must be a whole number of matching queries per period')
    .min(1, 'must be at least 1 matching query per period')
    .optional(),
  lowVolumeMinCount: z
    .number({ error: 'must be a whole number of matching queries per period — e.g. 2' })
    .int('must be a whole number of matching queries per period')
    .min(1, 'must be at least 1 matching query per period')
    .optional(),
  period: z
    .number({ error: 'must be a number of seconds — e.g. period: 60' })
    .int('must be a whole number of seconds — e.g. 60')
    .min(60, 'must be at least 60 seconds — metric-filter metrics are standard resolution; use 60, 120, 300 ...')
    .refine((v) => v % 60 === 0, 'must be a multiple of 60 seconds — use 60, 120, 180, 300 ...')
    .optional(),
  evaluationPeriods: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
  datapointsToAlarm: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
  treatMissingData: z
    .enum(['missing', 'notBreaching', 'breaching', 'ignore'], {
      error: 'must be one of missing, notBreaching, breaching, ignore',
    })
    .optional(),
  severity: z.enum(SEVERITIES, { error: 'must be critical or warning' }).optional(),
  actionsEnabled: z
    .boolean({ error: 'must be true or false — false keeps the alarms but sends no notifications ("shadow mode")' })
    .optional(),
  anomaly: z
    .enum(['off', 'spike', 'drop', 'both'], { error: 'must be one of off, spike, drop, both' })
    .optional(),
  anomalyBandWidth: z
    .number({ error: 'must be a number of standard deviations — e.g. 2' })
    .positive('must be > 0 standard deviations — 2 is a good start')
    .max(100, 'must be <= 100 standard deviations')
    .optional(),
});
export type SignalOverride = z.infer<typeof signalOverrideSchema>;

/**
 * A map of signal id -> overrides. Unknown signal names are reported with the list of valid ones.
 * `sources` lists which catalogues the keys may come from (the top-level map accepts both).
 */
export function signalMapSchema(sources: LogSource[]) {
  const valid = [...new Set(sources.flatMap((s) => signalIds(s)))];
  return z.record(z.string(), signalOverrideSchema).superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      if (!valid.includes(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `unknown signal '${key}'${hint(didYouMean(key, valid))} — valid signals here: ${valid.join(', ')}`,
        });
      }
    }
  });
}
export type SignalMap = Record<string, SignalOverride>;
