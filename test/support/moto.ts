/**
 * Starts a real moto server (AWS API emulator, from .venv) on 127.0.0.1 for handler tests.
 * Usage in a test file:
 *   let moto: MotoServer;
 *   beforeAll(async () => { moto = await startMoto(); });
 *   afterAll(() => moto.stop());
 *   new DynamoDBClient(moto.clientConfig())
 */
import { spawn, ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { freePort, waitForHttp } from './net';

export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  /** Config for any AWS SDK v3 client: loopback endpoint, dummy credentials. */
  clientConfig(region?: string): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
  /** Wipes all emulated state (moto's reset API). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** The Python of .venv, which has moto (requirements-test.txt). */
function venvPython(): string {
  const local = path.resolve(__dirname, '..', '..', '.venv', 'bin', 'python3');
  if (fs.existsSync(local) && fs.existsSync(path.resolve(__dirname, '..', '..', '.venv', 'bin', 'moto_server'))) return local;
  throw new Error(`moto_server not found in ${path.dirname(local)}. Run the test command (npm test), which creates .venv from requirements-test.txt.`);
}

/** moto_server with hosted zone ids of Route 53's shape (test/support/moto_server.py says why). */
const MOTO_SERVER = path.join(__dirname, 'moto_server.py');

/**
 * `env`: moto's own settings, e.g. `INITIAL_NO_AUTH_ACTION_COUNT` (moto then checks every request
 * after that many against the IAM policies of the caller's access key, and refuses it as AWS would).
 */
export async function startMoto(opts: { env?: Readonly<Record<string, string>> } = {}): Promise<MotoServer> {
  const port = await freePort();
  const proc: ChildProcess = spawn(venvPython(), [MOTO_SERVER, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true', ...opts.env },
  });
  let stderr = '';
  proc.stderr?.on('data', (d) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${endpoint}/moto-api/`, 30_000);
  } catch (e) {
    proc.kill('SIGKILL');
    throw new Error(`moto server did not start: ${(e as Error).message}\n${stderr}`);
  }
  return {
    endpoint,
    port,
    clientConfig: (region = 'us-east-1') => ({
      endpoint,
      region,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    }),
    reset: async () => {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
      }),
  };
}
