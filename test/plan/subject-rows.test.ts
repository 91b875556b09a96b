/**
 * The plan's per-subject table has one row per thing a reader can point at: a Resolver endpoint of
 * the config is an endpoint row (not "other"), and one of the product's own functions owns its
 * alarms on one row (the function's errors and its dead-letter queue), so no two rows carry the
 * same name, type and region.
 */
import * as path from 'node:path';
import { planConfigFile, renderPlan } from '../../lib/plan';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'everything-on.yaml');

describe('plan subject rows (examples/everything-on.yaml)', () => {
  const plan = planConfigFile(EXAMPLE);

  it('no two rows share a name and type (the table shows no region)', () => {
    const seen = new Map<string, string>();
    for (const s of plan.subjects) {
      const k = `${s.type}|${s.name}`;
      expect(`${k} ${seen.get(k) ?? ''}`).toBe(`${k} `);
      seen.set(k, s.key);
    }
  });

  it('a function deployed in several regions (the Slack notifier) is one row for all of them', () => {
    const slack = plan.subjects.filter((s) => s.name === 'slack');
    expect(slack).toHaveLength(1);
    expect(slack[0]).toMatchObject({ type: 'component', region: '*' });
    // Per region: its dead-letter alarm and its intake backlog alarm.
    expect(slack[0].counts.alarms).toBe(2 * 4);
  });

  it('a Resolver endpoint of the config is an endpoint row holding its alarms', () => {
    const endpoint = plan.subjects.find((s) => s.name === 'onprem-in')!;
    expect(endpoint).toMatchObject({ type: 'resolver-endpoint', id: 'rslvr-in-0123456789abcdef0', region: 'us-west-2' });
    expect(endpoint.counts.alarmsByKind).toEqual({ count: 2, 'low-traffic': 1 });
  });

  it('a product function, its dead-letter queue and the alarm on its skipped zone checks share one component row', () => {
    const prober = plan.subjects.filter((s) => s.name === 'dns-prober-us-east-1');
    expect(prober).toHaveLength(1);
    expect(prober[0]).toMatchObject({ type: 'component', region: 'us-east-1' });
    expect(prober[0].counts.alarms).toBe(3);
    // Another region's prober: its errors and dead letters there, its skipped zone checks' alarm in the primary region.
    const away = plan.subjects.filter((s) => s.name === 'dns-prober-eu-west-1');
    expect(away).toHaveLength(1);
    expect(away[0].counts.alarms).toBe(3);
    const audit = plan.subjects.filter((s) => s.name === 'audit');
    expect(audit).toHaveLength(1);
    expect(audit[0].counts.alarms).toBe(2);
  });

  it('the license dead letters are on the license row', () => {
    const license = plan.subjects.filter((s) => s.name === 'license');
    expect(license.map((s) => s.type)).toEqual(['license']);
    expect(license[0].counts.alarmsByKind).toMatchObject({ license: 4, count: 1 });
  });

  it('the text table names the row types a reader knows', () => {
    const text = renderPlan(plan, 'table');
    expect(text).toMatch(/^onprem-in +endpoint /m);
    expect(text).toMatch(/^dns-prober-us-east-1 +component /m);
    expect(text).not.toMatch(/^\S+ +other /m);
  });
});
