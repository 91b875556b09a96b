/**
 * The registration watcher: a Lambda function (arm64, Node.js 24) in the us-east-1 core stack that
 * EventBridge Scheduler runs every hour with the config's registered domains. It reads the
 * account's domain registrations (Route 53 Domains ListDomains, us-east-1 only) and publishes each
 * domain's days to expiry and automatic-renewal switch. Per domain three alarms: fewer days than
 * the warning threshold (warning), fewer than the critical one (critical), and automatic renewal
 * off (warning, unless the domain is renewed by hand). Its role can list domain registrations,
 * publish in the registration namespace and write its own logs; nothing else (no contact details:
 * GetDomainDetail is not granted). Two alarms watch the watcher itself: its errors (which include a
 * configured domain the account does not hold) and runs the scheduler could not deliver.
 */
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { COMPONENT_SIGNALS, type AlarmContext, type Severity } from '../../contracts/alarm-context';
import {
  DOMAIN_DIMENSION,
  DOMAIN_REGISTRATION_METRICS,
  DOMAIN_REGISTRATION_NAMESPACE,
  type DomainWatchEvent,
} from '../../contracts/domain-registration';
import { type AlarmActions, createAlarm } from '../alarms/alarm-factory';
import type { AlarmSpec } from '../alarms/alarm-spec';
import { describeAlarm } from '../alarms/description';
import { worstCaseDetectionSeconds } from '../alarms/detection-time';
import { DeliveryDeadLetterQueue, functionErrorsAlarm } from '../alerts/dead-letter-alarm';
import { ROUTE53_DOMAINS } from '../aws-facts';
import type { ResolvedRegisteredDomain } from '../config/domains-schema';
import { dropRedundantRoleDependency, grantWriteOwnLogs, ProductFunction, schedulerInvokeRole } from '../lambda/product-function';
import { domainAlarmName, domainWatcherAlarmName, domainWatcherFunctionName, domainWatcherLogGroupName, domainWatcherScheduleName } from '../naming';

/** The construct id of the watcher in the us-east-1 core stack (the full-stack refusal looks for it). */
export const REGISTRATION_WATCHER_ID = 'DomainRegistrationWatcher';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/**
 * Every hour, at minute 7 (away from the top of the hour, when many schedules run). A registration
 * changes by days; an hour is plenty and costs 720 invocations a month.
 */
const WATCH_SCHEDULE = { minute: 7, periodSeconds: 3600 } as const;

/**
 * The domain alarms: the lowest value in any of the last 3 hours (hourly data), so one late or
 * missed run neither pages nor clears an alarm; an alarm clears 3 hours after the renewal shows.
 */
const DOMAIN_ALARM_EVALUATION = { period: WATCH_SCHEDULE.periodSeconds, evaluationPeriods: 3, datapointsToAlarm: 1 } as const;

export interface RegistrationWatcherProps {
  readonly prefix: string;
  readonly domains: readonly ResolvedRegisteredDomain[];
  /** Where the alarms notify (the us-east-1 alert topics of the default route). */
  readonly actions: AlarmActions;
  readonly runbookUrl?: string;
}

export class RegistrationWatcher extends Construct {
  readonly fn: ProductFunction;
  readonly role: iam.Role;
  readonly schedule: scheduler.Schedule;
  /** The watcher's own alarms (errors, undelivered runs). */
  readonly watcherAlarms: readonly CfnAlarm[];
  /** Each domain's alarms, by domain name. */
  readonly domainAlarms: Readonly<Record<string, readonly CfnAlarm[]>>;

  constructor(scope: Construct, id: string, props: RegistrationWatcherProps) {
    super(scope, id);
    const { prefix } = props;
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== ROUTE53_DOMAINS.region) {
      throw new Error(`the registration watcher must be in ${ROUTE53_DOMAINS.region}, the one region of the Route 53 Domains API (lib/aws-facts.ts), not ${region}`);
    }

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: "DNS Monitor registration watcher: lists the account's domain registrations, publishes their expiry metrics, writes its logs; nothing else",
    });
    this.fn = new ProductFunction(this, 'Function', {
      lambdaDir: 'domain-watcher',
      description: 'DNS Monitor registration watcher: days to expiry and automatic renewal of the registered domains',
      role: this.role,
      timeout: Duration.seconds(60),
      memorySize: 256,
      logGroupName: domainWatcherLogGroupName(prefix),
      functionName: domainWatcherFunctionName(prefix),
    });
    grantWriteOwnLogs(this.fn, this.role);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'PutRegistrationMetricsOnly', actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': DOMAIN_REGISTRATION_NAMESPACE } } }),
    );
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ListDomainRegistrations', actions: ['route53domains:ListDomains'], resources: ['*'] }));
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `route53domains:ListDomains and cloudwatch:PutMetricData have no resource-level permissions (Service Authorization Reference); PutMetricData is limited to the ${DOMAIN_REGISTRATION_NAMESPACE} namespace by the cloudwatch:namespace condition.`,
    });
    dropRedundantRoleDependency(this.fn, this.role);

    const schedulerRole = schedulerInvokeRole(this, this.fn, 'the DNS Monitor registration watcher', 'watcher');
    const deadLetters = new DeliveryDeadLetterQueue(this, 'ScheduleDeadLetters', {
      prefix,
      name: 'domain-watcher',
      what: 'EventBridge Scheduler could not run the registration watcher',
      fix: 'The registered domains are not being read: read the message attributes (ERROR_CODE, ERROR_MESSAGE) for the reason (docs/registered-domains.md).',
      actions: props.actions,
    });
    const input: DomainWatchEvent = { time: scheduler.ContextAttribute.scheduledTime, domains: props.domains.map((d) => d.name) };
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleName: domainWatcherScheduleName(prefix),
      description: `DNS Monitor registration watcher: ${props.domains.length} domain(s), every hour`,
      schedule: scheduler.ScheduleExpression.cron({ minute: String(WATCH_SCHEDULE.minute), hour: '*', day: '*', month: '*', year: '*' }),
      target: new targets.LambdaInvoke(this.fn, {
        input: scheduler.ScheduleTargetInput.fromObject(input),
        role: schedulerRole,
        deadLetterQueue: deadLetters.queue,
        // A run the next one replaces within the hour: two retries, then the dead-letter queue.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(30),
      }),
    });

    const errorsCtx: AlarmContext = { subject: 'domain-watcher', subjectId: `${prefix}-domain-watcher`, signal: COMPONENT_SIGNALS.watcherErrors, kind: 'count', severity: 'warning', region };
    const errorsAlarm = functionErrorsAlarm(this, 'ErrorsAlarm', {
      name: domainWatcherAlarmName(prefix, 'errors'),
      context: errorsCtx,
      functionName: this.fn.functionName,
      description:
        `The registration watcher failed: a domain in registeredDomains is not registered with Route 53 in this account, or ListDomains could not be read. ` +
        `Until it runs again, the domains' expiry alarms get no data. Its log group ${domainWatcherLogGroupName(prefix)} names the domain or the error.`,
      actions: props.actions,
    });
    this.watcherAlarms = [errorsAlarm, deadLetters.alarm];

    const byDomain: Record<string, CfnAlarm[]> = {};
    for (const d of props.domains) {
      byDomain[d.name] = domainAlarmSpecs(prefix, d, region, props.runbookUrl).map((spec) => createAlarm(this, `${spec.context.signal}-${d.name}`, spec, props.actions));
    }
    this.domainAlarms = byDomain;
  }
}

/** A registered domain's alarms as data. */
function domainAlarmSpecs(prefix: string, d: ResolvedRegisteredDomain, region: string, runbookUrl?: string): AlarmSpec[] {
  const ev = DOMAIN_ALARM_EVALUATION;
  const detectionSeconds = worstCaseDetectionSeconds(ev);
  const metric = (name: string) => ({ namespace: DOMAIN_REGISTRATION_NAMESPACE, metricName: name, dimensions: { [DOMAIN_DIMENSION]: d.name } });
  const spec = (signal: 'expiry' | 'expiry-critical' | 'auto-renew', severity: Severity, head: string, detail: string, threshold: number, metricName: string): AlarmSpec => {
    const context: AlarmContext = { subject: d.name, subjectId: d.name, signal, kind: 'registration', severity, region };
    return {
      name: domainAlarmName(prefix, d.name, signal),
      kind: 'registration',
      severity,
      context,
      // One builder and one truncation rule: a 253-character domain and a long runbook URL stay within CloudWatch's 1,024.
      description: describeAlarm({ head, detail, detectionSeconds, runbookUrl, context }),
      actionsEnabled: true,
      comparison: 'LessThanThreshold',
      threshold,
      ...ev,
      // No data is no news: the watcher's own alarms report a run that failed or never came.
      treatMissingData: 'missing',
      metric: metric(metricName),
      statistic: 'Minimum',
      detectionSeconds,
    };
  };
  const renewal = d.autoRenew
    ? `Route 53 should have renewed it automatically by now: check the registrant contact's email and the account's payment method, then renew it (Route 53 console, Registered domains).`
    : `It is renewed by hand (autoRenew: false): renew it now (Route 53 console, Registered domains).`;
  const specs = [
    spec('expiry', 'warning', `The registration of ${d.name} expires in fewer than ${days(d.expiryWarningDays)}`, renewal, d.expiryWarningDays, DOMAIN_REGISTRATION_METRICS.daysToExpiry),
    spec(
      'expiry-critical',
      'critical',
      `The registration of ${d.name} expires in fewer than ${days(d.expiryCriticalDays)}`,
      'When it expires, the domain stops resolving and may be lost (some registries delete a domain before its expiry date if it is not renewed in time). Renew it now (Route 53 console, Registered domains).',
      d.expiryCriticalDays,
      DOMAIN_REGISTRATION_METRICS.daysToExpiry,
    ),
  ];
  if (d.autoRenew) {
    specs.push(
      spec(
        'auto-renew',
        'warning',
        `Automatic renewal is off for ${d.name}`,
        'Route 53 will not renew it, and it expires unless renewed by hand. Turn automatic renewal on (Route 53 console, Registered domains), or set autoRenew: false for it in the config if you renew it by hand.',
        1,
        DOMAIN_REGISTRATION_METRICS.autoRenew,
      ),
    );
  }
  return specs;
}
