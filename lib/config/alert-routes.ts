/**
 * Alert routes: the `default` route (top of `alerts`) and the named ones (`alerts.routes`), each
 * with its destinations per severity, checked against the regions where their alarms live.
 */
import { SEVERITIES, type Severity } from '../../contracts/alarm-context';
import { DEFAULT_ROUTE, Destinations, topicArnRegion } from './alerts-schema';
import type { ConfigIssue } from './errors';
import type { Config } from './schema';
import { configRegions } from './partitions';
import { primaryRegion } from './regions';

export interface ResolvedRoute {
  readonly name: string;
  readonly severities: Readonly<Record<Severity, Destinations>>;
  /** Config path of each severity's destinations (for messages). */
  readonly paths: Readonly<Record<Severity, string>>;
}

/**
 * Destinations that one value can name in several spellings, and how two entries of one list are
 * compared: addresses without regard to capitals (a mail domain ignores them and mailboxes in
 * practice do too), URLs as parsed (host case, default port). Phone numbers are compared as written:
 * the schema takes E.164 only, which has one spelling.
 */
const SAME_DESTINATION: Record<'email' | 'https', { key: (v: string) => string; same: string }> = {
  email: { key: (v) => v.toLowerCase(), same: 'the same address as' },
  https: { key: (v) => new URL(v).href, same: 'the same URL as' },
};

/**
 * A destination listed twice in one list would be subscribed twice to one topic (two subscriptions
 * with one construct id stop synthesis; in other capitals, two confirmations and two copies of
 * every alert). One issue per repeat, naming the first.
 */
function checkDistinctDestinations(d: Destinations, base: string, issues: ConfigIssue[]): void {
  for (const kind of ['email', 'sms', 'https'] as const) {
    const first = new Map<string, number>();
    (d[kind] ?? []).forEach((value, i) => {
      const key = kind === 'sms' ? value : SAME_DESTINATION[kind].key(value);
      const at = first.get(key);
      if (at === undefined) {
        first.set(key, i);
        return;
      }
      const firstPath = `${base}.${kind}[${at}]`;
      const what = kind === 'sms' || d[kind]![at] === value ? `is listed twice (first at ${firstPath})` : `is ${SAME_DESTINATION[kind].same} ${firstPath} in other capitals or spelling`;
      issues.push({ path: `${base}.${kind}[${i}]`, message: `${what} — list each destination once: SNS subscribes it once per topic` });
    });
  }
}

function pick(d: Destinations): Destinations {
  return { email: d.email, sms: d.sms, https: d.https, topicArns: d.topicArns };
}

export function resolveAlertRoutes(
  cfg: Config,
  subjects: readonly { alertRoute: string; region: string; configPath: string }[],
  issues: ConfigIssue[],
): Record<string, ResolvedRoute> {
  const routes: Record<string, ResolvedRoute> = {};
  const make = (name: string, r: Destinations & { critical?: Destinations; warning?: Destinations }, base: string): ResolvedRoute => {
    const severities = {} as Record<Severity, Destinations>;
    const paths = {} as Record<Severity, string>;
    checkDistinctDestinations(r, base, issues);
    for (const sev of SEVERITIES) {
      severities[sev] = pick(r[sev] ?? r);
      paths[sev] = r[sev] ? `${base}.${sev}` : base;
      if (r[sev]) checkDistinctDestinations(r[sev], paths[sev], issues);
    }
    return { name, severities, paths };
  };
  routes[DEFAULT_ROUTE] = make(DEFAULT_ROUTE, cfg.alerts, 'alerts');
  for (const [name, r] of Object.entries(cfg.alerts.routes ?? {})) {
    if (name === DEFAULT_ROUTE) {
      issues.push({ path: `alerts.routes.${name}`, message: "'default' is the route of the top-level alerts destinations — choose another name" });
      continue;
    }
    routes[name] = make(name, r, `alerts.routes.${name}`);
  }

  // Regions each route has alarms of each severity in. The default route also serves health
  // checks, Resolver endpoints, the registration watcher, the change audit, the license reporter
  // and the DNS checks' alarms (the primary region), which may be critical; and in every region of
  // the app (configRegions: each place a config puts it in one) warning alarms on the product's own
  // functions, which are all a region with only a DNS prober holds.
  const used = new Map<string, Record<Severity, Set<string>>>(Object.keys(routes).map((n) => [n, { critical: new Set<string>(), warning: new Set<string>() }]));
  const placed = configRegions(cfg);
  const defaults = used.get(DEFAULT_ROUTE)!;
  for (const p of placed) defaults.warning.add(p.region);
  for (const p of placed.filter((x) => !x.path.startsWith('dnsChecks'))) defaults.critical.add(p.region);
  const deployedChecks = (cfg.dnsChecks ?? []).filter((c) => c.deploy !== false);
  // The primary region holds the DNS checks' alarms (critical unless set otherwise) and the license's (one critical).
  if (cfg.license || deployedChecks.some((c) => (c.alarm?.severity ?? 'critical') === 'critical')) defaults.critical.add(primaryRegion(placed.map((p) => p.region), cfg.primaryRegion));
  // The alarms on undelivered alerts take the severity that does not depend on Slack, in every region.
  if (deliveryFailureSeverity(routes[DEFAULT_ROUTE]) === 'critical') for (const p of placed) defaults.critical.add(p.region);
  for (const s of subjects) {
    const sets = used.get(s.alertRoute);
    if (!sets) {
      issues.push({
        path: `${s.configPath}.alertRoute`,
        message: `unknown alert route '${s.alertRoute}' — define it under alerts.routes (defined: ${Object.keys(routes).join(', ')})`,
      });
      continue;
    }
    for (const sev of SEVERITIES) sets[sev].add(s.region);
  }
  for (const route of Object.values(routes)) {
    for (const sev of SEVERITIES) {
      const arns = route.severities[sev].topicArns;
      if (!arns) continue;
      const byRegion = new Map<string, string>();
      for (const arn of arns) {
        const region = topicArnRegion(arn);
        if (byRegion.has(region)) {
          issues.push({ path: `${route.paths[sev]}.topicArns`, message: `two topics in ${region} — list one topic per region` });
        }
        byRegion.set(region, arn);
      }
      for (const region of used.get(route.name)?.[sev] ?? []) {
        if (!byRegion.has(region)) {
          issues.push({
            path: `${route.paths[sev]}.topicArns`,
            message: `no ${sev} topic in ${region}, where alarms of route '${route.name}' live — add a topic ARN in ${region} (alarms can only notify topics of their own region), or remove topicArns so the app creates topics`,
          });
        }
      }
    }
  }
  checkSlackFallback(cfg, routes[DEFAULT_ROUTE], issues);
  return routes;
}

/**
 * A destination that gets every message of its topic, OKs and change alerts included: email, HTTPS
 * or a configured topic (whose subscribers are the user's). SMS numbers are on topics of their own
 * that get ALARM only; Slack reads only the default route's topics.
 */
export const receivesEveryAlert = (d: Destinations): boolean => [d.email, d.https, d.topicArns].some((x) => (x?.length ?? 0) > 0);

const hasNonSlackDestination = (d: Destinations) => receivesEveryAlert(d) || (d.sms?.length ?? 0) > 0;

/**
 * The severity whose destinations do not depend on Slack (warning first, then critical): where
 * alarms about failed deliveries (Slack dead letters) notify. Undefined when there is none.
 */
export function deliveryFailureSeverity(route: ResolvedRoute): Severity | undefined {
  return [...SEVERITIES].reverse().find((s) => hasNonSlackDestination(route.severities[s]));
}

/** Slack webhook delivery needs a second path for its own failures. */
function checkSlackFallback(cfg: Config, route: ResolvedRoute, issues: ConfigIssue[]): void {
  if (!cfg.alerts.slack?.webhook || deliveryFailureSeverity(route)) return;
  issues.push({
    path: 'alerts.slack.webhook',
    message:
      'Slack is the only alert destination: when Slack or the webhook fails, the dead-letter alarm could only notify the same broken path — add alerts.email (or sms, https, topicArns) so that delivery failures reach someone outside Slack',
  });
}

export const SMS_ONLY_WARNING = '@codreum/dns-monitor:sms-only-destination';

/**
 * A warning per route whose severity (or both) reaches SMS only. SNS texts only alarms going into
 * ALARM (never a recovery: alert-topics.ts), of the change audit the critical alerts alone, a DNS
 * check follow-up as one line, and nothing from an account in the SMS sandbox or past its monthly
 * SMS spend limit. Slack counts on the default route, whose topics it reads.
 */
export function smsOnlyWarnings(routes: Readonly<Record<string, ResolvedRoute>>, used: ReadonlySet<string>, slack: boolean): string[] {
  const out: string[] = [];
  for (const r of Object.values(routes)) {
    if (r.name !== DEFAULT_ROUTE && !used.has(r.name)) continue;
    const only = SEVERITIES.filter((sev) => {
      const d = r.severities[sev];
      return (d.sms?.length ?? 0) > 0 && !receivesEveryAlert(d) && !(slack && r.name === DEFAULT_ROUTE);
    });
    if (only.length === 0) continue;
    const where = only.length === SEVERITIES.length && r.paths.critical === r.paths.warning ? `${r.paths.critical} (critical and warning)` : only.map((sev) => r.paths[sev]).join(' and ');
    out.push(
      `SMS is the only destination of ${where}: SNS texts alarms going into ALARM only (no recovery), no change alerts other than critical ones, a DNS check follow-up as one line, ` +
        'and nothing at all while the account is in the SMS sandbox or past its monthly SMS spend limit ($1 for a new account; run dns-monitor doctor) — add an email (or https, topicArns, Slack) destination next to it (docs/configuration.md, sms)',
    );
  }
  return out;
}

/** The existing topic a route uses for a severity in a region, if it uses existing topics. */
export function existingTopicArn(route: ResolvedRoute, severity: Severity, region: string): string | undefined {
  return route.severities[severity].topicArns?.find((a) => topicArnRegion(a) === region);
}
