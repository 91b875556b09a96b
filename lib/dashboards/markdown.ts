/**
 * Config text in the markdown of dashboard text widgets: escaped, or set as code (config text never
 * reaches a dashboard as markdown it would act on), and the lines that list maintenance windows.
 */
import { windowWhen, type ResolvedMaintenanceWindow } from '../config/maintenance-schema';
import { type Item, SIZE } from './layout';

/** Config text in a text widget's markdown: every character markdown (or its HTML) would act on, escaped. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[|*_\x60[\]\\<>]/g, (c) => `\\${c}`);
}

/**
 * Config text as inline code. Markdown shows a code span's text as written (a backslash stays a
 * backslash), so it is not escaped; text with a backtick, which would end the span, is escaped
 * instead.
 */
export function markdownCode(s: string): string {
  return s.includes('\x60') ? escapeMarkdown(s) : `\x60${s}\x60`;
}

/**
 * What muting windows mean, once for every dashboard that lists them; each line of `lines` is one
 * window. Nothing when there is none.
 */
export function maintenanceMarkdown(lines: readonly string[]): string | undefined {
  if (lines.length === 0) return undefined;
  return [
    '**Maintenance windows** (maintenanceWindows in the config): while one is open, these alarms keep changing state but notify nobody; one still in ALARM when it closes notifies then.',
    ...lines.map((l) => `- ${l}`),
  ].join('\n');
}

/** One window's line: its name, when it opens, for how long, in which time zone, and why. */
export function maintenanceLine(w: Pick<ResolvedMaintenanceWindow, 'name' | 'schedule' | 'durationMinutes' | 'timezone' | 'reason'>): string {
  return `${markdownCode(w.name)}: ${windowWhen(w, markdownCode)}${w.reason ? ` — ${escapeMarkdown(w.reason)}` : ''}`;
}

/** How a window's line names what it mutes, where a dashboard shows more than one subject. */
export interface MutedList<T> {
  /** The name to show; undefined for a subject that has none but its id (counted, not named). */
  readonly nameOf: (s: T) => string | undefined;
  /** What the subjects are, for a line that can name none of them, e.g. `VPC`. */
  readonly noun: string;
  /** Names listed before "and N more". @default MAX_NAMED_MUTED */
  readonly maxNamed?: number;
}

/** Names one window's line lists on a dashboard before "and N more" (a line stays readable at any fleet size). */
export const MAX_NAMED_MUTED = 10;

/**
 * One line per window (in config order) that mutes any of `subjects`; with `list`, the line names
 * the subjects it mutes.
 */
export function windowLines<T>(
  windows: readonly ResolvedMaintenanceWindow[],
  subjects: readonly T[],
  windowsOf: (s: T) => readonly ResolvedMaintenanceWindow[],
  list?: MutedList<T>,
): string[] {
  return windows.flatMap((w) => {
    const muted = subjects.filter((s) => windowsOf(s).includes(w));
    if (muted.length === 0) return [];
    if (!list) return [maintenanceLine(w)];
    const names = muted.map(list.nameOf).filter((n): n is string => n !== undefined);
    const named = names.slice(0, list.maxNamed ?? MAX_NAMED_MUTED).map(escapeMarkdown);
    const more = muted.length > named.length ? ` and ${muted.length - named.length} more` : '';
    return [`${maintenanceLine(w)} (mutes ${named.length > 0 ? `${named.join(', ')}${more}` : `${muted.length} ${list.noun}(s)`})`];
  });
}

/** A full-width text widget listing the windows of `lines`, or nothing when there is none. */
export function maintenanceWidgets(lines: readonly string[]): Item[] {
  const markdown = maintenanceMarkdown(lines);
  return markdown ? [{ type: 'text', width: SIZE.full, height: Math.min(2 + lines.length, 8), properties: { markdown } }] : [];
}
