#!/usr/bin/env node
/**
 * `npx dns-monitor test-alert [PATH] [--yes]`: after `cdk deploy`, sends one test notification
 * through every alert topic of the deployment by setting one of its alarms per topic to ALARM
 * (lib/doctor/test-alert.ts). Without --yes it only lists what it would send.
 * Exit codes: 0 listed or sent, 1 no deployed alarm notifies an alert topic, 2 bad command line,
 * config or AWS call.
 */
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile } from '../lib/config/load';
import { openWindowUntil, windowWhen } from '../lib/config/maintenance-schema';
import type { DoctorClients } from '../lib/doctor';
import { planTestAlerts, sendTestAlerts } from '../lib/doctor/test-alert';
import { SEVERITIES, type Severity } from '../contracts/alarm-context';
import { awsCallFailedExit, configErrorExit, parseArgs, runCommand, UsageError } from './cli-args';
import { defaultClients } from './doctor';

export const USAGE = `Usage: dns-monitor test-alert [PATH] [--yes] [--route NAME] [--severity critical|warning]

After cdk deploy: sends one test notification through every alert topic of the deployment, the
way a real page travels. For each region and alert topic, one of the deployment's alarms that
notifies it is set to ALARM (aws cloudwatch set-alarm-state), so email, SMS, HTTPS, Slack and
Chatbot subscribers each get one, with a reason that says it is a test. The alarm returns to its
real state at its next evaluation (and then notifies OK where OK notifications are on).
Without --yes it only lists the alarms and topics. Needs cloudwatch:DescribeAlarms and
cloudwatch:SetAlarmState; nothing else is changed.

  PATH, --config PATH, -c config=PATH   config file (default dns-monitor.yaml)
  --yes                                 send them (default: list only)
  --route NAME                          only the topics of this alert route (default: every route)
  --severity critical|warning           only the topics of this severity (default: both)
  -h, --help                            this text
`;

export function main(argv: readonly string[], clients: DoctorClients = defaultClients()): Promise<number> {
  return runCommand(
    'test-alert',
    USAGE,
    argv,
    (a) => {
      const p = parseArgs('test-alert', a, { switches: ['--yes'], values: ['--route', '--severity'] });
      const severity = p.values['--severity'];
      if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) throw new UsageError(`--severity must be ${SEVERITIES.join(' or ')} — got '${severity}'`);
      return { config: p.config, yes: p.switches.has('--yes'), route: p.values['--route'], severity: severity as Severity | undefined, help: p.help };
    },
    async (args) => {
      try {
        const cfg = loadConfigFile(args.config);
        if (args.route !== undefined && !(args.route in cfg.alertRoutes)) {
          process.stderr.write(`dns-monitor test-alert: --route: the config has no route '${args.route}' — its routes: ${Object.keys(cfg.alertRoutes).sort().join(', ')}\n`);
          return 2;
        }
        const { regions, alerts, untested } = await planTestAlerts(cfg, clients.cloudwatch, { route: args.route, severity: args.severity });
        if (alerts.length === 0) {
          process.stderr.write(
            `dns-monitor test-alert: no alarm of this deployment notifies an alert topic in ${regions.join(', ')} (or every such alarm is in ALARM already, or has its actions off) — run cdk deploy first, or check the config's prefix\n`,
          );
          return 1;
        }
        const now = Date.now();
        const lines = alerts.map((a) => `  ${a.region} ${a.alarmName} -> ${a.topics.join(', ')}`);
        for (const u of untested) {
          lines.push(`not tested: ${u.topic} in ${u.region}, which only composite alarms notify (one set to ALARM may stay there until a child alarm changes, and then would not page the next incident)`);
        }
        for (const w of cfg.maintenanceWindows) {
          const until = openWindowUntil(w, now);
          if (until !== undefined) lines.push(`note: maintenance window ${w.name} (${windowWhen(w)}) is open until ${new Date(until).toISOString()}: alarms it mutes notify nobody until then`);
        }
        if (!args.yes) {
          process.stdout.write(`${alerts.length} test notification(s) would be sent, one per alert topic (--yes sends them):\n${lines.join('\n')}\n`);
          return 0;
        }
        await sendTestAlerts(alerts, clients.cloudwatch, new Date(now));
        process.stdout.write(
          `sent ${alerts.length} test notification(s):\n${lines.join('\n')}\nEach subscriber of those topics should get one within a minute or two; one that does not: run dns-monitor doctor (unconfirmed subscriptions, SMS, secrets, dead letters).\n`,
        );
        return 0;
      } catch (e) {
        if (e instanceof ConfigError) return configErrorExit(args.config, e);
        return awsCallFailedExit('test-alert', e, '(cloudwatch:DescribeAlarms, cloudwatch:SetAlarmState)');
      }
    },
  );
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
