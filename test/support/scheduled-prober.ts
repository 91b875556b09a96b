/**
 * The DNS prober as the app schedules it, and run as Lambda runs it on that schedule: the
 * schedule's input and the function's environment from the template the app synthesizes, the
 * bundled handler, the system's resolver (getaddrinfo, as in Lambda) set by a resolv.conf of its
 * own in a mount namespace (needs root), and AWS at a moto server.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import type { DnsProbeEvent } from '../../contracts/dns-check';
import { bundleHandler } from './bundled-handler';
import { type MotoServer, startMoto } from './moto';
import { synthConfig } from './synth';

/** One region's prober as its core stack's template makes it. */
export interface ScheduledProber {
  readonly region: string;
  /** The input its schedule hands it every minute. */
  readonly event: DnsProbeEvent;
  /** Its function's environment variables. */
  readonly environment: Record<string, string>;
}

/** The prober of `region` in synthesized templates (prefix `acme`). */
export function scheduledProber(templates: Readonly<Record<string, Template>>, region = 'us-east-1'): ScheduledProber {
  const core = templates[`acme-core-${region}`];
  const [schedule] = Object.values(core.findResources('AWS::Scheduler::Schedule', { Properties: { Description: `DNS Monitor prober in ${region}: every 1 min` } }));
  const [fn] = Object.values(core.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { SCHEDULE_NAME: schedule.Properties.Name } } } }));
  return { region, event: JSON.parse(schedule.Properties.Target.Input as string) as DnsProbeEvent, environment: fn.Properties.Environment.Variables };
}

/** The prober of `region` that `config` deploys (prefix `acme`, an email alert added). */
export function synthesizedProber(config: object, region = 'us-east-1'): ScheduledProber {
  return scheduledProber(synthConfig({ prefix: 'acme', alerts: { email: ['oncall@example.com'] }, ...config } as never).templates, region);
}

/** One line the prober logged (Powertools' JSON lines, on stdout and stderr). */
export type ProberLogLine = { level: string; message: string } & Record<string, unknown>;

/**
 * Runs the bundled `prober` `runs` times (default once), with `resolvConf` as /etc/resolv.conf; AWS
 * is `moto`, or a moto server of its own when none is given.
 */
export async function scheduledProberRuns(prober: ScheduledProber, resolvConf: string, opts: { runs?: number; moto?: MotoServer } = {}) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'prober-resolv-')), 'resolv.conf');
  fs.writeFileSync(file, resolvConf);
  const moto = opts.moto ?? (await startMoto());
  const handler = bundleHandler('dns-prober');
  try {
    const out = await handler.invoke(Array.from({ length: opts.runs ?? 1 }, () => prober.event), { ...prober.environment, AWS_REGION: prober.region, AWS_ENDPOINT_URL: moto.endpoint, AWS_LAMBDA_FUNCTION_NAME: 'acme-dns-prober' }, {
      wrap: ['unshare', '--mount', '--', 'sh', '-c', 'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"', 'sh', file],
    });
    const log: ProberLogLine[] = `${out.stdout}\n${out.stderr}`.split('\n').flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as unknown;
        return parsed !== null && typeof parsed === 'object' && 'message' in parsed ? [parsed as ProberLogLine] : [];
      } catch {
        return [];
      }
    });
    return { ...out, log };
  } finally {
    handler.remove();
    if (!opts.moto) await moto.stop();
  }
}
