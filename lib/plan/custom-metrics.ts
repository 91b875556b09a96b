/**
 * Custom metrics a deployment publishes, counted as distinct metric series (name + dimension
 * values), not as filters. Read from the synthesized metric filters:
 *  - a dimension taken from the subject field (`$zone_id`, `$.vpc_id`) has one value per subject
 *    whose lines the pattern lets through: the ids listed in the pattern, or every config subject
 *    writing to that log group when the pattern lists none;
 *  - another field dimension (query type) has the values the pattern allows for that field;
 *  - a literal dimension value has one value.
 * Plus metrics Lambdas publish that alarms watch (license: every metric of LICENSE_METRICS; the
 * DNS prober's; the registration watcher's two per registered domain).
 */
import { LICENSE_DIMENSION, LICENSE_METRICS, LICENSE_NAMESPACE } from '../../contracts/license-metrics';
import { DNS_CHECK_METRICS, DNS_CHECK_NAMESPACE } from '../../contracts/dns-check';
import { DOMAIN_DIMENSION, DOMAIN_REGISTRATION_METRICS, DOMAIN_REGISTRATION_NAMESPACE } from '../../contracts/domain-registration';
import { ROUTE53, ROUTE53_DOMAINS } from '../aws-facts';
import { deploymentRegions } from '../model/regions';
import { dnsProberSubject } from '../naming';
import { parseFilterPattern } from '../filter-pattern';
import type { FilterPattern, FieldExpression, JsonExpression } from '../filter-pattern';
import { SOURCES } from '../signals/sources';
import type { CfnResource } from './synthesize';
import type { SubjectRegistry } from './subjects';
import { zoneReadsByRegion } from './deploy';

export interface MetricSeries {
  readonly key: string;
  /** Subject the series belongs to (subject key), or undefined when not per subject. */
  readonly subject?: string;
}

export interface FilterCoverage {
  readonly filter: CfnResource;
  /** Subject keys whose log lines this filter counts. */
  readonly subjects: readonly string[];
}

export interface CustomMetricsResult {
  readonly series: ReadonlyMap<string, MetricSeries>;
  readonly filters: readonly FilterCoverage[];
  readonly notes: readonly string[];
}

/** Exact values an `=`-only OR of conditions allows; undefined when the field is not restricted that way. */
function orEquals(e: FieldExpression): string[] | undefined {
  if (e.kind === 'compare') return e.comparison.op === '=' && e.comparison.operand.kind === 'text' && e.comparison.operand.mode === 'exact' ? [e.comparison.operand.core] : undefined;
  if (e.kind !== 'or') return undefined;
  const l = orEquals(e.left);
  const r = orEquals(e.right);
  return l && r ? [...l, ...r] : undefined;
}

function jsonOrEquals(e: JsonExpression, selector: string): string[] | undefined {
  if (e.kind === 'compare') {
    const ok = e.selector.text === selector && e.comparison.op === '=' && e.comparison.operand.kind === 'text' && e.comparison.operand.mode === 'exact';
    return ok ? [e.comparison.operand.core] : undefined;
  }
  if (e.kind !== 'or') return undefined;
  const l = jsonOrEquals(e.left, selector);
  const r = jsonOrEquals(e.right, selector);
  return l && r ? [...l, ...r] : undefined;
}

function jsonConjuncts(e: JsonExpression): JsonExpression[] {
  return e.kind === 'and' ? [...jsonConjuncts(e.left), ...jsonConjuncts(e.right)] : [e];
}

/** Values a pattern allows for a field when it lists them with `=`; undefined when unrestricted. */
export function allowedValues(pattern: FilterPattern, field: string): string[] | undefined {
  if (pattern.type === 'delimited') {
    const el = pattern.elements.find((x) => x.kind === 'field' && x.name === field);
    return el && el.kind === 'field' && el.condition ? orEquals(el.condition) : undefined;
  }
  if (pattern.type === 'json') {
    for (const c of jsonConjuncts(pattern.expression)) {
      const v = jsonOrEquals(c, `$.${field}`);
      if (v) return v;
    }
  }
  return undefined;
}

const SUBJECT_DIMENSIONS = new Set<string>(Object.values(SOURCES).map((s) => s.subjectDimension));

export function countCustomMetrics(resources: readonly CfnResource[], reg: SubjectRegistry): CustomMetricsResult {
  const series = new Map<string, MetricSeries>();
  const filters: FilterCoverage[] = [];
  const notes: string[] = [];
  for (const f of resources.filter((r) => r.type === 'AWS::Logs::MetricFilter')) {
    const logGroup = typeof f.props.LogGroupName === 'string' ? f.props.LogGroupName : undefined;
    const inGroup = logGroup ? reg.subjectsOfLogGroup(f.region, logGroup) : [];
    const pattern = parseFilterPattern(String(f.props.FilterPattern ?? ''));
    const covered = new Set<string>();
    for (const t of (f.props.MetricTransformations ?? []) as any[]) {
      // Dimension name -> the values it takes.
      const dims: [string, string[], boolean][] = [];
      for (const d of (t.Dimensions ?? []) as { Key: string; Value: string }[]) {
        if (!d.Value.startsWith('$')) {
          dims.push([d.Key, [d.Value], false]);
          continue;
        }
        const field = d.Value.replace(/^\$\.?/, '');
        const isSubject = SUBJECT_DIMENSIONS.has(d.Key);
        let values = allowedValues(pattern, field);
        if (!values && isSubject) values = inGroup.map((s) => s.id);
        if (!values) {
          notes.push(`${f.stack}/${f.logicalId}: dimension ${d.Key} takes any value of ${field}; counted as 1 series per other dimension value`);
          values = ['*'];
        }
        dims.push([d.Key, [...new Set(values)], isSubject]);
      }
      let combos: { key: string; subject?: string }[] = [{ key: `${f.region}|${t.MetricNamespace}|${t.MetricName}` }];
      for (const [name, values, isSubject] of dims.sort((a, b) => a[0].localeCompare(b[0]))) {
        combos = combos.flatMap((c) =>
          values.map((v) => ({ key: `${c.key}|${name}=${v}`, subject: isSubject ? (reg.keyOfId(v) ?? c.subject) : c.subject })),
        );
      }
      for (const c of combos) {
        series.set(c.key, { key: c.key, subject: c.subject });
        if (c.subject) covered.add(c.subject);
      }
    }
    filters.push({ filter: f, subjects: [...covered] });
  }

  // Metrics Lambdas publish with PutMetricData, found through the alarms that watch them.
  const licenseIds = new Set<string>();
  for (const a of resources.filter((r) => r.type === 'AWS::CloudWatch::Alarm')) {
    if (a.props.Namespace !== LICENSE_NAMESPACE) continue;
    const dim = ((a.props.Dimensions ?? []) as { Name: string; Value: unknown }[]).find((d) => d.Name === LICENSE_DIMENSION);
    if (typeof dim?.Value === 'string') licenseIds.add(`${a.region}|${dim.Value}`);
  }
  for (const lr of licenseIds) {
    const [region, id] = lr.split('|');
    for (const name of Object.values(LICENSE_METRICS)) {
      const key = `${region}|${LICENSE_NAMESPACE}|${name}|${LICENSE_DIMENSION}=${id}`;
      series.set(key, { key, subject: reg.keyOfId(id) });
    }
  }
  // The DNS prober's metrics (all in the primary region): CheckFailed per check and vantage, and
  // TargetFailed per check, vantage and server asked (a zoneId adds Route 53's delegation set).
  const home = deploymentRegions(reg.config).primary;
  for (const c of reg.config.dnsChecks) {
    const subject = reg.keyForContext(c.name, c.name, 'dns-check', home);
    const targets = c.servers.length + (c.zoneId ? ROUTE53.delegationSetSize : 0) || 1;
    for (const v of c.regions) {
      const base = `${home}|${DNS_CHECK_NAMESPACE}`;
      series.set(`${base}|${DNS_CHECK_METRICS.failed}|Check=${c.name}|Vantage=${v}`, { key: `${base}|${DNS_CHECK_METRICS.failed}|Check=${c.name}|Vantage=${v}`, subject });
      for (let t = 0; t < targets; t++) {
        const key = `${base}|${DNS_CHECK_METRICS.targetFailed}|Check=${c.name}|Target=${t}|Vantage=${v}`;
        series.set(key, { key, subject });
      }
    }
  }
  // Each prober whose checks read hosted zones: ChecksSkipped per vantage, every run (its alarm's metric).
  for (const { region: vantage } of zoneReadsByRegion(reg.config)) {
    const key = `${home}|${DNS_CHECK_NAMESPACE}|${DNS_CHECK_METRICS.skipped}|Vantage=${vantage}`;
    const prober = dnsProberSubject(reg.config.prefix, vantage);
    series.set(key, { key, subject: reg.keyForContext(prober.subjectId, prober.subject, 'count', home) });
  }
  // The registration watcher's metrics (us-east-1): DaysToExpiry and AutoRenew per domain, whether
  // or not the domain has an auto-renew alarm.
  for (const d of reg.config.registeredDomains) {
    const subject = reg.keyOfId(d.name);
    for (const name of Object.values(DOMAIN_REGISTRATION_METRICS)) {
      const key = `${ROUTE53_DOMAINS.region}|${DOMAIN_REGISTRATION_NAMESPACE}|${name}|${DOMAIN_DIMENSION}=${d.name}`;
      series.set(key, { key, subject });
    }
  }
  return { series, filters, notes };
}
