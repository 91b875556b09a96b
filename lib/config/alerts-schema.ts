/**
 * `alerts`: where alarms notify. Destinations at the top apply to both severities; `critical` /
 * `warning` replace them for one severity; `routes` are named destination sets a zone or VPC can
 * pick with `alertRoute` (a critical zone pages on-call, a dev zone goes to a quiet channel).
 */
import { z } from 'zod';
import { SNS_TOPICS } from '../aws-facts';
import { secretArnSchema } from './secret-arn';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TOPIC_ARN = new RegExp(`^arn:aws[a-z-]*:sns:([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\\d):\\d{12}:${SNS_TOPICS.namePattern}$`);

/** Longest runbook link: it goes into every alarm description, which AWS caps at 1,024 characters. */
export const MAX_RUNBOOK_URL = 512;

/**
 * A plain http(s) URL: parsable, no credentials (they would be stored in templates and construct
 * ids), none of the characters that markdown, JSON or shells treat specially.
 */
export function plainUrl(o: { schemes: readonly ('http' | 'https')[]; maxLength: number; example: string }) {
  return z
    .string({ error: `must be a URL (text) — e.g. ${o.example}` })
    .max(o.maxLength, `is longer than ${o.maxLength} characters — use a URL of at most ${o.maxLength} characters (a short link to the page)`)
    .superRefine((v, ctx) => {
      let url: URL | undefined;
      try {
        url = new URL(v);
      } catch {
        url = undefined;
      }
      if (!url || !o.schemes.includes(url.protocol.slice(0, -1) as 'http') || !url.hostname) {
        ctx.addIssue({ code: 'custom', message: `is not a ${o.schemes.join(' or ')} URL — use ${o.example}` });
      } else if (url.username || url.password) {
        ctx.addIssue({
          code: 'custom',
          message: 'contains credentials (user:password@) — they would be stored in the CloudFormation template; authenticate with a secret path segment or verify SNS message signatures instead',
        });
      } else if (/[\s()[\]<>{}"'`\\|^]/.test(v)) {
        ctx.addIssue({ code: 'custom', message: `is not a plain URL — spaces and ( ) [ ] < > { } " ' \` \\ | ^ are not allowed (dashboards render links as markdown); percent-encode them, e.g. ${o.example}` });
      }
    });
}

export const alertRouteName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,19}$/, 'is not a route name — use 1-20 lowercase letters, digits or hyphens, as defined under alerts.routes');

/** Email/SMS/HTTPS subscriptions, or existing topics to use instead of created ones. */
export const destinationsShape = {
  email: z.array(z.string().regex(EMAIL, 'is not an email address — use name@example.com')).optional(),
  sms: z
    .array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'is not an E.164 phone number — use + then country code and number, e.g. +14155550100'))
    .optional(),
  https: z.array(plainUrl({ schemes: ['https'], maxLength: 2048, example: 'https://hooks.example.com/dns' })).optional(),
  topicArns: z
    .array(
      z
        .string()
        .regex(TOPIC_ARN, 'is not an SNS topic ARN — use arn:aws:sns:REGION:ACCOUNT:NAME (one per region the alarms live in)'),
    )
    .min(1, 'is empty — list at least one topic ARN, or remove topicArns to let the app create topics')
    .optional(),
};
export const destinationsSchema = z.strictObject(destinationsShape);
export type Destinations = z.output<typeof destinationsSchema>;

const routeShape = {
  ...destinationsShape,
  critical: destinationsSchema.optional(),
  warning: destinationsSchema.optional(),
};

export const alertsSchema = z.strictObject({
  ...routeShape,
  routes: z.record(alertRouteName, z.strictObject(routeShape)).optional(),
  runbookUrl: plainUrl({ schemes: ['http', 'https'], maxLength: MAX_RUNBOOK_URL, example: 'https://wiki.example.com/dns-runbook' }).optional(),
  okNotifications: z.boolean({ error: 'must be true or false' }).optional(),
  zoneUnhealthy: z
    .boolean({ error: 'must be true or false — true adds one composite "unhealthy" alarm per zone/VPC over its critical alarms, so an incident pages once' })
    .optional(),
  slack: z
    .strictObject({
      webhook: z
        .strictObject({
          secretArn: secretArnSchema(
            'is not a Secrets Manager secret ARN — use arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME, or leave it out to have the app create <prefix>/slack-webhook-url',
          ).optional(),
        })
        .optional(),
      chatbot: z
        .strictObject({
          workspaceId: z
            .string()
            .regex(/^[A-Z0-9]{9,11}$/, 'is not a Slack workspace (team) id — it looks like T0123ABCD, from the AWS Chatbot console after authorizing the workspace'),
          channelId: z.string().regex(/^[A-Z0-9]{9,11}$/, 'is not a Slack channel id — it looks like C0123ABCD (channel details in Slack)'),
        })
        .optional(),
    })
    .optional(),
});
export type AlertsConfig = z.output<typeof alertsSchema>;

export const DEFAULT_ROUTE = 'default';

/** Region of a topic ARN. */
export function topicArnRegion(arn: string): string {
  return TOPIC_ARN.exec(arn)?.[1] ?? '';
}
