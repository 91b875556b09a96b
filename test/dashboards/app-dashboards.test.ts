/**
 * Dashboards as DnsMonitoring really builds them: the landing pages list the status of every alarm
 * the app creates (zone/VPC signals, health checks, composites, DNSQueries, DNSSEC, Resolver
 * endpoints, dead letters, license), and health checks get the latency widgets of their type.
 */
import * as path from 'node:path';
import { Deployment } from '../support/iam/deployment';
import { deploymentOf } from '../support/iam/app';
import { readConfigFile } from '../../lib/config/load';
import { exampleConfigFiles, REPO, synthConfig } from '../support/synth';

/** Dashboard bodies with Fn::Sub resolved (account 111122223333, partition aws). */
function bodies(d: Deployment): { name: string; region: string; body: any }[] {
  return d.resources('AWS::CloudWatch::Dashboard').map((r) => {
    const p = d.props(r);
    return { name: p.DashboardName, region: r.stack.region, body: JSON.parse(p.DashboardBody) };
  });
}

describe.each(exampleConfigFiles().map((f) => [path.relative(REPO, f), f] as const))('dashboards of %s', (_name, file) => {
  const d = deploymentOf(readConfigFile(file));
  const all = bodies(d);

  it('the landing pages show the status of every alarm and composite alarm the app creates', () => {
    const shown = new Set(
      all
        .filter((b) => /-dns-landing/.test(b.name))
        .flatMap((b) => b.body.widgets)
        .filter((w: any) => w.type === 'alarm')
        .flatMap((w: any) => w.properties.alarms),
    );
    const created = [...d.resources('AWS::CloudWatch::Alarm'), ...d.resources('AWS::CloudWatch::CompositeAlarm')].map((a) => d.arnOf(a));
    expect(created.length).toBeGreaterThan(0);
    expect(created.filter((arn) => !shown.has(arn))).toEqual([]);
    // and nothing that does not exist
    expect([...shown].filter((arn) => !created.includes(arn as string))).toEqual([]);
  });
});

describe('health-check dashboard of the everything-on example', () => {
  const d = deploymentOf(readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml')));
  const health = bodies(d).filter((b) => /health-checks/.test(b.name));
  const titles = health.flatMap((b) => b.body.widgets).map((w: any) => w.properties?.title ?? '');

  it('an HTTPS check with latency gets its TLS handshake time, a TCP check does not', () => {
    const metricsOf = (title: RegExp) =>
      health
        .flatMap((b) => b.body.widgets)
        .filter((w: any) => title.test(w.properties?.title ?? ''))
        // A metric's name, or the one a search expression looks for.
        .flatMap((w: any) => (w.properties.metrics ?? []).map((m: any[]) => m[0]?.expression?.match(/MetricName="(\w+)"/)?.[1] ?? m[1]));
    expect(titles.some((t: string) => /^api\b/.test(t))).toBe(true);
    expect(metricsOf(/^api\b/)).toContain('SSLHandshakeTime');
    expect(metricsOf(/^db\b/)).not.toContain('SSLHandshakeTime');
  });
});

describe('maintenance windows on the dashboards of the everything-on example', () => {
  const all = bodies(deploymentOf(readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml'))));
  const text = (name: RegExp) =>
    all
      .filter((b) => name.test(b.name))
      .flatMap((b) => b.body.widgets)
      .filter((w: any) => w.type === 'text')
      .map((w: any) => w.properties.markdown)
      .join('\n');
  const weekly = '`weekly-patching`: `cron(0 2 * * SUN)` for 2h, Europe/Berlin — Resolver and zone patching (CHG-1234)';

  it('each dashboard of a muted subject lists the windows that mute it, and only those', () => {
    expect(text(/-dns-zone-a-example-org$/)).toContain(weekly);
    expect(text(/-dns-zone-a-example-org$/)).not.toContain('registrar-move');
    expect(text(/-dns-dns-checks$|dns-checks/)).toContain(weekly);
    expect(text(/health-checks/)).toContain(`${weekly} (mutes api)`);
  });

  it('a dashboard of a subject no window mutes says nothing about windows', () => {
    expect(text(/-dns-zone-b-example-org$/)).toContain('`registrar-move`: `at(2027-01-16T22:00)` for 1d6h, UTC');
    expect(text(/-dns-zone-b-example-org$/)).not.toContain('weekly-patching');
    expect(text(/-dns-zone-c-example-org$/)).not.toMatch(/maintenance/i);
    expect(text(/-dns-zone-c-example-org$/)).toContain('c.example.org');
  });
});


describe('Resolver endpoints on the landing dashboard of the everything-on example', () => {
  const cfg = readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml'));
  const all = bodies(deploymentOf(cfg));
  const widgets = all.filter((b) => /-dns-landing/.test(b.name)).flatMap((b) => b.body.widgets);

  it('graph each endpoint in its region: its query volume, its healthy and unhealthy network interfaces and its capacity status, with the alarm thresholds', () => {
    const e = cfg.resolverEndpoints![0];
    const w = widgets.find((x: any) => x.type === 'metric' && x.properties.title?.startsWith(`Resolver endpoint ${e.name}`));
    expect(w).toBeDefined();
    expect(w.properties.region).toBe(e.region);
    const metrics = w.properties.metrics.map((m: any[]) => m.slice(0, 4));
    expect(metrics).toEqual([
      ['AWS/Route53Resolver', 'InboundQueryVolume', 'EndpointId', e.endpointId],
      ['AWS/Route53Resolver', 'EndpointHealthyENICount', 'EndpointId', e.endpointId],
      ['AWS/Route53Resolver', 'EndpointUnHealthyENICount', 'EndpointId', e.endpointId],
      ['AWS/Route53Resolver', 'ResolverEndpointCapacityStatus', 'EndpointId', e.endpointId],
    ]);
    // The alarms' thresholds, from the alarms the app created.
    const d = deploymentOf(cfg);
    const alarms = d.resources('AWS::CloudWatch::Alarm').map((a) => d.props(a)).filter((p: any) => p.Dimensions?.some((x: any) => x.Value === e.endpointId));
    const thresholds = alarms.map((p: any) => p.Threshold).sort();
    expect(w.properties.annotations.horizontal.map((a: any) => a.value).sort()).toEqual(thresholds);
    // By default an endpoint pages below 1 query per period: "below 1 queries" read as a slip.
    expect(w.properties.annotations.horizontal[0]).toMatchObject({ value: 1, label: 'pages below 1 query' });
  });

  it('the maintenance windows that mute an endpoint are listed beside it', () => {
    const text = widgets.filter((x: any) => x.type === 'text').map((x: any) => x.properties.markdown).join('\n');
    expect(text).toContain('`weekly-patching`: `cron(0 2 * * SUN)` for 2h, Europe/Berlin — Resolver and zone patching (CHG-1234) (mutes onprem-in)');
  });
});

describe('a window muting many health checks and Resolver endpoints', () => {
  const n = 13;
  const all = bodies(
    deploymentOf({
      prefix: 'many',
      alerts: { email: ['oncall@example.com'] },
      healthChecks: Array.from({ length: n }, (_, i) => ({ name: `hc-${i}`, url: `https://h${i}.example.com/` })),
      resolverEndpoints: Array.from({ length: n }, (_, i) => ({
        endpointId: `rslvr-in-${String(i).padStart(17, '0')}`,
        region: 'us-east-1',
        direction: 'inbound',
        name: `ep-${i}`,
      })),
      maintenanceWindows: [
        { name: 'all', schedule: 'cron(0 2 * * SUN)', duration: '2h', healthChecks: Array.from({ length: n }, (_, i) => `hc-${i}`), resolverEndpoints: Array.from({ length: n }, (_, i) => `ep-${i}`) },
      ],
    }),
  );
  const markdown = all.flatMap((b) => b.body.widgets).filter((w: any) => w.type === 'text').map((w: any) => w.properties.markdown).join('\n');

  it('names 10 of them, as the zone and VPC explorers do, and counts the rest', () => {
    expect(markdown).toContain('(mutes hc-0, hc-1, hc-2, hc-3, hc-4, hc-5, hc-6, hc-7, hc-8, hc-9 and 3 more)');
    expect(markdown).toContain('(mutes ep-0, ep-1, ep-2, ep-3, ep-4, ep-5, ep-6, ep-7, ep-8, ep-9 and 3 more)');
    expect(markdown).not.toContain('hc-10');
    expect(markdown).not.toContain('ep-10');
  });
});

describe('cdk deploy prints where the dashboards are', () => {
  it('the stack holding the landing dashboard outputs its console link, and no other stack does', () => {
    const { templates } = synthConfig(readConfigFile(path.join(REPO, 'examples', 'minimal.yaml')));
    const withOutput = Object.entries(templates).filter(([, t]) => Object.keys(t.findOutputs('LandingDashboard')).length > 0);
    expect(withOutput.map(([name]) => name)).toEqual(['acme-prod-dashboards-us-east-1']);
    withOutput[0][1].hasOutput('LandingDashboard', {
      Value: 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/acme-prod-dns-landing',
    });
    // A link, not an export: nothing else can come to depend on it.
    expect(JSON.stringify(withOutput[0][1].findOutputs('LandingDashboard'))).not.toContain('Export');
  });
});
