/**
 * A generated zone's query logs put into moto server as Route 53 would write them (log group
 * `/aws/route53/<zoneName>`, stream `<zoneId>/FRA6`), and optionally its AWS/Route53 DNSQueries,
 * for the tests that replay what an account holds (--from-account, exports to S3).
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { generateZone, type ZoneSpec } from '../../../scripts/detection-corpus';
import type { MotoServer } from '../../support/moto';

export interface PutZone {
  readonly group: string;
  readonly events: readonly { timestamp: number; message: string }[];
  /** The zone's DNSQueries per minute (put into CloudWatch only with `dnsQueries: true`). */
  readonly points: readonly { ts: number; n: number }[];
}

export async function putZoneLogs(moto: MotoServer, zone: ZoneSpec, opts: { dnsQueries?: boolean } = {}): Promise<PutZone> {
  const logs = new CloudWatchLogsClient(moto.clientConfig('us-east-1'));
  const group = `/aws/route53/${zone.zoneName}`;
  const stream = `${zone.zoneId}/FRA6`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  const events: { timestamp: number; message: string }[] = [];
  const points: { ts: number; n: number }[] = [];
  generateZone(
    zone,
    (l) => events.push({ timestamp: Date.parse(l.split(' ')[1]), message: l }),
    (ts, n) => points.push({ ts, n }),
  );
  events.sort((a, b) => a.timestamp - b.timestamp);
  // PutLogEvents takes at most 10,000 events a call.
  for (let i = 0; i < events.length; i += 5000) await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events.slice(i, i + 5000) }));
  if (opts.dnsQueries) {
    const cw = new CloudWatchClient(moto.clientConfig('us-east-1'));
    for (let i = 0; i < points.length; i += 500) {
      await cw.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/Route53',
          MetricData: points.slice(i, i + 500).map((p) => ({ MetricName: 'DNSQueries', Dimensions: [{ Name: 'HostedZoneId', Value: zone.zoneId }], Timestamp: new Date(p.ts * 1000), Value: p.n, Unit: 'Count' })),
        }),
      );
    }
  }
  return { group, events, points };
}
