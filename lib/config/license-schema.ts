/**
 * The `license` section of the config file (optional: without it, no license resources are
 * created and monitoring works fully). Unknown keys are rejected; messages read
 * "<what is wrong> — <how to fix it>" (the loader prefixes the path).
 */
import { z } from 'zod';
import { secretArnSchema } from './secret-arn';

export const DEFAULT_LICENSE_ENDPOINT = 'https://license.codreum.com/v1/check';

export const licenseConfigSchema = z.strictObject({
  licenseId: z
    .string({ error: 'is required — copy the license id from your Codreum license email, e.g. lic_0123456789abcdef' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/, 'is not a license id — use the id from your Codreum license email (letters, digits, . _ -, 3-128 characters)'),
  endpoint: z
    .string()
    .regex(/^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[^\s?#]*)?$/, 'is not an https:// URL without query or credentials — the license API is only reached over https')
    .default(DEFAULT_LICENSE_ENDPOINT),
  keySecretArn: secretArnSchema(
    'is not a Secrets Manager secret ARN — use the full ARN, e.g. arn:aws:secretsmanager:us-east-1:123456789012:secret:codreum/license-AbCdEf, or leave it out and the app creates <prefix>/license for you',
  ).optional(),
  scheduleHours: z
    .number({ error: 'must be a number of hours — e.g. 6' })
    .int('must be a whole number of hours — e.g. 6')
    .min(1, 'must be at least 1 hour — checks run at most hourly')
    .max(24, 'must be at most 24 hours — a license is checked at least daily')
    .default(6),
  graceHours: z
    .number({ error: 'must be a number of hours — e.g. 72' })
    .int('must be a whole number of hours — e.g. 72')
    .min(6, 'must be at least 6 hours — shorter grace periods alarm on brief vendor outages')
    .max(2160, 'must be at most 2160 hours (90 days) — use offlineToken for accounts that cannot reach the license API')
    .default(72),
  expiryWarningDays: z
    .number({ error: 'must be a number of days — e.g. 14' })
    .int('must be a whole number of days — e.g. 14')
    .min(1, 'must be at least 1 day')
    .max(90, 'must be at most 90 days')
    .default(14),
  offlineToken: z
    .string({ error: 'must be a path to the signed token file Codreum sent you, or the token itself' })
    .min(1, 'is empty — give the path to the signed token file, or remove the key to check online')
    .optional(),
  deployCheck: z
    .boolean({ error: 'must be true or false — false skips the license check during cdk deploy' })
    .default(true),
}).refine((v) => !(v.offlineToken !== undefined && v.keySecretArn !== undefined), {
  message: 'offlineToken and keySecretArn are both set — an air-gapped (offline) install needs no key secret: remove keySecretArn, or remove offlineToken to check online',
  path: ['keySecretArn'],
});

/** The license section as written in the file (defaults optional). */
export type LicenseConfigInput = z.input<typeof licenseConfigSchema>;
/** The license section after validation (defaults filled in). */
export type LicenseConfig = z.output<typeof licenseConfigSchema>;
