/**
 * The console links in dashboard text widgets (landing page, subject pages, health-check pages)
 * open the console of the deployment's partition: a GovCloud or China deployment's dashboards must
 * not link to the commercial console, where those dashboards do not exist.
 */
import { parseConfig } from '../../lib/config/load';
import { buildDashboards } from '../../lib/dashboards/build';
import { buildModel } from '../../lib/model';

const links = (cfgRaw: object) =>
  buildDashboards(buildModel(parseConfig(cfgRaw)))
    .flatMap((d) => d.body.widgets)
    .filter((w) => w.type === 'text')
    .flatMap((w) => [...JSON.stringify(w.properties).matchAll(/\]\((https:[^)]+)\)/g)].map((m) => m[1]));

describe('dashboard links open the console of the deployment partition', () => {
  it.each([
    ['aws-us-gov', 'us-gov-west-1', 'https://us-gov-west-1.console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#dashboards/dashboard/'],
    ['aws-cn', 'cn-north-1', 'https://cn-north-1.console.amazonaws.cn/cloudwatch/home?region=cn-north-1#dashboards/dashboard/'],
    ['aws', 'eu-west-1', 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/'],
  ])('%s (%s)', (_partition, region, prefix) => {
    const found = links({
      prefix: 'acme',
      resolverVpcs: [
        { vpcId: 'vpc-0123456789abcdef0', region },
        { vpcId: 'vpc-0123456789abcdef1', region },
      ],
      alerts: { email: ['oncall@example.com'] },
    });
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((l) => !l.startsWith(prefix))).toEqual([]);
  });
});
