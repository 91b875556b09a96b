/**
 * A run's deadlines (probe.ts: the run must publish before the function's timeout; zone-servers.ts:
 * the Route 53 reads must end in their budget): a promise that settles as LATE at the deadline, for
 * racing the work against it.
 */

export const LATE = Symbol('late');

/** Settles as LATE at `deadline` (epoch ms; at once when past), calling `onLate` first; `clear` stops it. */
export function lateAt(deadline: number, onLate?: () => void): { readonly late: Promise<typeof LATE>; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => {
      onLate?.();
      resolve(LATE);
    }, Math.max(0, deadline - Date.now()));
  });
  return { late, clear: () => clearTimeout(timer) };
}
