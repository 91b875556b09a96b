/** jest's globalSetup: the run's temporary directory (test/support/tmpdir.ts), inherited by the workers through TMPDIR. */
import { enterRunTmpdir } from './tmpdir';

export default function globalSetup(): void {
  (globalThis as { dnsMonitorRunTmpdir?: string }).dnsMonitorRunTmpdir = enterRunTmpdir();
}
