/**
 * The config file's schema (zod). Unknown keys are rejected everywhere. Messages read
 * "<what is wrong> — <how to fix it>"; the loader prefixes each with its path in the file.
 * docs/config.schema.json is generated from this file (npm run schema).
 */
import { z } from 'zod';
import { signalMapSchema } from './signal-overrides';
import { licenseConfigSchema } from './license-schema';
import { changeAuditSchema, healthChecksSchema, resolverEndpointsSchema, zoneHealthSchema } from './health-schema';
import { dashboardsConfigSchema } from './dashboards-schema';
import { alertsSchema, alertRouteName } from './alerts-schema';
import { CLOUDWATCH, LOGS, ROUTE53, TAGS } from '../aws-facts';
import { regionSchema } from './regions';
import { nameError, ZONE_NAME } from './domain-names';
import { dnsChecksSchema } from './dns-checks-schema';
import { maintenanceWindowsSchema } from './maintenance-schema';
import { registeredDomainsSchema } from './domains-schema';

const ZONE_ID = ROUTE53.hostedZoneId;
const VPC_ID = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const LOG_GROUP = LOGS.logGroupName;

/** Tag keys and values as AWS allows them (Tagging AWS resources, "Tag naming limits and requirements"). */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_KEY = z
  .string()
  .min(1, 'is empty — a tag key needs 1-128 characters')
  .max(TAGS.maxKeyLength, `is longer than ${TAGS.maxKeyLength} characters, the AWS limit for tag keys`)
  .regex(TAG_TEXT, 'has characters AWS does not allow in tags — use letters, digits, spaces and _ . : / = + - @')
  .refine((k) => !/^aws:/i.test(k), 'starts with aws:, a prefix reserved for AWS — choose another key');
const TAG_VALUE = z
  .string()
  .min(TAGS.minValueLength, `is empty — CloudWatch alarms and dashboards take tag values of ${TAGS.minValueLength}-${TAGS.maxValueLength} characters (their CloudFormation schemas), and the app tags them — give it a value or remove the tag`)
  .max(TAGS.maxValueLength, `is longer than ${TAGS.maxValueLength} characters, the AWS limit for tag values`)
  .regex(TAG_TEXT, 'has characters AWS does not allow in tags — use letters, digits, spaces and _ . : / = + - @');

/** A required text field: "is required" when absent, "must be text" when given as another type. */
export function requiredText(what: string) {
  return (iss: { input?: unknown }) =>
    iss.input === undefined ? `is required — ${what}` : `must be a string (text), not a ${typeof iss.input} — ${what}; quote it in YAML if it looks like a number`;
}

export const retentionDays = z
  .union(
    [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].map((n) =>
      z.literal(n),
    ) as unknown as [z.ZodLiteral<number>, z.ZodLiteral<number>],
    { error: 'must be a CloudWatch Logs retention value — 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days' },
  );

/** How the log group with the queries is obtained. */
export const queryLoggingSchema = z.strictObject({
  create: z
    .boolean({ error: 'must be true or false — true creates the log group and turns query logging on; false uses an existing log group' })
    .optional(),
  useExistingLogGroup: z
    .boolean({
      error: 'must be true or false — true (with create: true) turns query logging on into a log group that already exists, e.g. the one a previous deployment retained',
    })
    .optional(),
  logGroupName: z
    .string()
    .regex(LOG_GROUP, 'is not a valid log group name — use letters, digits and _ - . / # (max 512 characters)')
    .optional(),
  retentionDays: retentionDays.optional(),
});

const contributorInsightsSwitch = z.boolean({
  error: 'must be true or false — false leaves this subject out of the shared Top-N rules',
});

export const hostedZoneSchema = z.strictObject({
  zoneId: z
    .string({ error: requiredText('the hosted zone id from the Route 53 console, e.g. Z0123456789ABCDEFGHIJ') })
    .regex(ZONE_ID, 'is not a hosted zone id — it looks like Z0123456789ABCDEFGHIJ (Z followed by capital letters and digits, no /hostedzone/ prefix)'),
  zoneName: z
    .string({ error: requiredText('the zone\'s domain name, e.g. example.com') })
    .regex(ZONE_NAME, nameError(ZONE_NAME, 'is not a domain name — use the zone name as in Route 53, e.g. example.com')),
  queryLogging: queryLoggingSchema.optional(),
  signals: signalMapSchema(['hostedZone']).optional(),
  contributorInsights: contributorInsightsSwitch.optional(),
  alertRoute: alertRouteName.optional(),
  ...zoneHealthSchema,
});

export const resolverVpcSchema = z.strictObject({
  vpcId: z
    .string({ error: 'is required — the VPC id, e.g. vpc-0123456789abcdef0' })
    .regex(VPC_ID, 'is not a VPC id — it looks like vpc-0123456789abcdef0 (vpc- then 8 or 17 lowercase hex digits)'),
  region: regionSchema("the VPC's region"),
  name: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, _ . or -').optional(),
  queryLogging: queryLoggingSchema.optional(),
  signals: signalMapSchema(['resolver']).optional(),
  contributorInsights: contributorInsightsSwitch.optional(),
  alertRoute: alertRouteName.optional(),
});

export const configSchema = z.strictObject({
  prefix: z
    .string({ error: 'is required — a short name for this deployment, e.g. acme-prod' })
    .regex(
      /^[a-z][a-z0-9-]{0,23}$/,
      'must be 1-24 characters: lowercase letters, digits and hyphens, starting with a letter — e.g. acme-prod',
    ),
  hostedZones: z.array(hostedZoneSchema).default([]),
  resolverVpcs: z.array(resolverVpcSchema).default([]),
  alerts: alertsSchema.default({}),
  signals: signalMapSchema(['hostedZone', 'resolver']).optional(),
  queryLogging: queryLoggingSchema.optional(),
  contributorInsights: z
    .strictObject({
      enabled: z.boolean({ error: 'must be true or false — false creates no Contributor Insights rules at all' }).optional(),
    })
    .optional(),
  metricsNamespace: z
    .string()
    .max(CLOUDWATCH.namespaceMaxLength, `is longer than ${CLOUDWATCH.namespaceMaxLength} characters, the most a CloudWatch namespace may have`)
    .regex(CLOUDWATCH.namespaceCharacters, 'is not a valid CloudWatch namespace — use letters, digits and . / _ # - (a metric filter takes no :, * or $), e.g. Codreum/DNS')
    .refine((v) => !v.startsWith('AWS/'), 'must not start with AWS/ — that prefix is reserved for AWS services')
    .optional(),
  license: licenseConfigSchema.optional(),
  healthChecks: healthChecksSchema.optional(),
  resolverEndpoints: resolverEndpointsSchema.optional(),
  changeAudit: changeAuditSchema.optional(),
  dashboards: dashboardsConfigSchema.optional(),
  dnsChecks: dnsChecksSchema.optional(),
  registeredDomains: registeredDomainsSchema.optional(),
  maintenanceWindows: maintenanceWindowsSchema.optional(),
  tags: z.record(TAG_KEY, TAG_VALUE).optional(),
  primaryRegion: regionSchema('the region of the Slack webhook secret, the Chatbot channel, the license reporter and the DNS checks\' alarms').optional(),
});

export type RawConfig = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type HostedZoneConfig = z.output<typeof hostedZoneSchema>;
export type ResolverVpcConfig = z.output<typeof resolverVpcSchema>;
export type QueryLoggingConfig = z.output<typeof queryLoggingSchema>;
