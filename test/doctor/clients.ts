/** The doctor's AWS clients, every one pointed at a moto server. */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, PutMetricAlarmCommand, type PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DoctorClients } from '../../lib/doctor';
import type { MotoServer } from '../support/moto';

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
