/** Resolves `license.offlineToken` at synth time: the token itself, or a path to a file holding it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';

const fail = (message: string): never => {
  throw new ConfigError([{ path: 'license.offlineToken', message }]);
};

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Largest token accepted (it travels in the schedule input and the custom resource properties). */
export const MAX_OFFLINE_TOKEN_CHARS = 16_384;

/**
 * Returns the compact JWS. A value that is a compact JWS is used as is; anything else is read as a
 * file path (relative paths from `baseDir`). Throws an error that says what is wrong and how to fix it.
 */
export function resolveOfflineToken(value: string, baseDir = process.cwd()): string {
  const trimmed = value.trim();
  let token = trimmed;
  if (!COMPACT_JWS.test(trimmed)) {
    const file = path.resolve(baseDir, trimmed);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) fail(`file ${file} not found — give the path to the signed token file Codreum sent you, or paste the token itself`);
    // Never read a device, FIFO or huge file: only a regular file of token size.
    if (!stat!.isFile()) fail(`${trimmed} is not a regular file — give the path to the signed token file Codreum sent you`);
    if (stat!.size > MAX_OFFLINE_TOKEN_CHARS + 1024) fail(`${file} is ${stat!.size} bytes, too large for a token (limit ${MAX_OFFLINE_TOKEN_CHARS} characters) — use the file exactly as Codreum sent it`);
    token = fs.readFileSync(file, 'utf8').trim();
    if (!COMPACT_JWS.test(token)) fail(`${file} does not hold a signed token (three base64url parts joined by dots) — use the file exactly as Codreum sent it`);
  }
  if (token.length > MAX_OFFLINE_TOKEN_CHARS) {
    fail(`token is ${token.length} characters (limit ${MAX_OFFLINE_TOKEN_CHARS}) — ask Codreum for a token without extra claims`);
  }
  return token;
}
