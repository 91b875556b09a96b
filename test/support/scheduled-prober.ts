/**
 * The bundled DNS prober run as Lambda runs it on its schedule: the schedule's input and the
 * function's environment from the template the app synthesizes for a config, the system's
 * resolver (getaddrinfo, as in Lambda) set by a resolv.conf of its own in a mount namespace (needs
 * root), and AWS at a moto server.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleHandler } from './bundled-handler';
import { type MotoServer, startMoto } from './moto';
import { synthConfig } from './synth';

/** One line the prober logged (Powertools' JSON lines, on stdout and stderr). */
export type ProberLogLine = { level: string; message: string } & Record<string, unknown>;

/**
 * Runs the prober of `region` (default us-east-1) `runs` times (default once) for `config`
 * (prefix `acme`, an email alert added), with `resolvConf` as /etc/resolv.conf; AWS is `moto`,
 * or a moto server of its own when none is given.
 */
export async function scheduledProberRuns(config: object, resolvConf: string, opts: { region?: string; runs?: number; moto?: MotoServer } = {}) {
  const region = opts.region ?? 'us-east-1';
  const core = synthConfig({ prefix: 'acme', alerts: { email: ['oncall@example.com'] }, ...config } as never).templates[`acme-core-${region}`];
  const [schedule] = Object.values(core.findResources('AWS::Scheduler::Schedule', { Properties: { Description: `DNS Monitor prober in ${region}: every 1 min` } }));
  const [fn] = Object.values(core.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { SCHEDULE_NAME: schedule.Properties.Name } } } }));
  const event = JSON.parse(schedule.Properties.Target.Input as string);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'prober-resolv-')), 'resolv.conf');
  fs.writeFileSync(file, resolvConf);
  const moto = opts.moto ?? (await startMoto());
  const prober = bundleHandler('dns-prober');
  try {
    const out = await prober.invoke(Array.from({ length: opts.runs ?? 1 }, () => event), { ...fn.Properties.Environment.Variables, AWS_REGION: region, AWS_ENDPOINT_URL: moto.endpoint, AWS_LAMBDA_FUNCTION_NAME: 'acme-dns-prober' }, {
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
    prober.remove();
    if (!opts.moto) await moto.stop();
  }
}
