import { buildModel } from '../../lib/model';
import { buildDashboards } from '../../lib/dashboards/build';
import { MAX_PAGE_BYTES, type DashboardDef } from '../../lib/dashboards/body';
import { fleet } from './fixtures';
import { inspectDashboard, publishedMetrics } from './inspect';

const HEALTH = [
  { name: 'api', id: 'hc-api-0001', latency: true, type: 'HTTPS', alarmNames: ['acme-hc-api'] },
  { name: 'www', id: 'hc-www-0002' },
];
const HC_IDS = HEALTH.map((h) => h.id);
const LICENSE = { licenseId: 'lic_test_0001', region: 'us-east-1', alarmPrefix: 'acme' };

describe.each([1, 100, 1000])('%i zones (plus VPCs in two regions)', (zones) => {
  // Resolver endpoints: 1 per 10 zones, inbound and outbound, in two regions (pages of 20 graphs).
  const resolverEndpoints = Array.from({ length: Math.max(2, zones / 10) }, (_, i) => ({
    endpointId: `rslvr-${i % 2 === 0 ? 'in' : 'out'}-${String(i).padStart(17, '0')}`,
    region: i % 2 === 0 ? 'eu-west-1' : 'us-east-1',
    direction: i % 2 === 0 ? 'inbound' : 'outbound',
    name: `endpoint-${i}`,
  }));
  const cfg = fleet({ zones, vpcs: 4, extra: { resolverEndpoints, signals: { 'qtype-a': { enabled: true }, 'qtype-aaaa': { enabled: true }, ecs: { enabled: true, anomaly: 'both' } } } });
  let defs: DashboardDef[];
  beforeAll(() => {
    defs = buildDashboards(buildModel(cfg), { healthChecks: HEALTH, license: LICENSE });
  });

  it('every dashboard stays inside the limits, uses only published metrics, resolvable math ids and config log groups', () => {
    const published = publishedMetrics(cfg);
    const problems = defs.flatMap((d) => inspectDashboard(d, cfg, published, HC_IDS).problems);
    expect(problems).toEqual([]);
    expect(defs.every((d) => d.body.widgets.length > 0)).toBe(true);
  });

  it('dashboard names are unique, deterministic and start with <prefix>-dns-', () => {
    const names = defs.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => n.startsWith('acme-dns-'))).toBe(true);
    expect(buildDashboards(buildModel(cfg), { healthChecks: HEALTH, license: LICENSE }).map((d) => d.name)).toEqual(names);
  });

  it('every zone and VPC has the dashboard its alarms link to, and it shows that subject', () => {
    const byName = new Map(defs.map((d) => [d.name, d]));
    const model = buildModel(cfg); // once: a model per subject made this test take minutes at 1000 zones
    for (const s of [...cfg.hostedZones, ...cfg.resolverVpcs]) {
      const d = byName.get(model.subject(s).dashboard ?? '(none)');
      expect(d).toBeDefined();
      const text = JSON.stringify(d!.body);
      const shown = d!.body.variables ? d!.body.variables[0].values.some((v) => v.value === s.id) : text.includes(s.id);
      expect(shown).toBe(true);
    }
  });

  it('the landing pages link to every other dashboard and list every alarm once', () => {
    const landing = defs.filter((d) => d.name.startsWith('acme-dns-landing'));
    const text = landing.map((d) => JSON.stringify(d.body)).join('\n');
    const others = defs.filter((d) => landing.length > 1 || d.name !== 'acme-dns-landing');
    expect(others.filter((d) => !text.includes(`#dashboards/dashboard/${d.name}`)).map((d) => d.name)).toEqual([]);
    const arns = landing.flatMap((d) => d.body.widgets.flatMap((w) => (w.type === 'alarm' ? w.properties.alarms : [])));
    expect(new Set(arns).size).toBe(arns.length);
    expect(arns).toContain('arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-hc-api');
    expect(arns).toContain('arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-license-invalid');
    expect(arns).toContain(`arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-zone${zones - 1}.example.com-servfail-rate`);
  });
});

describe('scale', () => {
  it('1000 zones use explorer pages (not 1000 dashboards) and landing pages that split at synth time', () => {
    const cfg = fleet({ zones: 1000, dashboards: { maxWidgetsPerPage: 50 } });
    const defs = buildDashboards(buildModel(cfg));
    const explorers = defs.filter((d) => /^acme-dns-zones-\d+$/.test(d.name));
    expect(explorers.length).toBe(50); // 20 zones (and 20 log groups) per page
    expect(defs.filter((d) => d.name.startsWith('acme-dns-zone-'))).toHaveLength(0);
    const landing = defs.filter((d) => d.name.startsWith('acme-dns-landing'));
    // Pages split by widgets (50 here) and by bytes (MAX_PAGE_BYTES): ~5,000 alarm ARNs need 2 or more.
    expect(landing.length).toBeGreaterThanOrEqual(2);
    expect(landing.map((d) => d.name)).toEqual(['acme-dns-landing', ...landing.slice(1).map((_, i) => `acme-dns-landing-${i + 2}`)]);
    expect(Math.max(...landing.map((d) => d.body.widgets.length))).toBeLessThanOrEqual(50);
    expect(Math.max(...landing.map((d) => JSON.stringify(d.body.widgets).length))).toBeLessThanOrEqual(MAX_PAGE_BYTES + 20_000); // + the header and placement fields
    const listed = landing.flatMap((d) => d.body.widgets.flatMap((w) => (w.type === 'alarm' ? w.properties.alarms : [])));
    expect(new Set(listed).size).toBe(listed.length); // every alarm once, none lost in the split
    // Every page links to every other page.
    for (const d of landing) for (const o of landing) if (o !== d) expect(JSON.stringify(d.body)).toContain(`dashboard/${o.name})`);
  });

  it('the checker itself catches a broken body (unknown metric, dangling id, foreign log group, overlap)', () => {
    const cfg = fleet({ zones: 1 });
    const [, zone] = buildDashboards(buildModel(cfg));
    const broken: DashboardDef = JSON.parse(JSON.stringify(zone));
    const metric = broken.body.widgets.find((w) => w.type === 'metric')!;
    if (metric.type !== 'metric') throw new Error('unreachable');
    metric.properties.metrics.push(['Codreum/DNS', 'NoSuchMetric', 'ZoneId', cfg.hostedZones[0].id, { id: 'x1' }]);
    metric.properties.metrics.push([{ expression: 'x1 + ghost', id: 'e1' }]);
    const log = broken.body.widgets.find((w) => w.type === 'log')!;
    if (log.type !== 'log') throw new Error('unreachable');
    log.properties.query = log.properties.query.replace(/SOURCE '[^']+'/, "SOURCE '/aws/route53/other.example'");
    broken.body.widgets[3].x = broken.body.widgets[2].x;
    broken.body.widgets[3].y = broken.body.widgets[2].y;
    const { problems } = inspectDashboard(broken, cfg, publishedMetrics(cfg));
    expect(problems.join('\n')).toMatch(/NoSuchMetric.*not published/);
    expect(problems.join('\n')).toMatch(/uses ghost/);
    expect(problems.join('\n')).toMatch(/other\.example, not a log group of the config/);
    expect(problems.join('\n')).toMatch(/overlap/);
  });
});
