#!/usr/bin/env node
/**
 * `npx dns-monitor test-alert [PATH] [--yes]`: after `cdk deploy`, sends one test notification
 * through every alert topic of the deployment by setting one of its alarms per topic to ALARM
 * (lib/doctor/test-alert.ts). Without --yes it only lists what it would send.
 * With alerts.slack.webhook it then waits for the Slack notifier to record its posts.
 * Exit codes: 0 listed or sent (and, with the webhook notifier, posted to Slack), 1 no deployed
 * alarm notifies an alert topic, or a test page did not reach Slack, 2 bad command line, config or
 * credentials, or a region or topic left out because a call failed (named; the others are still
 * tested).
 */
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile } from '../lib/config/load';
import { openWindowUntil, windowWhen } from '../lib/config/maintenance-schema';
import { type DoctorClients, namingDoctorClients } from '../lib/doctor';
import { failedCallFix, failedCallOrThrow, failedCallText } from '../lib/doctor/failed-calls';
import { confirmSlackPosts, planTestAlerts, sendTestAlerts, type SlackConfirmation, type TestAlert } from '../lib/doctor/test-alert';
import { intakeSubscribeCommand } from '../lib/doctor/slack-alarms';
import { SEVERITIES, type Severity } from '../contracts/alarm-context';
import { awsCallFailedExit, configErrorExit, parseArgs, runCommand, UsageError } from './cli-args';
import { defaultClients } from './doctor';

/** How long test-alert waits, by default, for the Slack webhook notifier to record its posts. */
export const DEFAULT_SLACK_WAIT_SECONDS = 120;

export const USAGE = `Usage: dns-monitor test-alert [PATH] [--yes] [--route NAME] [--severity critical|warning] [--wait SECONDS]

After cdk deploy: sends one test notification through every alert topic of the deployment, the
way a real page travels. For each region and alert topic, one of the deployment's alarms that
notifies it (one in OK and of the shortest period where there is one) is set to ALARM (aws
cloudwatch set-alarm-state), so email, SMS, HTTPS, Slack and
Chatbot subscribers each get one, with a reason that says it is a test. The alarm returns to its
real state at its next evaluation (and then notifies OK where OK notifications are on).
With alerts.slack.webhook it then waits for the Slack notifier to record each post it makes of
them in its table, and says which reached the channel (exit 1 if one did not; a topic its intake
queue is not subscribed to is named at once, with the command that subscribes it). Email, SMS, HTTPS
and Chatbot deliveries cannot be read back: look for them.
Without --yes it only lists the alarms and topics. Needs cloudwatch:DescribeAlarms and
cloudwatch:SetAlarmState, and reads for the Slack check (docs/cli-permissions.md); nothing else
is changed. A call that fails leaves out only its region or topic, named with the call and what
to do (exit 2); the others are still tested.

  PATH, --config PATH, -c config=PATH   config file (default dns-monitor.yaml)
  --yes                                 send them (default: list only)
  --route NAME                          only the topics of this alert route (default: every route)
  --severity critical|warning           only the topics of this severity (default: both)
  --wait SECONDS                        how long to wait for the Slack posts (default ${DEFAULT_SLACK_WAIT_SECONDS}; 0: do not check)
  -h, --help                            this text
`;

/** One line per Slack outcome: what the channel got, and where to look when it got nothing. */
function slackLine(c: SlackConfirmation, waitSeconds: number): string {
  const at = `${c.region} ${c.alarmName}`;
  switch (c.outcome) {
    case 'posted':
      return `Slack: ${at}: posted to the channel (the notifier recorded it)`;
    case 'recovery-posted':
      return `Slack: ${at}: the channel got the alarm's recovery, but the notifier has no record of posting the test ALARM: run dns-monitor doctor (dead-letters: the reason Slack refused it)`;
    case 'not-posted':
      return `Slack: ${at}: not posted within ${waitSeconds} s: run dns-monitor doctor (the webhook secret, the intake backlog, dead letters) and read the notifier's log group`;
    case 'no-notifier':
      return `Slack: ${at}: the webhook notifier of ${c.region} was not found: run dns-monitor doctor (its dead-letters check says why)`;
    case 'not-subscribed': {
      const u = c.unsubscribed!;
      return `Slack: ${at}: not posted: the notifier's intake queue is not subscribed to ${u.topicArns.join(', ')}, so no alert of ${u.topicArns.length === 1 ? 'that topic' : 'those topics'} reaches Slack (a deploy does not make a subscription deleted by hand again); subscribe it as the app does: ${u.topicArns.map((t) => intakeSubscribeCommand(c.region, t, u.queueArn)).join(' && ')}`;
    }
  }
}

export function main(argv: readonly string[], clients: DoctorClients = defaultClients()): Promise<number> {
  return runCommand(
    'test-alert',
    USAGE,
    argv,
    (a) => {
      const p = parseArgs('test-alert', a, { switches: ['--yes'], values: ['--route', '--severity', '--wait'] });
      const severity = p.values['--severity'];
      if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) throw new UsageError(`--severity must be ${SEVERITIES.join(' or ')} — got '${severity}'`);
      const wait = p.values['--wait'];
      if (wait !== undefined && !/^\d{1,4}$/.test(wait)) throw new UsageError(`--wait needs a number of seconds (0-9999) — got '${wait}'`);
      return { config: p.config, yes: p.switches.has('--yes'), route: p.values['--route'], severity: severity as Severity | undefined, waitSeconds: wait === undefined ? DEFAULT_SLACK_WAIT_SECONDS : Number(wait), help: p.help };
    },
    async (args) => {
      const named = namingDoctorClients(clients);
      try {
        const cfg = loadConfigFile(args.config);
        if (args.route !== undefined && !(args.route in cfg.alertRoutes)) {
          process.stderr.write(`dns-monitor test-alert: --route: the config has no route '${args.route}' — its routes: ${Object.keys(cfg.alertRoutes).sort().join(', ')}\n`);
          return 2;
        }
        const { regions, alerts, untested, unread } = await planTestAlerts(cfg, named.cloudwatch, { route: args.route, severity: args.severity });
        const unreadLines = unread.map(
          (u) => `not tested: ${u.region}: ${failedCallText(u.failed, u.error)}, so its alert topics are left out of this test — ${failedCallFix(u.failed, u.error, 'test-alert', 'run test-alert')}`,
        );
        if (alerts.length === 0) {
          if (unread.length > 0) {
            process.stdout.write(unreadLines.map((l) => `${l}\n`).join(''));
            return 2;
          }
          process.stderr.write(
            `dns-monitor test-alert: no alarm of this deployment notifies an alert topic in ${regions.join(', ')} (or every such alarm is in ALARM already, or has its actions off) — run cdk deploy first, or check the config's prefix\n`,
          );
          return 1;
        }
        const now = Date.now();
        const listed = (a: TestAlert) => `  ${a.region} ${a.alarmName} -> ${a.topics.join(', ')}`;
        const notes: string[] = [];
        for (const a of alerts.filter((x) => x.withoutData)) {
          notes.push(
            `note: ${a.alarmName} in ${a.region} has no data (every alarm of its topics is without data or in ALARM): it goes back to INSUFFICIENT_DATA, which notifies nobody, so Slack and Chatbot keep the test ALARM as its last word until it has data and recovers`,
          );
        }
        for (const u of untested) {
          notes.push(`not tested: ${u.topic} in ${u.region}, which only composite alarms notify (one set to ALARM may stay there until a child alarm changes, and then would not page the next incident)`);
        }
        for (const w of cfg.maintenanceWindows) {
          const until = openWindowUntil(w, now);
          if (until !== undefined) notes.push(`note: maintenance window ${w.name} (${windowWhen(w)}) is open until ${new Date(until).toISOString()}: alarms it mutes notify nobody until then`);
        }
        if (!args.yes) {
          process.stdout.write(`${alerts.length} test notification(s) would be sent, one per alert topic (--yes sends them):\n${[...alerts.map(listed), ...notes, ...unreadLines].join('\n')}\n`);
          return unread.length > 0 ? 2 : 0;
        }
        const { sent, failed } = await sendTestAlerts(alerts, named.cloudwatch, new Date(now));
        const notSent = failed.map(
          (f) => `not sent: ${f.alert.region} ${f.alert.alarmName} -> ${f.alert.topics.join(', ')}: ${failedCallText(f.failed, f.error)} — ${failedCallFix(f.failed, f.error, 'test-alert', 'run test-alert')}`,
        );
        const incomplete = unread.length + failed.length > 0 ? 2 : 0;
        process.stdout.write(
          `sent ${failed.length === 0 ? sent.length : `${sent.length} of ${alerts.length}`} test notification(s):\n${[...sent.map(listed), ...notes, ...notSent, ...unreadLines].join('\n')}\n` +
            (sent.length > 0 ? 'Each subscriber of those topics should get one within a minute or two; one that does not: run dns-monitor doctor (unconfirmed subscriptions, SMS, secrets, dead letters); a few minutes later, dns-monitor doctor --check deliveries says which topics SNS failed to deliver from.\n' : ''),
        );
        if (!cfg.alerts.slack?.webhook || args.waitSeconds === 0 || sent.length === 0) return incomplete;
        process.stdout.write(`waiting up to ${args.waitSeconds} s for the Slack notifier to record its posts (--wait 0 skips this)\n`);
        let confirmed: SlackConfirmation[];
        try {
          confirmed = await confirmSlackPosts(cfg, named, sent, { timeoutMs: args.waitSeconds * 1000 });
        } catch (e) {
          const f = failedCallOrThrow(e);
          process.stdout.write(`Slack: could not read what the notifier posted: ${failedCallText(f, e)}: look in the channel; ${failedCallFix(f, e, 'test-alert', 'run test-alert')}\n`);
          return incomplete;
        }
        process.stdout.write(confirmed.map((c) => `${slackLine(c, args.waitSeconds)}\n`).join(''));
        return incomplete || (confirmed.every((c) => c.outcome === 'posted') ? 0 : 1);
      } catch (e) {
        if (e instanceof ConfigError) return configErrorExit(args.config, e);
        return awsCallFailedExit('test-alert', e, '(cloudwatch:DescribeAlarms, cloudwatch:SetAlarmState)');
      }
    },
  );
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
