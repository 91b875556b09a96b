/** Resolves `license.offlineToken` at synth time: the token itself, or a path to a file holding it. */
import * as fs from 'node:fs';
import * as path from 'node:path';

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
    if (!fs.existsSync(file)) {
      throw new Error(`license.offlineToken: file ${file} not found — give the path to the signed token file Codreum sent you, or paste the token itself`);
    }
    token = fs.readFileSync(file, 'utf8').trim();
    if (!COMPACT_JWS.test(token)) {
      throw new Error(`license.offlineToken: ${file} does not hold a signed token (three base64url parts joined by dots) — use the file exactly as Codreum sent it`);
    }
  }
  if (token.length > MAX_OFFLINE_TOKEN_CHARS) {
    throw new Error(`license.offlineToken: token is ${token.length} characters (limit ${MAX_OFFLINE_TOKEN_CHARS}) — ask Codreum for a token without extra claims`);
  }
  return token;
}
