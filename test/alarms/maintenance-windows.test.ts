/**
 * Maintenance windows (`maintenanceWindows`): CloudWatch alarm mute rules over every alarm of the
 * zones, VPCs, DNS checks, health checks and Resolver endpoints a window names. Checked against AWS's rules (lib/aws-facts.ts,
 * MUTE_RULES): schedule and duration forms from the API reference's own examples, at most 100
 * alarm names per rule, names of alarms that exist first (DependsOn), a create-only Name that never
 * changes, and logical ids that follow the window and the subject, never list order.
 */
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { MUTE_RULES } from '../../lib/aws-facts';
import { parseAlarmContext } from '../../contracts/alarm-context';
import { parseConfig } from '../../lib/config/load';
import type { RawConfig } from '../../lib/config/schema';
import { durationMinutes, endedWindowMessage, isoDuration, oneTimeWindowEnd } from '../../lib/config/maintenance-schema';
import { scheduleProblem } from '../../lib/config/mute-schedule';
import { SIGNALS } from '../../lib/signals/catalogue';
import { planConfig, renderPlan } from '../../lib/plan';
import { Deployment, type ResourceRef } from '../support/iam/deployment';
import { stacksOf } from '../support/iam/app';
import { replacements, resourceSchema } from '../support/resource-schemas';
import { buildApp } from '../support/synth';
import { issuesOf } from '../support/config-issues';

const ZONE_A = 'Z0123456789ABCDEFGHIJ';
const ZONE_B = 'Z0987654321JIHGFEDCBA';
const VPC = 'vpc-0123456789abcdef0';
const ENDPOINT = 'rslvr-in-0123456789abcdef0';

const base = (windows: unknown[]): RawConfig =>
  ({
    prefix: 'acme',
    hostedZones: [
      { zoneId: ZONE_A, zoneName: 'example.com', dnssec: true },
      { zoneId: ZONE_B, zoneName: 'shop.example.com', queryLogging: { logGroupName: '/dns/shared' } },
      { zoneId: 'Z1111111111AAAAAAAAAA', zoneName: 'other.example.com', queryLogging: { logGroupName: '/dns/shared' } },
    ],
    resolverVpcs: [{ vpcId: VPC, region: 'eu-west-1', name: 'core' }],
    dnsChecks: [
      { name: 'www', query: 'www.example.com', type: 'A', servers: ['192.0.2.53'], expect: { answers: ['192.0.2.10'] } },
      { name: 'mx', query: 'example.com', type: 'MX', servers: ['192.0.2.53'], expect: { count: { min: 1 } } },
    ],
    // A health check named like a DNS check: their mute rules must not share a name.
    healthChecks: [{ name: 'www', url: 'https://www.example.com/' }, { name: 'api', url: 'https://api.example.com/health' }],
    resolverEndpoints: [{ endpointId: ENDPOINT, region: 'eu-west-1', direction: 'inbound', name: 'onprem-in' }],
    alerts: { email: ['oncall@example.com'] },
    maintenanceWindows: windows,
  }) as RawConfig;

const WINDOWS = [
  { name: 'weekly', schedule: 'cron(0 2 * * SUN)', duration: '2h', timezone: 'Europe/Berlin', reason: 'Patching (CHG-1)', zones: ['example.com', ZONE_B], vpcs: ['core'], dnsChecks: ['www'], healthChecks: ['www'], resolverEndpoints: ['onprem-in'] },
  { name: 'migration', schedule: 'at(2027-01-16T22:00)', duration: '1d6h', zones: ['shop.example.com'] },
];


const windowIssue = (w: object) => issuesOf(base([{ name: 'w', schedule: 'cron(0 2 * * SUN)', duration: '2h', zones: ['example.com'], ...w }]));

describe('maintenance window schedules and durations: AWS forms accepted, others refused before deploy', () => {
  it("accepts every example of CloudWatch's Schedule reference", () => {
    // API_Schedule.html: the cron and at examples, and the durations.
    for (const e of ['cron(0 2 * * *)', 'cron(0 2 * * SUN)', 'cron(0 1 1 * *)', 'cron(0 18 * * FRI)', 'cron(0 23 * * *)', 'at(2024-05-10T14:00)', 'at(2024-12-23T00:00)']) {
      expect({ e, problem: scheduleProblem(e) }).toEqual({ e, problem: undefined });
    }
    expect(['PT4H', 'P2DT12H', 'PT6H', 'PT2H', 'P7D'].map((d) => isoDuration(durationMinutes(d)!))).toEqual(['PT4H', 'P2DT12H', 'PT6H', 'PT2H', 'P7D']);
    // Ranges, lists, names and 7 for Sunday (alarm-mute-rules.html).
    expect(scheduleProblem('cron(30 22 1-7,15 JAN-MAR,DEC *)')).toBeUndefined();
    expect(scheduleProblem('cron(30 22 * JAN-MAR,DEC MON-FRI)')).toBeUndefined();
    expect(scheduleProblem('cron(0 0 * * 7)')).toBeUndefined();
    expect(scheduleProblem('cron(0 0 * * MON-SUN)')).toBeUndefined();
  });

  it('writes short durations as the ISO 8601 CloudWatch takes', () => {
    expect(['90m', '2h', '1d12h', '15d', '1m', 'PT45M'].map((d) => isoDuration(durationMinutes(d)!))).toEqual(['PT1H30M', 'PT2H', 'P1DT12H', 'P15D', 'PT1M', 'PT45M']);
    expect(['', 'P', 'PT', '2 hours', '1w', '-5m'].map(durationMinutes)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it.each([
    [{ schedule: 'cron(0 2 ? * SUN *)' }, 'schedule', /has 6 cron fields, CloudWatch mute rules take 5.*EventBridge/],
    [{ schedule: 'cron(30 22 1-7 * MON)' }, 'schedule', /restricts both the day of month \(1-7\) and the day of week \(MON\): CloudWatch does not document whether a day must match one or both.*use one of them with \* in the other, or two windows/],
    [{ schedule: 'cron(*/5 * * * *)' }, 'schedule', /minute '\*\/5' is not a number 0-59 \(mute rules take only \*, - and ,/],
    [{ schedule: 'cron(0 25 * * *)' }, 'schedule', /hour 25 is outside 0-23/],
    [{ schedule: 'cron(0 2 * * FUN)' }, 'schedule', /day of week 'FUN' is not a number 0-7 or SUN-SAT/],
    [{ schedule: 'cron(0 2 10-1 * *)' }, 'schedule', /range '10-1' runs backwards/],
    [{ schedule: 'at(2027-02-30T10:00)' }, 'schedule', /is not a real date and time/],
    [{ schedule: 'at(2027-02-03T10:00:00Z)' }, 'schedule', /is not at\(yyyy-MM-ddThh:mm\)/],
    [{ schedule: 'rate(1 day)' }, 'schedule', /must be cron\(minute hour day-of-month month day-of-week\) or at/],
    [{ duration: '16d' }, 'duration', /is 23040 minutes — CloudWatch mute rules last 1 minute to 15 days/],
    [{ duration: '0m' }, 'duration', /is 0 minutes/],
    [{ duration: '2 hours' }, 'duration', /is not a duration — write e\.g\. '2h'/],
    [{ timezone: 'Mars/Olympus' }, 'timezone', /is not a time-zone name — use an IANA name/],
    [{ name: 'Weekly' }, 'name', /must be 1-32 lowercase letters/],
    [{ zones: [] }, 'zones', /is an empty list/],
  ])('refuses %j with the field and the fix', (w, field, message) => {
    const issues = windowIssue(w);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe(`maintenanceWindows[0].${field}`);
    expect(issues[0].message).toMatch(message);
  });

  it('refuses targets that are not in the config, windows that mute nothing, and duplicate names', () => {
    const issues = issuesOf(
      base([
        { name: 'w', schedule: 'cron(0 2 * * SUN)', duration: '2h', zones: ['example.com', 'nope.example.com'], vpcs: ['vpc-0000000000000000f'], dnsChecks: ['nope'] },
        { name: 'w', schedule: 'cron(0 2 * * SUN)', duration: '2h' },
      ]),
    );
    expect(issues.map((i) => i.path)).toEqual([
      'maintenanceWindows[0].zones[1]',
      'maintenanceWindows[0].vpcs[0]',
      'maintenanceWindows[0].dnsChecks[0]',
      'maintenanceWindows[1].name',
      'maintenanceWindows[1]',
    ]);
    expect(issues[0].message).toMatch(/'nope\.example\.com' is not a hosted zone of this config — use a zoneName or zoneId/);
    expect(issues[3].message).toMatch(/duplicate window name 'w'/);
    expect(issues[4].message).toMatch(/mutes nothing — list what it mutes under zones, vpcs, dnsChecks, healthChecks and\/or resolverEndpoints/);
  });

  it('refuses a dynamic reference in the reason, as any config text', () => {
    const issues = windowIssue({ reason: 'see {{resolve:secretsmanager:x}}' });
    expect(issues[0].path).toBe('maintenanceWindows[0].reason');
  });
});

describe('the mute rules a deployment gets', () => {
  const d = new Deployment(stacksOf(allStacks(base(WINDOWS))));
  const rules = d.resources('AWS::CloudWatch::AlarmMuteRule');
  const alarms = [...d.resources('AWS::CloudWatch::Alarm'), ...d.resources('AWS::CloudWatch::CompositeAlarm')];
  const subjectOf = (r: ResourceRef) => parseAlarmContext(d.props(r).AlarmDescription)?.subjectId;
  const kindOf = (r: ResourceRef) => parseAlarmContext(d.props(r).AlarmDescription)?.kind;
  const ruleOf = (name: string) => {
    const r = rules.find((x) => d.props(x).Name === name);
    if (!r) throw new Error(`no mute rule ${name}; have ${rules.map((x) => d.props(x).Name).join(', ')}`);
    return r;
  };

  it('one rule per window and subject it names, and none for the others', () => {
    expect(rules.map((r) => d.props(r).Name).sort()).toEqual(
      [
        `acme-maintenance-weekly-${ZONE_A}`,
        `acme-maintenance-weekly-${ZONE_B}`,
        `acme-maintenance-weekly-${VPC}`,
        'acme-maintenance-weekly-dns-check-www',
        'acme-maintenance-weekly-health-check-www',
        `acme-maintenance-weekly-${ENDPOINT}`,
        `acme-maintenance-migration-${ZONE_B}`,
      ].sort(),
    );
  });

  it("each rule names every alarm of its subject in the subject's stack, composite and DNSQueries/DNSSEC included, and nothing else", () => {
    for (const [name, subject, kind] of [
      [`acme-maintenance-weekly-${ZONE_A}`, ZONE_A],
      [`acme-maintenance-weekly-${ZONE_B}`, ZONE_B],
      [`acme-maintenance-migration-${ZONE_B}`, ZONE_B],
      [`acme-maintenance-weekly-${VPC}`, VPC],
      ['acme-maintenance-weekly-dns-check-www', 'www', 'dns-check'],
      ['acme-maintenance-weekly-health-check-www', 'www', 'health-check'],
      [`acme-maintenance-weekly-${ENDPOINT}`, ENDPOINT],
    ]) {
      const rule = ruleOf(name);
      // Same stack; a DNS check and a health check may share a name, so their kind tells them apart.
      const own = alarms.filter((a) => subjectOf(a) === subject && (!kind || kindOf(a) === kind));
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((a) => a.stack === rule.stack)).toBe(true);
      expect([...d.props(rule).MuteTargets.AlarmNames].sort()).toEqual(own.map((a) => d.props(a).AlarmName).sort());
    }
    const a = d.props(ruleOf(`acme-maintenance-weekly-${ZONE_A}`)).MuteTargets.AlarmNames as string[];
    expect(a).toEqual(expect.arrayContaining(['acme-example.com-unhealthy-composite', 'acme-example.com-query-logs-logs-stopped', 'acme-example.com-dns-queries-anomaly-drop', 'acme-example.com-dnssec-internal-failure-count']));
    expect(a.length).toBeLessThanOrEqual(MUTE_RULES.maxAlarmsPerRule);
  });

  it('is created after every alarm it names (CloudWatch refuses names of alarms that do not exist)', () => {
    for (const rule of rules) {
      const dependsOn = new Set<string>((rule.stack.template.Resources[rule.logicalId].DependsOn ?? []) as string[]);
      const named = new Set<string>(d.props(rule).MuteTargets.AlarmNames);
      const needed = alarms.filter((a) => a.stack === rule.stack && named.has(d.props(a).AlarmName)).map((a) => a.logicalId);
      expect(needed).toHaveLength(named.size);
      expect(needed.filter((id) => !dependsOn.has(id))).toEqual([]);
    }
  });

  it('carries the schedule, ISO duration, time zone and reason as written', () => {
    expect(d.props(ruleOf(`acme-maintenance-weekly-${VPC}`))).toMatchObject({
      Rule: { Schedule: { Expression: 'cron(0 2 * * SUN)', Duration: 'PT2H', Timezone: 'Europe/Berlin' } },
      Description: 'Maintenance window weekly of acme: mutes the alarms of VPC core (vpc-0123456789abcdef0) in eu-west-1 — Patching (CHG-1)',
    });
    expect(ruleOf(`acme-maintenance-weekly-${VPC}`).stack.region).toBe('eu-west-1');
    const migration = d.props(ruleOf(`acme-maintenance-migration-${ZONE_B}`));
    expect(migration.Rule.Schedule).toEqual({ Expression: 'at(2027-01-16T22:00)', Duration: 'P1DT6H' });
  });

  it("the facts' lengths are the CloudFormation schema's, and the API's 100 alarms per rule is the smaller bound", () => {
    const schema = resourceSchema('AWS::CloudWatch::AlarmMuteRule') as unknown as { properties: Record<string, any> };
    expect(schema.properties.Name.maxLength).toBe(MUTE_RULES.maxNameLength);
    expect(schema.properties.Description.maxLength).toBe(MUTE_RULES.maxDescriptionLength);
    expect(schema.properties.Rule.properties.Schedule.properties.Expression.maxLength).toBe(MUTE_RULES.maxExpressionLength);
    expect(schema.properties.MuteTargets.properties.AlarmNames.maxItems).toBeGreaterThanOrEqual(MUTE_RULES.maxAlarmsPerRule);
  });

  it('rule names and descriptions fit AWS (the CloudFormation schema checks the rest in the cfn-lint example run)', () => {
    for (const r of rules) {
      expect(d.props(r).Name.length).toBeLessThanOrEqual(MUTE_RULES.maxNameLength);
      expect(d.props(r).Description.length).toBeLessThanOrEqual(MUTE_RULES.maxDescriptionLength);
    }
  });
});

describe('mute rules stay put for years', () => {
  const reversed = WINDOWS.map((w) => ({ ...w, zones: [...w.zones].reverse() })).reverse();
  const config = (windows: unknown[], zonesReversed = false) => {
    const c = base(windows);
    return zonesReversed ? { ...c, hostedZones: [...c.hostedZones!].reverse() } : c;
  };

  it('windows, targets and zones in another order: the same rules with the same logical ids and properties', () => {
    const first = buildApp(config(WINDOWS));
    const again = buildApp(config(reversed, true), { assignments: first.monitoring.assignments });
    const rulesOf = (m: typeof first) => {
      const d = new Deployment(stacksOf([...Object.values(m.monitoring.coreStacks), ...m.monitoring.shardStacks]));
      return Object.fromEntries(d.resources('AWS::CloudWatch::AlarmMuteRule').map((r) => [`${r.stack.stackName}/${r.logicalId}`, d.props(r)]));
    };
    expect(rulesOf(again)).toEqual(rulesOf(first));
  });

  it('changing a schedule, duration or the targets replaces no rule; removing a window only removes its rules', () => {
    const first = buildApp(config(WINDOWS));
    const d1 = new Deployment(stacksOf([...Object.values(first.monitoring.coreStacks), ...first.monitoring.shardStacks]));
    const changed = [{ ...WINDOWS[0], schedule: 'cron(30 3 * * SAT)', duration: '3h', timezone: 'UTC', zones: ['example.com'] }];
    const second = buildApp(config(changed), { assignments: first.monitoring.assignments });
    const d2 = new Deployment(stacksOf([...Object.values(second.monitoring.coreStacks), ...second.monitoring.shardStacks]));
    expect(replacements(d1, d2).filter((r) => r.type === 'AWS::CloudWatch::AlarmMuteRule')).toEqual([]);
    const ids = (d: Deployment) => new Set(d.resources('AWS::CloudWatch::AlarmMuteRule').map((r) => `${r.stack.stackName}/${r.logicalId}`));
    const [before, after] = [ids(d1), ids(d2)];
    expect([...after].filter((k) => !before.has(k))).toEqual([]);
    expect(before.size - after.size).toBe(2); // migration on zone B, weekly on zone B
    // Every other resource is untouched by windows: the same ids with and without them.
    const third = buildApp(config([]), { assignments: first.monitoring.assignments });
    const d3 = new Deployment(stacksOf([...Object.values(third.monitoring.coreStacks), ...third.monitoring.shardStacks]));
    const others = (d: Deployment) => d.resources().filter((r) => r.type !== 'AWS::CloudWatch::AlarmMuteRule').map((r) => `${r.stack.stackName}/${r.logicalId}`).sort();
    expect(others(d1)).toEqual(others(d3));
  });
});

describe('the largest subject the config allows', () => {
  it('every alarm of a zone and a VPC with every signal, kind, DNSQueries and DNSSEC alarm fits one rule', () => {
    const every = (source: string) => Object.fromEntries(SIGNALS.filter((s) => s.source === source).map((s) => [s.id, { enabled: true, anomaly: 'both', threshold: 5, rateThreshold: 5 }]));
    const d = new Deployment(
      stacksOf(
        allStacks({
          prefix: 'acme',
          hostedZones: [{ zoneId: ZONE_A, zoneName: 'example.com', dnssec: true, queryVolume: { anomaly: 'drop' }, signals: every('hostedZone') }],
          resolverVpcs: [{ vpcId: VPC, region: 'eu-west-1', signals: every('resolver') }],
          alerts: { email: ['oncall@example.com'] },
          maintenanceWindows: [{ name: 'all', schedule: 'cron(0 2 * * SUN)', duration: '1h', zones: [ZONE_A], vpcs: [VPC] }],
        } as RawConfig),
      ),
    );
    const alarms = [...d.resources('AWS::CloudWatch::Alarm'), ...d.resources('AWS::CloudWatch::CompositeAlarm')];
    for (const subject of [ZONE_A, VPC]) {
      const own = alarms.filter((a) => parseAlarmContext(d.props(a).AlarmDescription)?.subjectId === subject).map((a) => d.props(a).AlarmName);
      const rules = d.resources('AWS::CloudWatch::AlarmMuteRule').filter((r) => d.props(r).Name === `acme-maintenance-all-${subject}`);
      expect(rules).toHaveLength(1);
      expect([...d.props(rules[0]).MuteTargets.AlarmNames].sort()).toEqual(own.sort());
      expect(own.length).toBeGreaterThan(60);
      expect(own.length).toBeLessThanOrEqual(MUTE_RULES.maxAlarmsPerRule);
    }
  });
});

function allStacks(config: RawConfig): Stack[] {
  const { monitoring } = buildApp(config);
  return [...Object.values(monitoring.coreStacks), ...monitoring.shardStacks];
}

describe('a one-time window that has closed', () => {
  const [weekly, migration] = parseConfig(base(WINDOWS)).maintenanceWindows;
  const berlin = parseConfig(base([{ name: 'berlin', schedule: 'at(2027-07-01T02:00)', duration: '90m', timezone: 'Europe/Berlin', zones: ['example.com'] }])).maintenanceWindows[0];

  it('closes at its start in its own time zone plus its duration', () => {
    expect(oneTimeWindowEnd(migration)?.toISOString()).toBe('2027-01-18T04:00:00.000Z'); // UTC, 22:00 + 30 h
    expect(oneTimeWindowEnd(berlin)?.toISOString()).toBe('2027-07-01T01:30:00.000Z'); // CEST = UTC+2
    expect(oneTimeWindowEnd(weekly)).toBeUndefined();
  });

  it('warns at synthesis once it has closed, and not before', () => {
    expect(endedWindowMessage(migration, new Date('2027-01-18T03:59:00Z'))).toBeUndefined();
    expect(endedWindowMessage(migration, new Date('2027-01-18T04:00:00Z'))).toMatch(/maintenance window migration \(maintenanceWindows\[1\]\) ran once, at\(2027-01-16T22:00\) for 1d6h, and closed at 2027-01-18T04:00:00.000Z: it mutes nothing any more — remove it/);
    const past = base([{ name: 'old', schedule: 'at(2020-01-01T00:00)', duration: '1h', zones: ['example.com'] }]);
    const { monitoring } = buildApp(past);
    const warnings = Object.values(monitoring.coreStacks).flatMap((s) => Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('maintenance window old')));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].entry.data)).toMatch(/closed at 2020-01-01T01:00:00.000Z/);
  });
});

describe('plan shows each window', () => {
  it('what it mutes, when, and the rules and alarms the deployment has for it', () => {
    const config = parseConfig(base(WINDOWS));
    const plan = planConfig(config);
    const d = new Deployment(stacksOf(allStacks(base(WINDOWS))));
    const named = (w: string) => d.resources('AWS::CloudWatch::AlarmMuteRule').filter((r) => d.props(r).Name.startsWith(`acme-maintenance-${w}-`));
    expect(plan.maintenance).toEqual([
      { name: 'weekly', schedule: 'cron(0 2 * * SUN)', duration: 'PT2H', durationMinutes: 120, timezone: 'Europe/Berlin', zones: 2, vpcs: 1, dnsChecks: 1, healthChecks: 1, resolverEndpoints: 1, rules: 6, alarms: named('weekly').reduce((n, r) => n + d.props(r).MuteTargets.AlarmNames.length, 0) },
      { name: 'migration', schedule: 'at(2027-01-16T22:00)', duration: 'P1DT6H', durationMinutes: 1800, timezone: 'UTC', zones: 1, vpcs: 0, dnsChecks: 0, healthChecks: 0, resolverEndpoints: 0, rules: 1, alarms: named('migration')[0] && d.props(named('migration')[0]).MuteTargets.AlarmNames.length },
    ]);
    expect(plan.maintenance[0].alarms).toBeGreaterThan(20);
    expect(renderPlan(plan, 'table')).toMatch(/Maintenance windows[^\n]*\n.*\n.*\nweekly\s+cron\(0 2 \* \* SUN\)\s+2h\s+Europe\/Berlin\s+2 zone\(s\), 1 VPC\(s\), 1 DNS check\(s\), 1 health check\(s\), 1 Resolver endpoint\(s\)\s+6\s+\d+/);
    expect(renderPlan(planConfig(parseConfig(base([]))), 'table')).not.toMatch(/Maintenance windows/);
  });
});

describe('a window that keeps its alarms muted most or all of the time', () => {
  const share = (schedule: string, duration: string, timezone?: string) =>
    parseConfig(base([{ name: 'w', schedule, duration, timezone, zones: ['example.com'] }])).maintenanceWindows[0].openShare;

  it('measures the share of the time a recurring window is open', () => {
    expect(share('cron(0 2 * * SUN)', '2h')).toBeCloseTo(2 / (7 * 24), 5);
    expect(share('cron(0 18 * * FRI)', '2d12h', 'Europe/Berlin')).toBeCloseTo(60 / (7 * 24), 5); // Friday 18:00 to Monday 06:00
    expect(share('cron(0 0 * * *)', '12h')).toBeCloseTo(0.5, 5);
    expect(share('at(2027-01-16T22:00)', '1d')).toBe(0);
  });

  it('refuses one that never closes: its alarms would never notify', () => {
    for (const [schedule, duration] of [['cron(0 * * * *)', '1h'], ['cron(0 0 * * *)', '2d'], ['cron(* * * * *)', '1m']]) {
      const issues = issuesOf(base([{ name: 'w', schedule, duration, zones: ['example.com'] }]));
      expect(issues.map((i) => i.path)).toEqual(['maintenanceWindows[0].duration']);
      expect(issues[0].message).toMatch(/keeps the window open all the time: .* so its alarms would never notify — shorten the duration or open it less often/);
    }
  });

  it('refuses one that opens again while still open: CloudWatch does not document what that opening does', () => {
    const issue = (schedule: string, duration: string) => issuesOf(base([{ name: 'w', schedule, duration, zones: ['example.com'] }]));
    expect(issue('cron(0 2 * * MON,TUE)', '30h')).toEqual([
      {
        path: 'maintenanceWindows[0].duration',
        message:
          'is longer than the 1d between two openings of cron(0 2 * * MON,TUE), so the window opens again while still open, and CloudWatch does not document what that does to a mute rule — make the duration at most 1d, or open it less often',
      },
    ]);
    expect(issue('cron(0 2 * * MON-FRI)', '1d1h')[0].message).toMatch(/^is longer than the 1d between two openings/);
    expect(() => parseConfig(base([{ name: 'w', schedule: 'cron(0 2 * * MON,THU)', duration: '30h', zones: ['example.com'] }]))).not.toThrow();
  });

  it('warns at synthesis about one open more than half the time', () => {
    const { monitoring } = buildApp(base([{ name: 'nights', schedule: 'cron(0 18 * * *)', duration: '14h', zones: ['example.com'] }]));
    const warnings = Object.values(monitoring.coreStacks).flatMap((s) => Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('maintenance window nights')));
    expect(warnings.map((w) => String(w.entry.data))).toEqual([expect.stringMatching(/is open 58 % of the time \(cron\(0 18 \* \* \*\) for 14h\): the alarms it names notify nobody most of the time/)]);
    const { monitoring: fine } = buildApp(base(WINDOWS));
    expect(Object.values(fine.coreStacks).flatMap((s) => Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('maintenance window .* is open')))).toEqual([]);
  });
});
