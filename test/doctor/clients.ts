/** The doctor's AWS clients, every one pointed at a moto server. */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, PutMetricAlarmCommand, type PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { KMSClient } from '@aws-sdk/client-kms';
import type { DoctorClients } from '../../lib/doctor';
import { NOTIFIER_TABLE } from '../../contracts/slack-notifier';
import { intakeBacklogAlarmName, SLACK_DELIVERY_NAME } from '../../lib/naming';
import { createEchoFunction } from '../support/aws-cli';
import { startMoto, type MotoServer } from '../support/moto';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';

export function motoDoctorClients(moto: MotoServer): DoctorClients {
  return {
    sns: (r) => new SNSClient(moto.clientConfig(r)),
    secrets: (r) => new SecretsManagerClient(moto.clientConfig(r)),
    logs: (r) => new CloudWatchLogsClient(moto.clientConfig(r)),
    cloudwatch: (r) => new CloudWatchClient(moto.clientConfig(r)),
    route53: () => new Route53Client(moto.clientConfig('us-east-1')),
    cloudtrail: (r) => new CloudTrailClient(moto.clientConfig(r)),
    sqs: (r) => new SQSClient(moto.clientConfig(r)),
    resolver: (r) => new Route53ResolverClient(moto.clientConfig(r)),
    lambda: (r) => new LambdaClient(moto.clientConfig(r)),
    dynamodb: (r) => new DynamoDBClient(moto.clientConfig(r)),
    route53domains: () => new Route53DomainsClient(moto.clientConfig('us-east-1')),
    events: (r) => new EventBridgeClient(moto.clientConfig(r)),
    scheduler: (r) => new SchedulerClient(moto.clientConfig(r)),
    kms: (r) => new KMSClient(moto.clientConfig(r)),
  };
}

/** A metric alarm shaped like the deployment's, as the doctor reads them: one period, threshold 1; `props` overrides. */
export function putAlarm(cw: CloudWatchClient, props: Partial<PutMetricAlarmCommandInput> & { AlarmName: string }) {
  return cw.send(
    new PutMetricAlarmCommand({
      Namespace: 'Codreum/DNS',
      MetricName: 'ServFail',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...props,
    }),
  );
}

/**
 * What the app deploys with `alerts.slack.webhook` in a region, in moto, as doctor and test-alert
 * find it: the intake queue and its backlog alarm, the notifier's function naming its table (moto's,
 * answering with the payload it is sent: test/support/aws-cli.ts), and the event source mapping that
 * reads the queue (`mappingEnabled: false` keeps moto from handing the queue's messages to that
 * function, for a test that hands them to the notifier itself). The queue is encrypted with
 * `alertKeyArn`, as the app encrypts it with the deployment's alert key.
 */
export async function deploySlackNotifierInMoto(
  moto: MotoServer,
  o: { prefix: string; functionName: string; tableName: string; mappingEnabled?: boolean; alertKeyArn?: string },
): Promise<{ queueName: string; queueUrl: string; queueArn: string }> {
  const c = motoDoctorClients(moto);
  const queueName = `${o.prefix}-core-us-east-1-SlackNotifierIntakeQueue-1A2B3C`;
  const queueUrl = (await c.sqs('us-east-1').send(new CreateQueueCommand({ QueueName: queueName, Attributes: o.alertKeyArn ? { KmsMasterKeyId: o.alertKeyArn } : undefined }))).QueueUrl!;
  const queueArn = (await c.sqs('us-east-1').send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  await putAlarm(c.cloudwatch('us-east-1'), {
    AlarmName: intakeBacklogAlarmName(o.prefix, SLACK_DELIVERY_NAME),
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateAgeOfOldestMessage',
    Dimensions: [{ Name: 'QueueName', Value: queueName }],
    Statistic: 'Maximum',
    Period: 300,
    Threshold: 600,
  });
  await createEchoFunction(moto, o.functionName, { [NOTIFIER_TABLE.envVar]: o.tableName });
  await c.lambda('us-east-1').send(new CreateEventSourceMappingCommand({ EventSourceArn: queueArn, FunctionName: o.functionName, BatchSize: 5, Enabled: o.mappingEnabled ?? true }));
  return { queueName, queueUrl, queueArn };
}

/**
 * A moto server that checks every request against the caller's IAM policies, as AWS does, and the
 * doctor's clients signed by two of its users: `admin` may do everything (to set a deployment up),
 * `user` holds `statements`. Moto checks a request under its endpoint's prefix (`monitoring` for
 * CloudWatch, not IAM's `cloudwatch`), so a statement about CloudWatch names both.
 */
export async function startMotoWithUserPolicy(statements: readonly object[]): Promise<{ moto: MotoServer; admin: DoctorClients; user: DoctorClients }> {
  // The first 3 requests (the admin user, its policy and its key) go unchecked.
  const moto = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: '3' } });
  const iam = (credentials?: Credentials) => new IAMClient({ ...moto.clientConfig(), ...(credentials ? { credentials } : {}) });
  const keyOf = async (client: IAMClient, user: string, policy: object): Promise<Credentials> => {
    await client.send(new CreateUserCommand({ UserName: user }));
    await client.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    const k = (await client.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  };
  const adminKey = await keyOf(iam(), 'admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const userKey = await keyOf(iam(adminKey), 'user', { Version: '2012-10-17', Statement: statements });
  const signedBy = (credentials: Credentials): DoctorClients => {
    const base = motoDoctorClients(moto);
    return Object.fromEntries(
      Object.entries(base).map(([kind, make]) => [
        kind,
        (region: string) => {
          const Client = (make as (r: string) => { constructor: new (config: object) => unknown })(region).constructor;
          return new Client({ ...moto.clientConfig(region ?? 'us-east-1'), credentials });
        },
      ]),
    ) as unknown as DoctorClients;
  };
  return { moto, admin: signedBy(adminKey), user: signedBy(userKey) };
}

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}
