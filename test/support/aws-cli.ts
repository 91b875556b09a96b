/**
 * Runs a shell command that calls `aws`, as a user would paste it, with the real AWS CLI of .venv
 * (version 1, pinned in requirements-test.txt) pointed at a moto server on 127.0.0.1. Commands the
 * product prints (doctor's fixes) and commands its docs give are run this way, so a form the CLI
 * refuses, or a payload it changes on the way, fails a test.
 *
 * `lambda invoke` needs a function moto can answer without Docker: `createEchoFunction` switches
 * moto's Lambda to its "simple" backend, which answers every Invoke with the payload it received,
 * so what the CLI sent comes back in the command's output file. Create every function of a moto
 * server with it: moto keeps the functions of its two Lambda backends apart.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MotoServer } from './moto';

const VENV_BIN = path.resolve(__dirname, '..', '..', '.venv', 'bin');
/** A sitecustomize that refuses every name and address but loopback ones. */
const LOOPBACK_ONLY = path.resolve(__dirname, 'python-loopback-only');

/** The CLI's version line (`aws-cli/1.x …`), to say in a failure which CLI refused a command. */
export function awsCliVersion(): string {
  return execFileSync(path.join(VENV_BIN, 'aws'), ['--version'], { encoding: 'utf8' }).trim();
}

async function useLambdaWithoutDocker(moto: MotoServer): Promise<void> {
  const res = await fetch(`${moto.endpoint}/moto-api/config`, { method: 'POST', body: JSON.stringify({ lambda: { use_docker: false } }) });
  if (!res.ok) throw new Error(`moto refused its Lambda config: ${res.status}`);
}

/**
 * A function in moto (us-east-1) that answers every Invoke with the payload it received, with the
 * environment given (what doctor reads of a deployed function). Returns its ARN.
 */
export async function createEchoFunction(moto: MotoServer, name: string, variables: Record<string, string> = {}): Promise<string> {
  await useLambdaWithoutDocker(moto);
  const iam = new IAMClient(moto.clientConfig('us-east-1'));
  const roleName = `${name}-role`;
  const role = (await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: '{}' }))).Role!.Arn!;
  const fn = await new LambdaClient(moto.clientConfig('us-east-1')).send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: Buffer.from('echo') },
      Environment: { Variables: variables },
    }),
  );
  return fn.FunctionArn!;
}

/**
 * Runs `script` with bash, `aws` being the CLI of .venv with moto's endpoint and test credentials
 * (no config or credential file of the machine is read). Returns stdout; a non-zero exit throws
 * with the CLI's stderr.
 */
export function runWithAwsCli(moto: MotoServer, script: string, env: Record<string, string> = {}): string {
  const aws = path.join(VENV_BIN, 'aws');
  if (!fs.existsSync(aws)) throw new Error(`the AWS CLI was not found at ${aws}; run the test command (npm test), which creates .venv`);
  try {
    // Through `| cat`: stdout is then a pipe, as in a terminal's `| jq`. Node gives a child a
    // socket for stdout, and a command writing to /dev/stdout cannot open a socket (ENXIO).
    // `aws` gets --endpoint-url on every call: CLI v1 sets SQS's endpoint in us-east-1 to
    // queue.amazonaws.com itself unless that option is given (awscli/customizations/
    // overridesslcommonname.py), so AWS_ENDPOINT_URL alone would send SQS calls past moto.
    const pointAtMoto = 'aws() { command aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }';
    // From a file, as a pasted or saved script runs: a script given to `bash -c` is one argument,
    // which may be at most 128 KiB on Linux (MAX_ARG_STRLEN, execve(2)), and a printed command can
    // be longer (a dashboard's body in a here-document).
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aws-cli-')), 'script.sh');
    fs.writeFileSync(file, `set -o pipefail\n${pointAtMoto}\n{\n${script}\n} | cat\n`);
    return execFileSync('bash', [file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: `${VENV_BIN}:${process.env.PATH ?? ''}`,
        HOME: process.env.HOME ?? '/tmp',
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
        // Whatever the CLI would fetch elsewhere (version 1 fetches a parameter value that starts
        // with https://) is refused inside its Python before a name is looked up or a connection
        // made: no test reaches past 127.0.0.1.
        PYTHONPATH: LOOPBACK_ONLY,
        // No __pycache__ of it left in the tree.
        PYTHONDONTWRITEBYTECODE: '1',
        ...env,
      },
    });
  } catch (e) {
    const err = e as { status?: number; stderr?: string };
    const shown = script.length > 4000 ? `${script.slice(0, 2000)}\n… (${script.length - 4000} characters left out) …\n${script.slice(-2000)}` : script;
    throw new Error(`${awsCliVersion()} exited ${err.status} on:\n${shown}\n${err.stderr ?? ''}`);
  }
}

/** Every JSON value of `text`, in order (an output file of /dev/stdout is followed by the CLI's own output). */
export function jsonValuesOf(text: string): unknown[] {
  return JSON.parse(execFileSync('jq', ['-cs', '.'], { input: text, encoding: 'utf8' }));
}
