/**
 * The order jest starts test files in: the slowest first, then jest's own order (files that failed
 * last time, then by the durations it remembers, then the largest). A fresh clone has no remembered
 * durations, so jest went by file size and started test/config/config-changes.test.ts, a small file
 * that ran for 4-6 minutes (2-3 since 2026-12-07: docs/benchmarks.md), among the last: the run then
 * ended with one worker busy on it and the other idle (fresh-clone run at 4b75ec6: 25 min 44 s, the fuzz test last). The list is the fresh
 * clone's slowest files, longest first: every file that took 20 s or more in the fresh-clone run at
 * 35a32a8 (before, the twelve slowest of an earlier run, so a 20-60 s file could start among the
 * last); test/support/test-sequencer.test.ts checks that each exists.
 */
const Sequencer = require('@jest/test-sequencer').default;

const SLOWEST_FIRST = [
  'test/config/config-changes.test.ts',
  'test/dns-checks/zone-servers.test.ts',
  'test/doctor/drift.test.ts',
  'test/library/packed.test.ts',
  'test/plan/event-rules.test.ts',
  'test/dns-checks/detail-alerts.test.ts',
  'test/dns-checks/server-names.test.ts',
  'test/stacks/cli.test.ts',
  'test/doctor/at-scale.test.ts',
  'test/replay/from-account.test.ts',
  'test/replay/replay.test.ts',
  'test/stacks/quality-gates.test.ts',
  'test/plan/scale-and-cli.test.ts',
  'test/doctor/slack-alarms.test.ts',
  'test/doctor/doctor.test.ts',
  'test/doctor/zones.test.ts',
  'test/stacks/large-fleet.test.ts',
  'test/doctor/refused-calls.test.ts',
  'test/stacks/placement.test.ts',
  'test/replay/aws-cli-output.test.ts',
  'test/stacks/cross-stack-exports.test.ts',
  'test/dns-checks/prober-limits.test.ts',
  'test/replay/from-account-throttling.test.ts',
  'test/support/guard-sampling.test.ts',
  'test/slack-notifier/intake-queue.test.ts',
  'test/delivery/delivery-paths.test.ts',
  'test/dns-checks/zone-store.test.ts',
  'test/replay/traffic-drop.test.ts',
  'test/doctor/test-alert-slack.test.ts',
  'test/license/quality.test.ts',
];

/** Where `file` (a path ending in one of SLOWEST_FIRST) stands: its place in the list, or after all of it. */
const rank = (file) => {
  const i = SLOWEST_FIRST.findIndex((f) => file.split('\\').join('/').endsWith(`/${f}`));
  return i < 0 ? SLOWEST_FIRST.length : i;
};

class SlowestFirst extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    // Array.prototype.sort is stable: the files not listed keep jest's order.
    return [...ordered].sort((a, b) => rank(a.path) - rank(b.path));
  }
}

module.exports = SlowestFirst;
module.exports.SLOWEST_FIRST = SLOWEST_FIRST;
module.exports.rank = rank;
