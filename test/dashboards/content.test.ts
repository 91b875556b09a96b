import type { DashboardDef, MetricWidget, Widget } from '../../lib/dashboards/body';
import { buildModel } from '../../lib/model';
import { buildDashboards } from '../../lib/dashboards/build';
import { dashboardsConfigSchema } from '../../lib/config/dashboards-schema';
import { HOSTED_ZONE_PARSE } from '../../lib/dashboards/logs-insights';
import { planDashboards } from '../../lib/model/dashboard-placement';
import { HOSTED_ZONE_FIELDS } from '../../lib/signals/sources';
import { fleet, zoneId } from './fixtures';

const metricWidgets = (d: DashboardDef) => d.body.widgets.filter((w): w is MetricWidget => w.type === 'metric');
const byTitle = (d: DashboardDef, prefix: string) => d.body.widgets.find((w) => 'title' in w.properties && w.properties.title.startsWith(prefix)) as Widget | undefined;
const metricNames = (d: DashboardDef) => metricWidgets(d).flatMap((w) => w.properties.metrics.filter((e) => typeof e[0] === 'string').map((e) => e[1] as string));

describe('per-zone dashboards follow the enabled signals and the alarms', () => {
  const cfg = fleet({
    zones: 2,
    zone: (i) => (i === 0 ? { signals: { nxdomain: { enabled: false }, servfail: { anomaly: 'spike', rateThreshold: 3 } } } : {}),
    extra: { signals: { 'other-errors': { enabled: false } } },
  });
  const defs = buildDashboards(buildModel(cfg));
  const zone0 = defs.find((d) => d.name === 'acme-dns-zone-zone0-example-com')!;
  const zone1 = defs.find((d) => d.name === 'acme-dns-zone-zone1-example-com')!;

  it('shows no widget or metric for a disabled signal', () => {
    expect(metricNames(zone0)).not.toContain('NXDomain');
    expect(byTitle(zone0, 'NXDOMAIN')).toBeUndefined();
    expect(metricNames(zone1)).toContain('NXDomain');
    expect(byTitle(zone1, 'NXDOMAIN: count and % of queries')).toBeDefined();
    expect(byTitle(zone1, 'Query types')).toBeUndefined(); // query types are off by default
  });

  it('draws the alarm thresholds of the subject and an anomaly band only where an anomaly alarm exists', () => {
    const servfail0 = byTitle(zone0, 'SERVFAIL: count') as MetricWidget;
    const rateAlarm = buildModel(cfg).hostedZones[0].alarms.find((a) => a.name.endsWith('-servfail-rate'))!;
    expect(servfail0.properties.annotations?.horizontal).toEqual([expect.objectContaining({ value: rateAlarm.threshold, yAxis: 'right' })]);
    expect(rateAlarm.threshold).toBe(3);
    const band = servfail0.properties.metrics.find((e) => JSON.stringify(e).includes('ANOMALY_DETECTION_BAND(m_servfail, 2)'));
    expect(band).toBeDefined();
    const servfail1 = byTitle(zone1, 'SERVFAIL: count') as MetricWidget;
    expect(JSON.stringify(servfail1)).not.toContain('ANOMALY_DETECTION_BAND');
    expect(servfail1.properties.annotations?.horizontal?.[0].value).toBe(1);
  });

  it('stacks the response codes of the enabled signals and derives UDP from total minus TCP', () => {
    const rcodes = byTitle(zone0, 'Response codes') as MetricWidget;
    const visible = rcodes.properties.metrics.map((e) => e[e.length - 1] as { id: string; visible: boolean }).filter((o) => o.visible).map((o) => o.id);
    expect(visible).toEqual(['m_noerror', 'm_servfail', 'm_refused']);
    expect(rcodes.properties.stacked).toBe(true);
    const proto = byTitle(zone0, 'Protocol mix') as MetricWidget;
    expect(JSON.stringify(proto.properties.metrics)).toContain('FILL(m_total, 0) - FILL(m_tcp, 0)');
  });

  it('the fleet SLI that needs a disabled signal is replaced by an explanation', () => {
    const landing = defs.find((d) => d.name === 'acme-dns-landing')!;
    const text = landing.body.widgets.filter((w) => w.type === 'text').map((w) => (w.type === 'text' ? w.properties.markdown : '')).join('\n');
    expect(text).toMatch(/\*\*Non-NXDOMAIN error %\*\* not shown: .*1 lack one \(first: hostedZones\[0\]\)/);
    expect(byTitle(landing, 'SERVFAIL % — latest 1 h window (SLO <= 0.1 %)')).toBeDefined();
  });
});

describe('Logs Insights Top-N tables', () => {
  /** The glob `parse` of Logs Insights: each `*` captures up to the next literal; the last takes the rest. */
  function globParse(stmt: string, line: string): Record<string, string> {
    const m = /^parse @message "([^"]*)" as (.*)$/.exec(stmt)!;
    const parts = m[1].split('*');
    const re = new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.*?)')}$`.replace(/\(\.\*\?\)\$$/, '(.*)$'));
    const values = re.exec(line)!.slice(1);
    return Object.fromEntries(m[2].split(', ').map((n, i) => [n, values[i]]));
  }

  it('parses hosted-zone log lines in the documented field order', () => {
    const f = globParse(HOSTED_ZONE_PARSE, '1.0 2017-12-13T08:16:02.130Z Z123412341234 example.com AAAA NOERROR UDP FRA6 192.168.3.1 192.168.222.0/24');
    expect(Object.keys(f)).toEqual([...HOSTED_ZONE_FIELDS]);
    expect(f).toMatchObject({ zone_id: 'Z123412341234', query_name: 'example.com', query_type: 'AAAA', rcode: 'NOERROR', protocol: 'UDP', edge_location: 'FRA6', resolver_ip: '192.168.3.1', edns_client_subnet: '192.168.222.0/24' });
  });

  it('queries the subject log group, filter on the subject and group by the view field', () => {
    const cfg = fleet({ zones: 1, vpcs: 1, dashboards: { topN: { limit: 15 } } });
    const defs = buildDashboards(buildModel(cfg));
    const zone = defs.find((d) => d.name === 'acme-dns-zone-zone0-example-com')!;
    const logs = zone.body.widgets.filter((w) => w.type === 'log').map((w) => (w.type === 'log' ? w.properties.query : ''));
    expect(logs).toHaveLength(5);
    expect(logs[0]).toBe(
      `SOURCE '/aws/route53/zone0.example.com' | fields @timestamp, @message | ${HOSTED_ZONE_PARSE} | filter zone_id = "${zoneId(0)}" and rcode in ["NXDOMAIN"] | stats count(*) as queries by query_name | sort queries desc | limit 15`,
    );
    const vpc = defs.find((d) => d.name === 'acme-dns-vpc-vpc0')!;
    const vq = vpc.body.widgets.filter((w) => w.type === 'log').map((w) => (w.type === 'log' ? w.properties.query : ''));
    expect(vq[0]).toContain(`filter vpc_id = "${cfg.resolverVpcs[0].id}" and rcode not in ["NOERROR"] | stats count(*) as queries by query_name`);
    expect(vq[0]).not.toContain('parse');
  });

  it('can be turned off', () => {
    const defs = buildDashboards(buildModel(fleet({ zones: 1, dashboards: { topN: { enabled: false } } })));
    expect(defs.flatMap((d) => d.body.widgets).filter((w) => w.type === 'log')).toHaveLength(0);
  });
});

describe('explorer dashboards', () => {
  const cfg = fleet({ zones: 45, zone: (i) => (i === 7 ? { signals: { servfail: { rateThreshold: 4 } } } : {}), dashboards: { subjects: { mode: 'explorer' } } });
  const plan = planDashboards(cfg);

  it('group zones by widget profile into pages of at most 20', () => {
    expect(plan.explorers.map((p) => p.subjects.length)).toEqual([20, 20, 4, 1]);
    expect(plan.explorers[3].subjects[0].id).toBe(zoneId(7));
    expect(plan.explorers.map((p) => p.name)).toEqual(['acme-dns-zones-1', 'acme-dns-zones-2', 'acme-dns-zones-3', 'acme-dns-zones-4']);
  });

  it('swap the subject id everywhere with one dropdown', () => {
    const d = buildDashboards(buildModel(cfg)).find((x) => x.name === 'acme-dns-zones-1')!;
    const v = d.body.variables![0];
    expect(v.values.map((x) => x.value)).toEqual(plan.explorers[0].subjects.map((s) => s.id));
    expect(v.values[0].label).toBe(`zone0.example.com (${zoneId(0)})`);
    const withoutVars = JSON.stringify(d.body.widgets.filter((w) => w.type !== 'alarm'));
    // The pattern is in every metric dimension and every Logs Insights filter...
    const dims = metricWidgets(d).flatMap((w) => w.properties.metrics.filter((e) => e[2] === 'ZoneId').map((e) => e[3]));
    expect(new Set(dims)).toEqual(new Set([v.pattern]));
    for (const w of d.body.widgets) if (w.type === 'log') expect(w.properties.query).toContain(`zone_id = "${v.pattern}"`);
    // ...and no other zone id appears outside the alarm list.
    for (const s of plan.explorers[0].subjects.slice(1)) expect(withoutVars).not.toContain(s.id);
  });

  it('switch from dedicated to explorer when the fleet outgrows maxDedicated in auto mode', () => {
    expect(planDashboards(fleet({ zones: 10 })).mode).toBe('dedicated');
    expect(planDashboards(fleet({ zones: 11 })).mode).toBe('explorer');
    expect(planDashboards(fleet({ zones: 11, dashboards: { subjects: { maxDedicated: 11 } } })).mode).toBe('dedicated');
  });
});

describe('names', () => {
  it('keeps dedicated names unique when two zone names map to one dashboard name', () => {
    const cfg = fleet({ zones: 2, zone: (i) => ({ zoneName: i === 0 ? 'a.b.example.com' : 'a-b.example.com' }) });
    const names = planDashboards(cfg).dedicated.map((d) => d.name);
    expect(names).toEqual([`acme-dns-zone-a-b-example-com-${zoneId(0)}`, `acme-dns-zone-a-b-example-com-${zoneId(1)}`]);
  });

  it('keeps them unique and within 255 characters for zone names of 253 characters that differ only at their end (synthesis stopped with a stack trace)', () => {
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(56)}`;
    const cfg = fleet({ zones: 2, zone: (i) => ({ zoneName: `${long}${i === 0 ? 'x' : 'y'}.com` }) });
    const names = planDashboards(cfg).dedicated.map((d) => d.name);
    expect(new Set(names).size).toBe(2);
    for (const n of names) expect(n).toMatch(/^acme-dns-zone-a{63}-b{63}-[A-Za-z0-9_-]+$/);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(255);
  });

  it('keeps the zone id of two long names that map to one dashboard name', () => {
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(50)}`;
    const cfg = fleet({ zones: 2, zone: (i) => ({ zoneName: i === 0 ? `${long}.x.com` : `${long}-x.com` }) });
    const names = planDashboards(cfg).dedicated.map((d) => d.name);
    expect(names.map((n) => n.endsWith(`-${zoneId(names.indexOf(n))}`))).toEqual([true, true]);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(255);
  });
});

describe('health checks', () => {
  const cfg = fleet({ zones: 1 });
  const defs = buildDashboards(buildModel(cfg), {
    healthChecks: [
      { name: 'api', id: 'hc1', latency: true, type: 'HTTPS', regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'] },
      { name: 'www', id: 'hc2' },
      { name: 'pending' },
    ],
  });
  const hc = defs.find((d) => d.name === 'acme-dns-health-checks-s1')!;

  it('graph status and % healthy per check, latency per checker region only where measured', () => {
    const titles = hc.body.widgets.map((w) => ('title' in w.properties ? w.properties.title : ''));
    expect(titles.filter((t) => t.endsWith('status and % healthy checkers'))).toEqual(['api: status and % healthy checkers', 'www: status and % healthy checkers']);
    expect(titles.filter((t) => t.startsWith('api: ') && t.includes('by checker region'))).toEqual([
      'api: TimeToFirstByte by checker region (ms)',
      'api: ConnectionTime by checker region (ms)',
      'api: SSLHandshakeTime by checker region (ms)',
    ]);
    expect(titles.some((t) => t.startsWith('www: ') && t.includes('by checker region'))).toBe(false);
    // One search per graph finds the check's series of every checker region it uses.
    const ttfb = hc.body.widgets[titles.indexOf('api: TimeToFirstByte by checker region (ms)')] as MetricWidget;
    expect(ttfb.properties.metrics).toEqual([
      [{ expression: `SEARCH('{AWS/Route53,HealthCheckId,Region} MetricName="TimeToFirstByte" HealthCheckId="hc1"', 'Average', 60)`, id: 'latency', label: "${PROP('Dim.Region')}", period: 60 }],
    ]);
    expect(JSON.stringify(hc.body)).toContain('Not graphed (no health check id known at synth time): pending');
  });

  it('summarise on the first page of their stack, not on the landing page (the tile reads every id: docs/dashboards.md)', () => {
    const tile = byTitle(hc, 'Healthy health checks') as MetricWidget;
    expect(tile.properties.metrics[tile.properties.metrics.length - 1]).toEqual([{ expression: 'SUM([hc0, hc1])', id: 'healthy', label: 'healthy of 2' }]);
    const landing = defs.find((d) => d.name === 'acme-dns-landing')!;
    expect(JSON.stringify(landing.body)).not.toContain('HealthCheckId');
  });

  it('one set per health-check stack, created there (each reads only the ids of its own stack)', () => {
    const split = buildDashboards(buildModel(cfg), { healthChecks: [{ name: 'api', id: 'hc1', stack: 1 }, { name: 'www', id: 'hc2', stack: 2 }] });
    const health = split.filter((d) => d.healthCheckStack !== undefined).map((d) => [d.name, d.healthCheckStack, JSON.stringify(d.body).match(/"hc[12]"/g)]);
    expect(health).toEqual([
      ['acme-dns-health-checks-s1', 1, ['"hc1"', '"hc1"', '"hc1"']],
      ['acme-dns-health-checks-s2', 2, ['"hc2"', '"hc2"', '"hc2"']],
    ]);
  });
});

describe('dashboardsConfigSchema', () => {
  it('fills every default', () => {
    const s = dashboardsConfigSchema.parse({});
    expect(s).toMatchObject({ enabled: true, sliPeriod: 3600, slo: { successRate: 99.9 }, subjects: { mode: 'auto', maxDedicated: 10, explorerPageSize: 20 } });
  });

  it.each([
    [{ sliPeriod: 90 }, 'sliPeriod', 'must be at least 300 seconds — '],
    [{ slo: { successRate: 120 } }, 'slo.successRate', 'must be between 0 and 100 (percent)'],
    [{ subjects: { mode: 'all' } }, 'subjects.mode', 'must be auto, dedicated or explorer — '],
    [{ timeRangeHours: { landing: 400 } }, 'timeRangeHours.landing', 'must be at most 336 hours (two weeks) — '],
    [{ maxWidgetsPerPage: 600 }, 'maxWidgetsPerPage', 'must be at most 500 widgets — '],
  ])('rejects %j with a "what — how to fix" message', (input, path, message) => {
    const r = dashboardsConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0];
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message.startsWith(message)).toBe(true);
  });

  it('rejects unknown keys', () => {
    expect(dashboardsConfigSchema.safeParse({ slo: { uptime: 1 } }).success).toBe(false);
  });

  it('disabled: no dashboards at all', () => {
    expect(buildDashboards(buildModel(fleet({ zones: 3, dashboards: { enabled: false } })))).toEqual([]);
  });
});

describe('maintenance windows on the subject dashboards', () => {
  const textOf = (d: DashboardDef) => d.body.widgets.map((w) => (w.type === 'text' ? w.properties.markdown : '')).join('\n');
  const windows = [
    {
      name: 'weekly-patching',
      schedule: 'cron(0 2 * * SUN)',
      duration: '90m',
      timezone: 'Europe/Berlin',
      reason: 'Resolver *patching* [CHG-1234](x) <b>_now_</b> | `x`',
      zones: ['zone0.example.com', 'zone2.example.com'],
    },
    { name: 'registrar-move', schedule: 'at(2027-01-16T22:00)', duration: '1d6h', zones: [zoneId(2)] },
  ];

  it('the dashboard of a muted zone lists its windows: when, how long, time zone and the reason, markdown escaped', () => {
    const defs = buildDashboards(buildModel(fleet({ zones: 3, extra: { maintenanceWindows: windows } })));
    const zone0 = textOf(defs.find((d) => d.name === 'acme-dns-zone-zone0-example-com')!);
    expect(zone0).toContain('**Maintenance windows**');
    expect(zone0).toContain('`weekly-patching`: `cron(0 2 * * SUN)` for 1h30m, Europe/Berlin — Resolver \\*patching\\* \\[CHG-1234\\](x) \\<b\\>\\_now\\_\\</b\\> \\| \\`x\\`');
    expect(zone0).not.toContain('registrar-move');
    const zone2 = textOf(defs.find((d) => d.name === 'acme-dns-zone-zone2-example-com')!);
    expect(zone2).toContain('`weekly-patching`');
    expect(zone2).toContain('`registrar-move`: `at(2027-01-16T22:00)` for 1d6h, UTC');
  });

  it('a zone that no window mutes gets no maintenance text', () => {
    const defs = buildDashboards(buildModel(fleet({ zones: 3, extra: { maintenanceWindows: windows } })));
    expect(textOf(defs.find((d) => d.name === 'acme-dns-zone-zone1-example-com')!)).not.toMatch(/maintenance/i);
  });

  it('an explorer page lists the windows of any of its zones, with the zones each mutes, and no zone id', () => {
    const cfg = fleet({ zones: 25, dashboards: { subjects: { mode: 'explorer' } }, extra: { maintenanceWindows: windows } });
    const defs = buildDashboards(buildModel(cfg));
    const page1 = defs.find((d) => d.name === 'acme-dns-zones-1')!;
    const text = textOf(page1);
    expect(text).toContain('`weekly-patching`: `cron(0 2 * * SUN)` for 1h30m, Europe/Berlin');
    expect(text).toContain('mutes zone0.example.com, zone2.example.com');
    expect(text).toContain('`registrar-move`');
    expect(text).toContain('mutes zone2.example.com');
    expect(text).not.toContain(zoneId(2));
    const page2 = defs.find((d) => d.name === 'acme-dns-zones-2')!;
    expect(textOf(page2)).not.toMatch(/maintenance/i);
  });
});

describe('maintenance windows on a VPC explorer page', () => {
  it('name no VPC by its id (the dropdown swaps ids), so a window over every unnamed VPC still synthesizes', () => {
    const vpcs = Array.from({ length: 3 }, (_, i) => ({ vpcId: `vpc-0000000000000000${i}`, region: 'eu-west-1' }));
    const cfg = fleet({
      zones: 0,
      dashboards: { subjects: { mode: 'explorer' } },
      extra: {
        resolverVpcs: [...vpcs, { vpcId: 'vpc-00000000000000009', region: 'eu-west-1', name: 'core-prod' }],
        maintenanceWindows: [{ name: 'patching', schedule: 'cron(0 2 * * SUN)', duration: '2h', vpcs: [...vpcs.map((v) => v.vpcId), 'core-prod'] }],
      },
    });
    const page = buildDashboards(buildModel(cfg)).find((d) => d.body.variables?.[0]?.label === 'VPC')!;
    const text = page.body.widgets.map((w) => (w.type === 'text' ? w.properties.markdown : '')).join('\n');
    expect(text).toContain('(mutes core-prod and 3 more)');
    for (const v of vpcs) expect(text).not.toContain(v.vpcId);
    const unnamed = fleet({
      zones: 0,
      dashboards: { subjects: { mode: 'explorer' } },
      extra: { resolverVpcs: vpcs, maintenanceWindows: [{ name: 'patching', schedule: 'cron(0 2 * * SUN)', duration: '2h', vpcs: vpcs.map((v) => v.vpcId) }] },
    });
    const only = buildDashboards(buildModel(unnamed)).find((d) => d.body.variables?.[0]?.label === 'VPC')!;
    expect(only.body.widgets.map((w) => (w.type === 'text' ? w.properties.markdown : '')).join('\n')).toContain('`patching`: `cron(0 2 * * SUN)` for 2h, UTC (mutes 3 VPC(s))');
  });
});

describe('the DNS-checks dashboard', () => {
  const check = { name: 'dmarc', query: '_dmarc.example.com', type: 'TXT', servers: ['192.0.2.53'], regions: ['us-east-1'], expect: { answers: ['v=DMARC1; p=reject'] } };
  const textOf = (cfg: Parameters<typeof buildModel>[0]) =>
    buildDashboards(buildModel(cfg))
      .flatMap((d) => d.body.widgets)
      .map((w) => (w.type === 'text' ? w.properties.markdown : ''))
      .join('\n');

  it('shows the query as code, as written (markdown does not unescape inside code)', () => {
    const text = textOf(fleet({ zones: 1, extra: { dnsChecks: [check] } }));
    expect(text).toContain('`_dmarc.example.com TXT`');
    expect(text).not.toMatch(/maintenance/i);
  });

  // A zone check the prober skips publishes nothing: its own graph shows a passing region. On call
  // must see the skips where they look at the checks.
  it("shows each reading region's zone-checks-skipped alarm with the check alarms, and a graph of the skips per region", () => {
    const zoneCheck = { name: 'apex', query: 'example.com', type: 'SOA', zoneId: 'Z0APEX00000000000001', regions: ['us-east-1', 'eu-west-1'], expect: {} };
    const model = buildModel(fleet({ zones: 1, extra: { dnsChecks: [check, zoneCheck] } }));
    const page = buildDashboards(model).find((d) => d.name === model.dnsChecks.dashboard)!;
    const tile = page.body.widgets.find((w) => w.type === 'alarm')!;
    const arns = (tile.properties as { alarms: string[] }).alarms;
    for (const [vantage, spec] of model.dnsChecks.skippedAlarms) {
      expect(spec.name).toBe(`${model.config.prefix}-dns-prober-${vantage}-zone-checks-skipped`);
      expect(arns.some((a) => a.endsWith(`:alarm:${spec.name}`))).toBe(true);
    }
    expect([...model.dnsChecks.skippedAlarms.keys()].sort()).toEqual(['eu-west-1', 'us-east-1']);
    const graph = byTitle(page, 'Zone checks skipped') as MetricWidget;
    expect(graph.properties.metrics.map((m) => m.slice(0, 4))).toEqual([
      ['Codreum/DNSChecks', 'ChecksSkipped', 'Vantage', 'eu-west-1'],
      ['Codreum/DNSChecks', 'ChecksSkipped', 'Vantage', 'us-east-1'],
    ]);
    // Checks that read no hosted zone: no such alarm, no graph.
    const plain = buildModel(fleet({ zones: 1, extra: { dnsChecks: [check] } }));
    expect(plain.dnsChecks.skippedAlarms.size).toBe(0);
    expect(byTitle(buildDashboards(plain).find((d) => d.name === plain.dnsChecks.dashboard)!, 'Zone checks skipped')).toBeUndefined();
  });

  it('lists the windows that mute a check beside it', () => {
    const text = textOf(fleet({ zones: 1, extra: { dnsChecks: [check], maintenanceWindows: [{ name: 'dns-move', schedule: 'at(2027-01-16T22:00)', duration: '6h', reason: 'move to *new* provider', dnsChecks: ['dmarc'] }] } }));
    expect(text).toContain('`dns-move`: `at(2027-01-16T22:00)` for 6h, UTC — move to \\*new\\* provider');
  });
});
