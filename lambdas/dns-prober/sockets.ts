/**
 * How many sockets the prober holds open at once. A run asks every server of every due check in
 * parallel, several queries each (the answer, the zone's SOA, NS, DNSKEY, the parent's NS and DS),
 * and every query holds a socket (UDP, then TCP after a truncated answer). The largest schedule
 * input (64 KB: about 136 checks of 8 servers, or 240 of a zone's 4) would need more than a Lambda
 * function's 1,024 file descriptors, and every query past them fails with EMFILE, failing its
 * check. Queries and lookups wait for one of three quarters of them instead (768), leaving the rest
 * to the runtime and the AWS SDK's connections. Three quarters, not fewer: a run whose servers all
 * time out takes (queries / slots) × timeout, and must publish within the function's timeout
 * (probe.ts `runDeadline` fails what is still waiting then).
 */
import { LAMBDA_RUNTIME } from '../../contracts/lambda-limits';

/** Runs at most `size` tasks at once; the others wait in the order they came. */
export class Slots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.busy >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    else this.busy++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.busy--;
    }
  }
}

export const MAX_SOCKETS_IN_FLIGHT = (LAMBDA_RUNTIME.fileDescriptors * 3) / 4;

/** Every DNS query and lookup of the prober (and of `dns-monitor check`, which runs the same code). */
export const socketSlots = new Slots(MAX_SOCKETS_IN_FLIGHT);
