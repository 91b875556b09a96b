/**
 * Imported first by every script run by hand (`npm run fuzz:config`, the benches): its temporary
 * files go under a directory of its own, removed when it exits, whether it ends, fails or exits
 * early; one left by a run stopped with Ctrl-C is removed by the next run (test/support/tmpdir.ts).
 */
import { enterRunTmpdir, removeRunTmpdir } from '../test/support/tmpdir';

export const runTmpdir = enterRunTmpdir();
process.on('exit', () => removeRunTmpdir(runTmpdir));
