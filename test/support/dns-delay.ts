/**
 * A slow path to a real DNS server: a UDP relay on 127.0.0.1 that holds each query `delayMs`
 * before passing it to the server, and passes the server's answer back. What a distant or
 * overloaded name server looks like to a check.
 */
import * as dgram from 'node:dgram';
import { parseServer } from '../../contracts/dns-check';

export interface DelayRelay {
  /** `127.0.0.1:<port>` */
  readonly address: string;
  close(): Promise<void>;
}

export async function startDelayRelay(server: string, delayMs: number): Promise<DelayRelay> {
  const { host, port } = parseServer(server);
  const front = dgram.createSocket('udp4');
  const timers = new Set<NodeJS.Timeout>();
  front.on('message', (msg, client) => {
    const t = setTimeout(() => {
      timers.delete(t);
      const back = dgram.createSocket('udp4');
      back.on('message', (answer) => {
        front.send(answer, client.port, client.address);
        back.close();
      });
      back.send(msg, port, host);
    }, delayMs);
    timers.add(t);
  });
  await new Promise<void>((r) => front.bind(0, '127.0.0.1', () => r()));
  return {
    address: `127.0.0.1:${front.address().port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const t of timers) clearTimeout(t);
        front.close(() => r());
      }),
  };
}
