/**
 * `replay --from-account --since 6h`: the config's query log groups read with FilterLogEvents,
 * using the caller's own credentials, in each log group's region. The events stay on this machine:
 * they are streamed into the replay, never written anywhere else.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { ResolvedConfig } from '../config/resolve';

/** `90m`, `6h`, `2d` -> seconds. */
export function parseSince(text: string): number {
  const m = /^(\d+)\s*([mhd])$/.exec(text.trim());
  if (!m) throw new Error(`--since must be a duration like 90m, 6h or 2d — got '${text}'`);
  return Number(m[1]) * { m: 60, h: 3600, d: 86400 }[m[2] as 'm' | 'h' | 'd'];
}

export interface LogGroupRef {
  readonly region: string;
  readonly logGroupName: string;
}

/** Every distinct query log group of the config, with its region. */
export function logGroupsOf(config: ResolvedConfig): LogGroupRef[] {
  const seen = new Map<string, LogGroupRef>();
  for (const s of [...config.hostedZones, ...config.resolverVpcs]) seen.set(`${s.region}|${s.logGroupName}`, { region: s.region, logGroupName: s.logGroupName });
  return [...seen.values()];
}

export async function* fetchLogLines(
  groups: readonly LogGroupRef[],
  startSeconds: number,
  endSeconds: number,
  clientFor: (region: string) => Pick<CloudWatchLogsClient, 'send'> = (region) => new CloudWatchLogsClient({ region }),
  onPage?: (group: string, events: number) => void,
): AsyncGenerator<string> {
  for (const g of groups) {
    const client = clientFor(g.region);
    let nextToken: string | undefined;
    do {
      const out = await client.send(
        new FilterLogEventsCommand({ logGroupName: g.logGroupName, startTime: startSeconds * 1000, endTime: endSeconds * 1000, nextToken }),
      );
      const events = out.events ?? [];
      onPage?.(g.logGroupName, events.length);
      for (const e of events) if (e.message) yield e.message.replace(/\n$/, '');
      nextToken = out.nextToken;
    } while (nextToken);
  }
}
