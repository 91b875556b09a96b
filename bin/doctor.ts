#!/usr/bin/env node
/**
 * `npx dns-monitor doctor -c CONFIG [--json] [--stale-hours N] [--insufficient-minutes N] [--check NAME,...]`
 * (`npm run doctor -- -c CONFIG`): after `cdk deploy`, lists what still keeps alerts from arriving.
 * Read-only AWS calls with your own credentials, in the regions the config uses.
 * Exit codes: 0 nothing missing, 1 something to fix, 2 bad command line or config.
 */
import { Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
import { ROUTE53_DOMAINS } from '../lib/aws-facts';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { KMSClient } from '@aws-sdk/client-kms';
import { CLI_CLIENT_CONFIG } from '../lib/cli-clients';
import { ConfigError } from '../lib/config/errors';
import * as path from 'node:path';
import { loadConfigFile } from '../lib/config/load';
import { assignmentsPathFor, readAssignments } from '../lib/stacks/stack-assignments';
import { DOCTOR_CHECKS, type DoctorCheck, type DoctorClients, renderDoctor, runDoctor } from '../lib/doctor';
import { awsCallFailedExit, configErrorExit, parseArgs, runCommand, UsageError } from './cli-args';

export const USAGE = `Usage: dns-monitor doctor [PATH] [options]

After cdk deploy: lists unconfirmed alert subscriptions, SMS numbers SNS will not text (opted
out, not verified while the account is in the SMS sandbox, a $1 monthly SMS spend limit),
configured topics that are missing or encrypted with alias/aws/sns, alert topics whose KMS key
is disabled, pending deletion or gone (SNS then refuses every alarm notification), notifications
SNS failed to deliver from the alert topics in the last 7 days, Slack
and license secrets that are missing or still hold the placeholder, hosted zones that are not in
the account, private or named otherwise, monitored log groups that are
missing or receive nothing, regions whose CloudWatch Logs resource policies leave no room for the
query logging the app turns on, hosted zones and VPCs without query logging (or logging elsewhere),
Resolver endpoints that do not exist in their region or are unhealthy, registered domains the
account does not hold, that do not renew or are about to expire, no CloudTrail trail for the
change audit, alarms stuck in INSUFFICIENT_DATA, zones whose query logs stopped while Route 53
answers (their logs-stopped alarm in ALARM), alarms, metric filters, EventBridge rules,
schedules, Top-N rules and dashboards of the deployment that were deleted outside CloudFormation,
alarms whose actions, threshold or evaluation were changed by hand, filters whose pattern or metric
was, rules, schedules and Top-N rules turned off or edited (with the command that puts each back;
the config is synthesized in memory for this, as plan does), undelivered alerts waiting in the
dead-letter queues, alarms the Slack channel last heard in ALARM that no longer exist or whose
recovery it never heard (with the command that posts the deletion or the recovery), and
maintenance windows open now. Read-only calls with your AWS credentials (AWS_PROFILE,
environment, SSO); nothing is changed. A call a check is refused is a finding naming the
permission to allow; the other checks still run.

  PATH, --config PATH, -c config=PATH   config file (default dns-monitor.yaml)
  --json                                machine-readable output
  --stale-hours N                       report log groups without an event for N hours (default 1)
  --insufficient-minutes N              report alarms in INSUFFICIENT_DATA longer than N minutes (default 60)
  --check NAME[,NAME...]                run only these checks (default all): ${DOCTOR_CHECKS.join(', ')};
                                        e.g. --check zones,log-policies before the first deploy
  -h, --help                            this text
`;

export interface DoctorArgs {
  readonly config: string;
  readonly json: boolean;
  readonly staleHours: number;
  readonly insufficientMinutes: number;
  /** `--check`: the checks to run; all when absent. */
  readonly checks?: readonly DoctorCheck[];
  readonly help: boolean;
}

export function parseDoctorArgs(argv: readonly string[]): DoctorArgs {
  const a = parseArgs('doctor', argv, { switches: ['--json'], values: ['--stale-hours', '--insufficient-minutes', '--check'] });
  const number = (flag: string, fallback: number) => {
    const v = a.values[flag];
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} needs a number >= 0, e.g. ${flag} 2`);
    return n;
  };
  const checks = a.values['--check']?.split(',').map((c) => c.trim());
  for (const c of checks ?? []) {
    if (!(DOCTOR_CHECKS as readonly string[]).includes(c)) throw new UsageError(`--check: unknown check '${c}' — one or more of ${DOCTOR_CHECKS.join(', ')}, comma-separated`);
  }
  return {
    config: a.config,
    json: a.switches.has('--json'),
    staleHours: number('--stale-hours', 1),
    insufficientMinutes: number('--insufficient-minutes', 60),
    ...(checks ? { checks: checks as DoctorCheck[] } : {}),
    help: a.help,
  };
}

/** Clients from the default credential chain, one per region (cached), retrying throttled calls and dropping stalled connections (CLI_CLIENT_CONFIG). */
export function defaultClients(): DoctorClients {
  const cache = new Map<string, unknown>();
  const per = <T>(kind: string, region: string, make: () => T): T => {
    const key = `${kind}|${region}`;
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  const settings = (region: string) => ({ region, ...CLI_CLIENT_CONFIG });
  return {
    sns: (region) => per('sns', region, () => new SNSClient(settings(region))),
    secrets: (region) => per('secrets', region, () => new SecretsManagerClient(settings(region))),
    logs: (region) => per('logs', region, () => new CloudWatchLogsClient(settings(region))),
    cloudwatch: (region) => per('cw', region, () => new CloudWatchClient(settings(region))),
    route53: () => per('r53', 'us-east-1', () => new Route53Client(settings('us-east-1'))),
    cloudtrail: (region) => per('cloudtrail', region, () => new CloudTrailClient(settings(region))),
    sqs: (region) => per('sqs', region, () => new SQSClient(settings(region))),
    // This client is an older release (lib/doctor/resolver-logging.ts) whose own credential chain
    // predates `aws login` sessions: it gets the chain the other clients use.
    resolver: (region) => per('resolver', region, () => new Route53ResolverClient({ ...settings(region), credentialDefaultProvider: defaultProvider })),
    lambda: (region) => per('lambda', region, () => new LambdaClient(settings(region))),
    dynamodb: (region) => per('dynamodb', region, () => new DynamoDBClient(settings(region))),
    route53domains: () => per('r53domains', ROUTE53_DOMAINS.region, () => new Route53DomainsClient(settings(ROUTE53_DOMAINS.region))),
    events: (region) => per('events', region, () => new EventBridgeClient(settings(region))),
    scheduler: (region) => per('scheduler', region, () => new SchedulerClient(settings(region))),
    kms: (region) => per('kms', region, () => new KMSClient(settings(region))),
  };
}

export function main(argv: readonly string[], clients: DoctorClients = defaultClients()): Promise<number> {
  return runCommand('doctor', USAGE, argv, parseDoctorArgs, async (args) => {
    try {
      const report = await runDoctor(loadConfigFile(args.config), clients, {
        staleHours: args.staleHours,
        insufficientMinutes: args.insufficientMinutes,
        checks: args.checks,
        // The drift check synthesizes the config as cdk synth does: next to its placement file.
        configFile: args.config,
        configDir: path.dirname(path.resolve(args.config)),
        assignments: readAssignments(assignmentsPathFor(args.config)),
      });
      process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctor(report));
      return report.findings.length === 0 ? 0 : 1;
    } catch (e) {
      if (e instanceof ConfigError) return configErrorExit(args.config, e);
      return awsCallFailedExit('doctor', e, 'and region access (read-only permissions are enough)');
    }
  });
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
