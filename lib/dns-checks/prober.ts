/**
 * The DNS prober of one region: a Lambda function (arm64, Node.js 24) that EventBridge Scheduler
 * runs every minute (or at the finest interval of the region's checks) with the region's checks as
 * input. Its role can publish metrics in the product's DNS-check namespace, write its own logs,
 * read the delegation sets of the checks' hosted zones and keep them in its own table, nothing
 * else: no log reads, no record reads or writes, no metric reads. Two alarms watch the prober
 * itself: its errors, and runs the scheduler could not deliver; a third, in the primary region
 * with its metrics, its zone checks skipped run after run (zoneChecksSkippedAlarmSpec in
 * lib/alarms/dns-check-alarm.ts, made with the check alarms).
 *
 * In a region whose checks read hosted zones (`zoneId`), the prober keeps the name servers it read
 * in a DynamoDB table of its own (PROBER_ZONE_TABLE): a new execution environment starts from it
 * instead of reading every zone from Route 53 again at its share of the rate. The table is a cache
 * (Route 53 holds the truth; the handler works without it), so it is deleted with the stack.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { COMPONENT_SIGNALS } from '../../contracts/alarm-context';
import { DNS_CHECK_NAMESPACE, type DnsCheckSpec, type DnsProbeEvent, PROBER_LOOKUP_THREADS, PROBER_ZONE_TABLE } from '../../contracts/dns-check';
import type { AlarmActions } from '../alarms/alarm-factory';
import { DeliveryDeadLetterQueue, functionErrorsAlarm } from '../alerts/dead-letter-alarm';
import { POLICY_SIZES, ROUTE53 } from '../aws-facts';
import { MAX_PROBE_INPUT_BYTES } from '../config/dns-checks-schema';
import { dropRedundantRoleDependency, grantWriteOwnLogs, ProductFunction, schedulerInvokeRole } from '../lambda/product-function';
import { dnsProberAlarmName, dnsProberFunctionName, dnsProberLogGroupName, dnsProberScheduleName, dnsProberSubject } from '../naming';

/**
 * The longest zone ARN as a policy lists it, with its quotes and comma: the longest partition name
 * the config takes (`aws-us-gov`, lib/config/partitions.ts) and the longest hosted zone id.
 */
const ZONE_ARN_MAX_CHARS = '"arn:aws-us-gov:route53:::hostedzone/",'.length + ROUTE53.hostedZoneIdMaxLength;

/** The prober runs the whole region's checks in one invocation; queries run in parallel. */
export const PROBER_TIMEOUT_SECONDS = 50;

/** Minutes between scheduler runs: the greatest common divisor of the checks' intervals (all divide 60). */
export function scheduleMinutes(checks: readonly Pick<DnsCheckSpec, 'intervalMinutes'>[]): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return checks.map((c) => c.intervalMinutes).reduce(gcd, 0) || 1;
}

export interface DnsProberProps {
  readonly prefix: string;
  /** Its input (lib/model: the region, its checks, the region of every check's alarm and metrics). */
  readonly event: DnsProbeEvent;
  /** Where the prober's own alarms notify (the region's alert topics). */
  readonly actions: AlarmActions;
}

export class DnsProber extends Construct {
  readonly fn: ProductFunction;
  readonly role: iam.Role;
  readonly schedule: scheduler.Schedule;
  readonly event: DnsProbeEvent;
  readonly alarms: readonly CfnAlarm[];
  /** The table of zone name servers read, in a region whose checks read hosted zones. */
  readonly zoneTable?: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DnsProberProps) {
    super(scope, id);
    const { prefix, event } = props;
    const region = event.vantage;
    this.event = event;

    const readsZones = event.route53Readers !== undefined;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `DNS Monitor prober: publishes DNS-check metrics, writes its logs, reads the checked zones' name servers${readsZones ? ' (kept in its own table)' : ''} and its own schedule; nothing else`,
    });
    if (readsZones) {
      const A = PROBER_ZONE_TABLE.attributes;
      this.zoneTable = new dynamodb.Table(this, 'ZoneServers', {
        partitionKey: { name: A.key, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        timeToLiveAttribute: A.expiresAt,
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        // A cache of what Route 53 answers (public name servers): nothing is lost with it.
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }
    this.fn = new ProductFunction(this, 'Function', {
      lambdaDir: 'dns-prober',
      description: `DNS Monitor prober (${region}): runs the active DNS checks from this region`,
      role: this.role,
      timeout: Duration.seconds(PROBER_TIMEOUT_SECONDS),
      memorySize: 256,
      logGroupName: dnsProberLogGroupName(prefix),
      // Named: the reporter of the primary region invokes it in this region by name (lib/dns-checks/reporter.ts).
      functionName: dnsProberFunctionName(prefix),
      // A report run reads the checks from this schedule (lambdas/dns-prober/report.ts). libuv reads
      // UV_THREADPOOL_SIZE when the process first uses its pool, so it is set here, before the runtime starts.
      environment: {
        SCHEDULE_NAME: dnsProberScheduleName(prefix),
        UV_THREADPOOL_SIZE: String(PROBER_LOOKUP_THREADS),
        ...(this.zoneTable ? { [PROBER_ZONE_TABLE.envVar]: this.zoneTable.tableName } : {}),
      },
    });
    this.grant(prefix, event.checks);
    dropRedundantRoleDependency(this.fn, this.role);

    const schedulerRole = schedulerInvokeRole(this, this.fn, 'the DNS Monitor prober', 'prober');
    const deadLetters = new DeliveryDeadLetterQueue(this, 'ScheduleDeadLetters', {
      prefix,
      name: `dns-prober-${region}`,
      what: `EventBridge Scheduler could not run the DNS prober in ${region}`,
      fix: 'The DNS checks from this region are not running: read the message attributes (ERROR_CODE, ERROR_MESSAGE) for the reason (docs/dns-checks.md).',
      actions: props.actions,
    });
    const every = scheduleMinutes(event.checks);
    const input = JSON.stringify(this.event);
    // The config refuses this with a fix (probeInputIssues); a library caller's resolved config is checked here.
    if (Buffer.byteLength(input) > MAX_PROBE_INPUT_BYTES) {
      throw new Error(`the DNS checks of ${region} take ${Buffer.byteLength(input)} bytes as prober input, more than ${MAX_PROBE_INPUT_BYTES}`);
    }
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleName: dnsProberScheduleName(prefix),
      description: `DNS Monitor prober in ${region}: every ${every} min`,
      // cron on the minutes that are multiples of `every`: runs line up with the checks' intervals.
      schedule: scheduler.ScheduleExpression.cron({ minute: every === 1 ? '*' : `0/${every}`, hour: '*', day: '*', month: '*', year: '*' }),
      target: new targets.LambdaInvoke(this.fn, {
        input: scheduler.ScheduleTargetInput.fromText(input),
        role: schedulerRole,
        deadLetterQueue: deadLetters.queue,
        // A late probe is worthless: the next one is due within minutes.
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
      }),
    });

    const ctx = { ...dnsProberSubject(prefix, region), signal: COMPONENT_SIGNALS.proberErrors, kind: 'count' as const, severity: 'warning' as const, region };
    const errorsAlarm = functionErrorsAlarm(this, 'ErrorsAlarm', {
      name: dnsProberAlarmName(prefix, region, 'errors'),
      context: ctx,
      functionName: this.fn.functionName,
      description: `The DNS prober in ${region} failed (function errors): its DNS checks publish no results from this region, and their alarms count the region as passing. Read the function's log group ${dnsProberLogGroupName(prefix)} in ${region}.`,
      actions: props.actions,
    });
    this.alarms = [errorsAlarm, deadLetters.alarm];
  }

  /** Its own logs, metrics in the DNS-check namespace only, its own schedule, GetHostedZone on the checks' zones only, and its own table. */
  private grant(prefix: string, checks: readonly DnsCheckSpec[]): void {
    grantWriteOwnLogs(this.fn, this.role);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'PutDnsCheckMetricsOnly', actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': DNS_CHECK_NAMESPACE } } }),
    );
    // A report run (the reporter asks after an alarm) reads the checks from this prober's own schedule, nothing else.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadOwnSchedule',
        actions: ['scheduler:GetSchedule'],
        resources: [Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `default/${dnsProberScheduleName(prefix)}` })],
      }),
    );
    if (this.zoneTable) {
      // Loads many zones at once (a new execution environment) and stores each zone read; no scan, query or delete.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: 'OwnZoneServersTable', actions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'], resources: [this.zoneTable.tableArn] }),
      );
    }
    const zones = [...new Set(checks.flatMap((c) => (c.zoneId ? [c.zoneId] : [])))].sort();
    // One statement holds as many zones as a managed policy may (IAM counts 6,144 characters), so
    // that the CDK can move them into managed policies of their own when the role's inline
    // policies pass 10,240 characters: one statement for 240 zones made a 12,379-character
    // managed policy, which IAM refuses (POLICY_SIZES, test/stacks/policy-sizes.test.ts).
    const perStatement = Math.floor(POLICY_SIZES.iamManagedPolicyChars / 2 / ZONE_ARN_MAX_CHARS);
    for (let i = 0; i < zones.length; i += perStatement) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: `ReadCheckedZonesNameServers${i === 0 ? '' : i / perStatement + 1}`,
          actions: ['route53:GetHostedZone'],
          resources: zones.slice(i, i + perStatement).map((z) => `arn:${Stack.of(this).partition}:route53:::hostedzone/${z}`),
        }),
      );
    }
    Validations.of(this.role).acknowledge(
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: `cloudwatch:PutMetricData has no resource-level permissions; the statement is limited to the ${DNS_CHECK_NAMESPACE} namespace by the cloudwatch:namespace condition.` },
    );
    Validations.of(this.fn.logGroup).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
      reason: 'The prober log group holds run summaries and the answers of failing checks (public DNS answers, no query logs, no secrets); CloudWatch Logs encrypts it at rest with its default encryption.',
    });
    Validations.of(this.fn).acknowledge({
      id: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
      reason: 'The prober queries the DNS servers the checks name (public authoritative servers and resolvers); a VPC would need a NAT gateway in every customer account. It can read no logs, metric data or DNS records of the account.',
    });
  }
}
