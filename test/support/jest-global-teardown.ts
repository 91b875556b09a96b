/** jest's globalTeardown: removes the run's temporary directory (globalSetup made it, in this same process). */
import { removeRunTmpdir } from './tmpdir';

export default function globalTeardown(): void {
  const dir = (globalThis as { dnsMonitorRunTmpdir?: string }).dnsMonitorRunTmpdir;
  if (dir) removeRunTmpdir(dir);
}
