/**
 * `maintenanceWindows`: planned times when the alarms of some zones, VPCs, DNS checks, health
 * checks and Resolver endpoints notify nobody. Each window becomes CloudWatch alarm mute rules (lib/constructs/maintenance-mutes.ts);
 * the alarms keep evaluating, and one still in ALARM when the window ends notifies then. The
 * schedule, duration and time-zone rules are AWS's (MUTE_RULES in lib/aws-facts.ts); they are
 * checked here so a bad window fails before anything is deployed.
 */
import { z } from 'zod';
import { MUTE_RULES } from '../aws-facts';
import type { ConfigIssue } from './errors';
import { localToUtc, parseMuteSchedule, SCHEDULE_EXAMPLE as EXAMPLE, scheduleOpenings, scheduleProblem } from './mute-schedule';
import { canonicalName } from './domain-names';

const WINDOW_NAME = /^[a-z][a-z0-9-]{0,31}$/;
/** What a window can name, by id or readable name (a check's id is its name). */
interface Target {
  readonly id: string;
  readonly name: string;
}

/** `90m`, `2h`, `1d12h` or ISO 8601 (`PT2H`, `P1DT12H`) -> minutes; undefined when unreadable. */
export function durationMinutes(text: string): number | undefined {
  const short = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/i.exec(text);
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(text);
  const m = text.length > 0 && text.toUpperCase() !== 'P' && !/T$/i.test(text) ? short ?? iso : null;
  if (!m || m.slice(1).every((x) => x === undefined)) return undefined;
  const [d, h, mi] = m.slice(1).map((x) => Number(x ?? 0));
  return d * 1440 + h * 60 + mi;
}

/** Minutes -> the ISO 8601 duration CloudWatch takes, e.g. 150 -> PT2H30M, 2160 -> P1DT12H. */
export function isoDuration(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}`;
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

/** Minutes -> the short form the config takes, e.g. 90 -> 1h30m, 2160 -> 1d12h. */
export function shortDuration(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return `${d ? `${d}d` : ''}${h ? `${h}h` : ''}${m ? `${m}m` : ''}` || '0m';
}

/**
 * When a window opens and for how long, e.g. `cron(0 2 * * SUN) for 2h, Europe/Berlin` (doctor,
 * dashboards); `schedule` formats the expression (a dashboard sets it in code).
 */
export function windowWhen(w: Pick<ResolvedMaintenanceWindow, 'schedule' | 'durationMinutes' | 'timezone'>, schedule: (s: string) => string = (s) => s): string {
  return `${schedule(w.schedule)} for ${shortDuration(w.durationMinutes)}, ${w.timezone ?? 'UTC'}`;
}

/** An IANA time-zone name this machine's ICU knows (CloudWatch takes "standard timezone identifiers"). */
function knownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(tz);
  } catch {
    return false;
  }
}

const targetList = (what: string) =>
  z
    .array(z.string({ error: `must be text — ${what}` }).min(1, `is empty — ${what}`), { error: `must be a list — ${what}` })
    .min(1, `is an empty list — leave the key out, or ${what}`);

export const maintenanceWindowSchema = z.strictObject({
  name: z
    .string({ error: 'is required — a short name for the window, e.g. weekly-patching' })
    .regex(WINDOW_NAME, 'must be 1-32 lowercase letters, digits and hyphens, starting with a letter — e.g. weekly-patching'),
  schedule: z
    .string({ error: `is required — when the window opens, ${EXAMPLE}` })
    .superRefine((v, ctx) => {
      const problem = scheduleProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  duration: z
    .string({ error: "is required — how long the window stays open, e.g. '2h', '90m', '1d12h' or PT2H" })
    .superRefine((v, ctx) => {
      const m = durationMinutes(v);
      if (m === undefined) ctx.addIssue({ code: 'custom', message: "is not a duration — write e.g. '2h', '90m', '1d12h' or ISO 8601 PT2H" });
      else if (m < MUTE_RULES.minDurationMinutes || m > MUTE_RULES.maxDurationMinutes) {
        ctx.addIssue({ code: 'custom', message: `is ${m} minutes — CloudWatch mute rules last 1 minute to 15 days` });
      }
    }),
  timezone: z
    .string()
    .refine(knownTimeZone, "is not a time-zone name — use an IANA name such as 'Europe/Berlin' or 'America/New_York' (default UTC)")
    .optional(),
  reason: z.string().max(300, 'is longer than 300 characters — keep it to a line (it becomes the mute rule description)').optional(),
  zones: targetList('list hosted zones by zoneName or zoneId, as in hostedZones').optional(),
  vpcs: targetList('list VPCs by name or vpcId, as in resolverVpcs').optional(),
  dnsChecks: targetList('list DNS checks by name, as in dnsChecks').optional(),
  healthChecks: targetList('list health checks by name, as in healthChecks').optional(),
  resolverEndpoints: targetList('list Resolver endpoints by name or endpointId, as in resolverEndpoints').optional(),
});

export const maintenanceWindowsSchema = z.array(maintenanceWindowSchema, { error: 'must be a list of windows — see docs/configuration.md, maintenanceWindows' });

export type MaintenanceWindowConfig = z.output<typeof maintenanceWindowSchema>;

/** A window, checked and defaulted: what the mute rules are built from. */
export interface ResolvedMaintenanceWindow {
  readonly name: string;
  /** CloudWatch's expression, as written. */
  readonly schedule: string;
  /** ISO 8601 (CloudWatch's form), e.g. PT2H. */
  readonly duration: string;
  readonly durationMinutes: number;
  /** IANA name; undefined = UTC (CloudWatch's default). */
  readonly timezone?: string;
  readonly reason?: string;
  /** Share of the time a recurring window is open (mutedShare); 0 for a one-time window. */
  readonly openShare: number;
  /** Where it is in the config file, e.g. `maintenanceWindows[0]`. */
  readonly configPath: string;
  /** Hosted zone ids and VPC ids of the subjects it mutes. */
  readonly zoneIds: ReadonlySet<string>;
  readonly vpcIds: ReadonlySet<string>;
  /** Names of the DNS checks it mutes. */
  readonly dnsChecks: ReadonlySet<string>;
  /** Names of the health checks it mutes. */
  readonly healthChecks: ReadonlySet<string>;
  /** Ids of the Resolver endpoints it mutes. */
  readonly endpointIds: ReadonlySet<string>;
}

/**
 * Resolves every window's targets against the config's zones, VPCs, checks and endpoints (a zone
 * name that two hosted zones share names both). Unknown targets, duplicate names, windows that mute
 * nothing and windows that never close are issues with their path.
 */
export function resolveMaintenanceWindows(
  windows: readonly MaintenanceWindowConfig[],
  subjects: {
    readonly hostedZones: readonly Target[];
    readonly resolverVpcs: readonly Target[];
    readonly dnsChecks: readonly { readonly name: string }[];
    /** Checks with `deploy: false`: they have no alarm to mute. */
    readonly localDnsChecks?: readonly { readonly name: string }[];
    readonly healthChecks: readonly { readonly name: string }[];
    readonly resolverEndpoints: readonly { readonly endpointId: string; readonly name: string }[];
  },
  issues: ConfigIssue[],
): ResolvedMaintenanceWindow[] {
  const seen = new Map<string, string>();
  return windows.map((w, i) => {
    const path = `maintenanceWindows[${i}]`;
    const first = seen.get(w.name);
    if (first) issues.push({ path: `${path}.name`, message: `duplicate window name '${w.name}' (already used at ${first}) — names appear in the mute rule names and must be unique` });
    else seen.set(w.name, `${path}.name`);
    if (!w.zones && !w.vpcs && !w.dnsChecks && !w.healthChecks && !w.resolverEndpoints) {
      issues.push({ path, message: 'mutes nothing — list what it mutes under zones, vpcs, dnsChecks, healthChecks and/or resolverEndpoints' });
    }
    // Each list names subjects by id or readable name; an unknown one is an issue at its index.
    const pick = (key: string, list: readonly string[] | undefined, candidates: readonly Target[], match: (s: Target, v: string) => boolean, what: string, hint: string) => {
      const ids = new Set<string>();
      (list ?? []).forEach((v, j) => {
        const hits = candidates.filter((s) => match(s, v));
        if (hits.length === 0) issues.push({ path: `${path}.${key}[${j}]`, message: `'${v}' is not ${what} of this config — use ${hint}` });
        for (const s of hits) ids.add(s.id);
      });
      return ids;
    };
    const byIdOrName = (s: Target, v: string) => s.id === v || s.name === v;
    const sameName = (a: string, b: string) => canonicalName(a) === canonicalName(b);
    const byName = (list: readonly { readonly name: string }[]) => list.map((c) => ({ id: c.name, name: c.name }));
    const zoneIds = pick('zones', w.zones, subjects.hostedZones, (s, v) => s.id === v || sameName(s.name, v), 'a hosted zone', 'a zoneName or zoneId from hostedZones');
    const vpcIds = pick('vpcs', w.vpcs, subjects.resolverVpcs, byIdOrName, 'a VPC', 'a name or vpcId from resolverVpcs');
    const local = new Set((subjects.localDnsChecks ?? []).map((c) => c.name));
    (w.dnsChecks ?? []).forEach((v, j) => {
      if (local.has(v)) issues.push({ path: `${path}.dnsChecks[${j}]`, message: `'${v}' is a DNS check with deploy: false, which has no alarm to mute — remove it from this window` });
    });
    // A local-only name is found (so it is not also reported unknown), then left out: it mutes nothing.
    const checks = pick('dnsChecks', w.dnsChecks, byName([...subjects.dnsChecks, ...(subjects.localDnsChecks ?? [])]), byIdOrName, 'a DNS check', 'a name from dnsChecks');
    for (const name of local) checks.delete(name);
    const healthChecks = pick('healthChecks', w.healthChecks, byName(subjects.healthChecks), byIdOrName, 'a health check', 'a name from healthChecks');
    const endpoints = subjects.resolverEndpoints.map((e) => ({ id: e.endpointId, name: e.name }));
    const endpointIds = pick('resolverEndpoints', w.resolverEndpoints, endpoints, byIdOrName, 'a Resolver endpoint', 'a name or endpointId from resolverEndpoints');
    const minutes = durationMinutes(w.duration) ?? 0;
    const openShare = mutedShare({ schedule: w.schedule, durationMinutes: minutes, timezone: w.timezone });
    const gap = shortestGapMinutes({ schedule: w.schedule, timezone: w.timezone });
    if (openShare >= 1) {
      issues.push({
        path: `${path}.duration`,
        message: `keeps the window open all the time: ${w.schedule} opens it again before ${w.duration} are over, so its alarms would never notify — shorten the duration or open it less often`,
      });
    } else if (gap !== undefined && minutes > gap) {
      // AWS documents a rule's states (SCHEDULED, ACTIVE, EXPIRED), not an opening that comes
      // while the rule is ACTIVE: it may extend the window or be skipped.
      issues.push({
        path: `${path}.duration`,
        message: `is longer than the ${shortDuration(gap)} between two openings of ${w.schedule}, so the window opens again while still open, and CloudWatch does not document what that does to a mute rule — make the duration at most ${shortDuration(gap)}, or open it less often`,
      });
    }
    return {
      name: w.name,
      schedule: w.schedule,
      duration: isoDuration(minutes),
      durationMinutes: minutes,
      timezone: w.timezone,
      reason: w.reason,
      openShare,
      configPath: path,
      zoneIds,
      vpcIds,
      dnsChecks: checks,
      healthChecks,
      endpointIds,
    };
  });
}

/** When the window open at `now` (UTC milliseconds) closes; undefined when none of its occurrences is open then. */
export function openWindowUntil(w: Pick<ResolvedMaintenanceWindow, 'schedule' | 'durationMinutes' | 'timezone'>, now: number): number | undefined {
  const s = parseMuteSchedule(w.schedule);
  if (typeof s === 'string') return undefined;
  const length = w.durationMinutes * 60_000;
  const ends = scheduleOpenings(s, w.timezone ?? 'UTC', now - length, now).map((open) => open + length).filter((end) => end > now);
  return ends.length > 0 ? Math.max(...ends) : undefined;
}

/** When a one-time (`at(...)`) window closes, as a UTC instant; undefined for a recurring one. */
export function oneTimeWindowEnd(w: Pick<ResolvedMaintenanceWindow, 'schedule' | 'durationMinutes' | 'timezone'>): Date | undefined {
  const s = parseMuteSchedule(w.schedule);
  if (typeof s === 'string' || s.kind !== 'at') return undefined;
  return new Date(localToUtc(w.timezone ?? 'UTC', s.year, s.month, s.day, s.hour, s.minute) + w.durationMinutes * 60_000);
}

export const ENDED_WINDOW_WARNING = '@codreum/dns-monitor:maintenance-window-ended';

/** The synthesis warning for a one-time window that has closed by `now`, or undefined. */
export function endedWindowMessage(w: ResolvedMaintenanceWindow, now: Date): string | undefined {
  const end = oneTimeWindowEnd(w);
  if (!end || end.getTime() > now.getTime()) return undefined;
  return `maintenance window ${w.name} (${w.configPath}) ran once, ${w.schedule} for ${shortDuration(w.durationMinutes)}, and closed at ${end.toISOString()}: it mutes nothing any more — remove it from the config (CloudWatch does not say whether it accepts a change to a rule whose at() lies in the past)`;
}

/** The sample of `mutedShare`: 8 weeks from Monday 4 January 2027 (UTC). */
const SAMPLE = { from: Date.UTC(2027, 0, 4), to: Date.UTC(2027, 2, 1) };

/** Openings of a recurring window from `fromMs` to the end of the sample; undefined for a one-time or unreadable one. */
function sampleOpenings(w: Pick<ResolvedMaintenanceWindow, 'schedule' | 'timezone'>, fromMs: number): number[] | undefined {
  const s = parseMuteSchedule(w.schedule);
  return typeof s === 'string' || s.kind !== 'cron' ? undefined : scheduleOpenings(s, w.timezone ?? 'UTC', fromMs, SAMPLE.to);
}

/**
 * Share (0 to 1) of a sample 8 weeks in which a recurring window is open, i.e. its alarms notify
 * nobody; 0 for a one-time window.
 */
export function mutedShare(w: Pick<ResolvedMaintenanceWindow, 'schedule' | 'durationMinutes' | 'timezone'>): number {
  const length = w.durationMinutes * 60_000;
  const opens = length > 0 ? sampleOpenings(w, SAMPLE.from - length) : undefined;
  if (!opens) return 0;
  let covered = 0;
  let reach = SAMPLE.from;
  for (const open of opens) {
    const [a, b] = [Math.max(open, reach), Math.min(open + length, SAMPLE.to)];
    if (b > a) covered += b - a;
    reach = Math.max(reach, open + length);
  }
  return covered / (SAMPLE.to - SAMPLE.from);
}

/** The shortest time between two openings of a recurring window in the sample, in minutes; undefined for a one-time window. */
export function shortestGapMinutes(w: Pick<ResolvedMaintenanceWindow, 'schedule' | 'timezone'>): number | undefined {
  const opens = sampleOpenings(w, SAMPLE.from) ?? [];
  let gap: number | undefined;
  for (let i = 1; i < opens.length; i++) gap = Math.min(gap ?? Infinity, (opens[i] - opens[i - 1]) / 60_000);
  return gap;
}

export const MOSTLY_MUTED_WARNING = '@codreum/dns-monitor:maintenance-window-mostly-open';

/** The synthesis warning for a recurring window open more than half the time, or undefined. */
export function mostlyMutedMessage(w: ResolvedMaintenanceWindow): string | undefined {
  if (w.openShare <= 0.5) return undefined;
  return `maintenance window ${w.name} (${w.configPath}) is open ${Math.round(w.openShare * 100)} % of the time (${w.schedule} for ${shortDuration(w.durationMinutes)}): the alarms it names notify nobody most of the time — check the schedule and duration`;
}

/** How many subjects of each kind a window mutes (plan and doctor show them). */
export interface WindowTargets {
  readonly zones: number;
  readonly vpcs: number;
  readonly dnsChecks: number;
  readonly healthChecks: number;
  readonly resolverEndpoints: number;
}

export function windowTargets(w: ResolvedMaintenanceWindow): WindowTargets {
  return { zones: w.zoneIds.size, vpcs: w.vpcIds.size, dnsChecks: w.dnsChecks.size, healthChecks: w.healthChecks.size, resolverEndpoints: w.endpointIds.size };
}

/** e.g. `2 zone(s), 1 VPC(s), 1 DNS check(s)`: the kinds a window mutes, in a fixed order. */
export function targetsSummary(t: WindowTargets): string {
  const labels: [keyof WindowTargets, string][] = [
    ['zones', 'zone(s)'],
    ['vpcs', 'VPC(s)'],
    ['dnsChecks', 'DNS check(s)'],
    ['healthChecks', 'health check(s)'],
    ['resolverEndpoints', 'Resolver endpoint(s)'],
  ];
  return labels
    .filter(([k]) => t[k] > 0)
    .map(([k, label]) => `${t[k]} ${label}`)
    .join(', ');
}
