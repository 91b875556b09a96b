/**
 * Deep links into the AWS console: an alarm and a dashboard (CloudWatch), a CloudTrail event. Read
 * by the Slack notifier and by the change audit's chat notification (lib/audit/audit-message.ts).
 */

/** The parts of an alarm ARN (`arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`; a name may hold `:`). */
export function parseAlarmArn(arn: string): { partition: string; region: string; accountId: string; name: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'cloudwatch' || parts[5] !== 'alarm') return undefined;
  const name = parts.slice(6).join(':');
  return name ? { partition: parts[1], region: parts[3], accountId: parts[4], name } : undefined;
}

function consoleHost(partition: string, region: string): string {
  switch (partition) {
    case 'aws-cn':
      return `https://${region}.console.amazonaws.cn`;
    case 'aws-us-gov':
      return `https://${region}.console.amazonaws-us-gov.com`;
    default:
      return `https://${region}.console.aws.amazon.com`;
  }
}

/** The console of `partition`; by default the region's own (a link built from a region alone). */
function base(region: string, partition = partitionOfRegion(region)): string {
  return `${consoleHost(partition, region)}/cloudwatch/home?region=${encodeURIComponent(region)}`;
}

export function alarmConsoleUrl(region: string, alarmName: string, partition?: string): string {
  return `${base(region, partition)}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}

export function dashboardConsoleUrl(region: string, dashboardName: string, partition?: string): string {
  return `${base(region, partition)}#dashboards/dashboard/${encodeURIComponent(dashboardName)}`;
}

/** Partition of a region code (for links built from a region alone). */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** CloudTrail event history entry of one event (the event id is CloudTrail's `eventID`). */
export function cloudTrailEventUrl(region: string, eventId: string): string {
  return `${cloudTrailEventUrlPrefix(region)}${encodeURIComponent(eventId)}`;
}

/** The CloudTrail event link up to the event id (an input template appends its placeholder). */
export function cloudTrailEventUrlPrefix(region: string): string {
  return `${consoleHost(partitionOfRegion(region), region)}/cloudtrailv2/home?region=${encodeURIComponent(region)}#/events/`;
}
