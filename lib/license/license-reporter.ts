/**
 * License reporting: the only part of the product that talks to the internet. Creates the
 * reporter Lambda (run hourly by EventBridge Scheduler; it calls the license API every
 * `scheduleHours` while checks succeed and every hour while they fail), its state table, the key
 * secret (unless an existing one is referenced), the license metrics' alarms, and the deploy-time
 * license check. Licensing never touches monitoring: these functions cannot read or change alarms,
 * rules, dashboards, logs or metric data.
 */
import { CfnOutput, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { LICENSE_NAMESPACE } from '../../contracts/license-metrics';
import { formatAlarmContext } from '../../contracts/alarm-context';
import type { LicenseConfig } from '../config/license-schema';
import { dropRedundantRoleDependency, grantWriteOwnLogs, ProductFunction, schedulerInvokeRole } from '../lambda/product-function';
import { logicalIdOf } from '../app/nag-ids';
import { LICENSE_ALARM_PERIOD, LicenseSignal, licenseAlarmSpecs, licenseMetric } from './license-alarms';
import { type AlarmActions, asSeverity, createAlarm } from '../alarms/alarm-factory';
import { resolveOfflineToken } from './offline-token';
import { DeliveryDeadLetterQueue } from '../alerts/dead-letter-alarm';
import { SECRET_PLACEHOLDER } from '../../contracts/secret-placeholders';

export interface LicenseReporterProps {
  /** Resource name prefix of this deployment (e.g. `acme-prod`). */
  readonly prefix: string;
  /** Product version reported to the license API (package.json version). */
  readonly productVersion: string;
  /** Monitored hosted zone ids and VPC ids; the license must cover them. */
  readonly subjects: readonly string[];
  /** The validated `license` config section. */
  readonly config: LicenseConfig;
  /** Where the license alarms notify, by severity (the product's alert topics and SMS topics; OK notifications or not). */
  readonly alarmActions: AlarmActions;
  /** Directory a relative `offlineToken` path is read from. @default process.cwd() */
  readonly configDir?: string;
}

export class LicenseReporter extends Construct {
  /** Reporter state (status, expiry, entitled subjects, failures); retained on stack delete. */
  readonly table: dynamodb.Table;
  /** Secret with the license key (created or imported); undefined in offline mode. */
  readonly keySecret?: secretsmanager.ISecret;
  readonly reporterFunction: ProductFunction;
  readonly schedule: scheduler.Schedule;
  /** Invocations the scheduler could not deliver, with the alarm that watches them. */
  readonly scheduleDeadLetters: DeliveryDeadLetterQueue;
  /** The four license alarms, by signal. */
  readonly alarms: Readonly<Record<LicenseSignal, CfnAlarm>>;
  /** The deploy-time check function, when `deployCheck` is on. */
  readonly checkFunction?: ProductFunction;

  constructor(scope: Construct, id: string, props: LicenseReporterProps) {
    super(scope, id);
    const { config, prefix } = props;
    const offlineToken = config.offlineToken ? resolveOfflineToken(config.offlineToken, props.configDir) : undefined;
    const subjects = [...new Set(props.subjects)];

    this.table = new dynamodb.Table(this, 'State', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    if (!offlineToken) {
      this.keySecret = config.keySecretArn
        ? secretsmanager.Secret.fromSecretCompleteArn(this, 'KeySecret', config.keySecretArn)
        : this.createKeySecret(prefix);
    }

    // ---- reporter -------------------------------------------------------------------------
    this.reporterFunction = this.productFunction('Reporter', 'license-reporter', 'DNS Monitor license reporter (sends license status only)');
    this.grantState(this.reporterFunction);
    this.grantSecretRead(this.reporterFunction);
    Validations.of(this.reporterFunction.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'cloudwatch:PutMetricData has no resource-level permissions; the statement is limited to the Codreum/License namespace by the cloudwatch:namespace condition.',
    });
    this.reporterFunction.role!.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PutLicenseMetricsOnly',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': LICENSE_NAMESPACE } },
      }),
    );

    const schedulerRole = schedulerInvokeRole(this, this.reporterFunction, 'the DNS Monitor license reporter', 'reporter');
    this.scheduleDeadLetters = new DeliveryDeadLetterQueue(this, 'ScheduleDeadLetters', {
      prefix,
      name: 'license',
      what: 'EventBridge Scheduler could not invoke the license reporter',
      fix: 'Read the message attributes (ERROR_CODE, ERROR_MESSAGE) for the reason; monitoring is not affected, only license status reporting (docs/license-protocol.md).',
      actions: asSeverity(props.alarmActions, 'warning'),
    });
    this.schedule = new scheduler.Schedule(this, 'Hourly', {
      description: `DNS Monitor license reporter: checks every ${config.scheduleHours} h, hourly while failing`,
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
      // Spread the calls so installations do not all hit the license API on the same minute.
      timeWindow: scheduler.TimeWindow.flexible(Duration.minutes(15)),
      target: new targets.LambdaInvoke(this.reporterFunction, {
        input: scheduler.ScheduleTargetInput.fromObject({
          licenseId: config.licenseId,
          productVersion: props.productVersion,
          subjects,
          tableName: this.table.tableName,
          scheduleHours: config.scheduleHours,
          graceHours: config.graceHours,
          ...(offlineToken ? { offlineToken } : { endpoint: config.endpoint, secretId: this.keySecret!.secretArn }),
        }),
        role: schedulerRole,
        deadLetterQueue: this.scheduleDeadLetters.queue,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(30),
      }),
    });

    // ---- alarms ---------------------------------------------------------------------------
    const region = Stack.of(this).region;
    const alarms: Partial<Record<LicenseSignal, CfnAlarm>> = {};
    for (const spec of licenseAlarmSpecs(config)) {
      const context = { subject: 'license', subjectId: config.licenseId, signal: spec.signal, kind: 'license', severity: spec.severity, region } as const;
      // The alarm keeps the construct path it always had (`Alarm-<signal>/Resource`): same logical id.
      alarms[spec.signal] = createAlarm(new Construct(this, `Alarm-${spec.signal}`), 'Resource', {
        name: `${prefix}-license-${spec.signal}`,
        kind: 'license',
        severity: spec.severity,
        context,
        description: `${spec.description}\n${formatAlarmContext(context)}`,
        actionsEnabled: true,
        comparison: spec.comparison,
        threshold: spec.threshold,
        period: LICENSE_ALARM_PERIOD.toSeconds(),
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.evaluationPeriods,
        treatMissingData: spec.treatMissingData,
        metric: licenseMetric(config.licenseId, spec.metricName),
        statistic: spec.statistic,
        detectionSeconds: (spec.evaluationPeriods + 1) * LICENSE_ALARM_PERIOD.toSeconds(),
      }, props.alarmActions);
    }
    this.alarms = alarms as Record<LicenseSignal, CfnAlarm>;

    // ---- deploy-time check ----------------------------------------------------------------
    if (config.deployCheck) {
      this.checkFunction = this.productFunction('DeployCheck', 'license-check', 'DNS Monitor deploy-time license check');
      this.grantState(this.checkFunction);
      this.grantSecretRead(this.checkFunction);
      const providerLogs = new logs.LogGroup(this, 'DeployCheckProviderLogs', {
        retention: logs.RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(providerLogs).acknowledge({
        id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
        reason: 'Custom-resource framework logs (request ids and outcomes, no customer data); CloudWatch Logs default encryption at rest.',
      });
      const provider = new cr.Provider(this, 'DeployCheckProvider', { onEventHandler: this.checkFunction, logGroup: providerLogs });
      const frameworkFn = provider.node.findChild('framework-onEvent') as lambda.Function;
      dropRedundantRoleDependency(frameworkFn, frameworkFn.role!);
      Validations.of(provider).acknowledge(
        {
          // AWS managed policy ARNs keep the partition token even under enablePartitionLiterals.
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'The CDK custom-resource Provider framework function uses AWSLambdaBasicExecutionRole to write its own logs; it holds no other permission.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.checkFunction)}.Arn>:*]`,
          reason: 'The Provider framework may invoke the deploy-check function and its versions (function ARN with :*), nothing else.',
        },
        { id: 'AwsSolutions-L1', reason: 'The Provider framework function runtime is chosen by aws-cdk-lib and updated with it.' },
        {
          id: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
          reason: 'The Provider framework function only relays the CloudFormation request to the deploy-check function and answers CloudFormation (S3 pre-signed URL); no VPC is created for it.',
        },
      );
      const check = new CustomResource(this, 'LicenseCheck', {
        serviceToken: provider.serviceToken,
        resourceType: 'Custom::CodreumLicenseCheck',
        properties: {
          licenseId: config.licenseId,
          productVersion: props.productVersion,
          subjects,
          tableName: this.table.tableName,
          ...(offlineToken
            ? { offlineToken }
            : { endpoint: config.endpoint, secretId: this.keySecret!.secretArn }),
        },
      });
      new CfnOutput(this, 'LicenseCheckResult', {
        description: 'Outcome of the deploy-time license check (ok, or a warning that did not block the deployment)',
        value: check.getAttString('Message'),
      });
    }
    if (this.keySecret && !config.keySecretArn) {
      new CfnOutput(this, 'LicenseKeySecret', {
        description: `Put your Codreum license key here: aws secretsmanager put-secret-value --secret-id <this> --secret-string '{"licenseKey":"${SECRET_PLACEHOLDER.license}"}'`,
        value: this.keySecret.secretName,
      });
    }
  }

  private createKeySecret(prefix: string): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'KeySecret', {
      secretName: `${prefix}/license`,
      description: 'Codreum DNS Monitor license key. Replace the value with {"licenseKey":"<your key>"}.',
      // A generated placeholder: the template never holds a key. The reporter reads a value
      // without "licenseKey" as "key not set" and raises the license alarm.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ note: 'replace this value with {"licenseKey":"<your Codreum license key>"}' }),
        generateStringKey: 'placeholder',
        excludePunctuation: true,
        passwordLength: 16,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Holds a vendor license key issued by Codreum; it cannot be rotated by a Lambda, the customer replaces it when Codreum issues a new key.',
    });
    return secret;
  }

  private productFunction(id: string, lambdaDir: string, description: string): ProductFunction {
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${description}: own logs, own state table, own secret only`,
    });
    const fn = new ProductFunction(this, id, {
      lambdaDir,
      description,
      role,
      timeout: Duration.seconds(30),
      memorySize: 256,
      // License logs are small (a few lines per hour) and useful for a license dispute.
      logRetentionDays: logs.RetentionDays.ONE_YEAR,
    });
    grantWriteOwnLogs(fn, role);
    // AwsSolutions-L1 (the runtime) is acknowledged by ProductFunction itself.
    Validations.of(fn).acknowledge(
      {
        id: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
        reason: 'This function must reach the Codreum license API over HTTPS; a VPC would need a NAT gateway in every customer account. It can read no customer data (no logs, metrics or DNS permissions).',
      },
    );
    Validations.of(fn.logGroup).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
      reason: 'The log group holds license check outcomes only (no DNS data, no keys); CloudWatch Logs encrypts it at rest with its default encryption.',
    });
    dropRedundantRoleDependency(fn, role);
    return fn;
  }

  private grantState(fn: ProductFunction): void {
    fn.role!.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'OwnStateItems',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [this.table.tableArn],
      }),
    );
  }

  private grantSecretRead(fn: ProductFunction): void {
    if (!this.keySecret) return;
    fn.role!.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadOwnLicenseSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.keySecret.secretArn],
      }),
    );
  }
}
