/**
 * What a server says of itself in the EDNS options of its answer, which a failing check gives in
 * its reason:
 *  - Extended DNS Errors (RFC 8914): why it answered as it did (option code 15: a 16-bit
 *    INFO-CODE, then EXTRA-TEXT in UTF-8). Resolvers send them with SERVFAIL (a DNSSEC failure:
 *    which one), with a stale answer, or with a refusal: whoever is paged sees the resolver's own
 *    diagnosis.
 *  - Its name server identifier (NSID, RFC 5001; option code 3), when the query asks for it: which
 *    instance behind an anycast address answered.
 */
import type * as dnsPacket from 'dns-packet';

/** EDNS option codes (IANA "DNS EDNS0 Option Codes (OPT)"): NSID (RFC 5001, 2.3), Extended DNS Error (RFC 8914, 2). */
export const NSID_OPTION_CODE = 3;
export const EDE_OPTION_CODE = 15;

/**
 * INFO-CODE names: RFC 8914, 4.1-4.25 (0-24), and the later entries of IANA's "Extended DNS Error
 * Codes" registry (25-30),
 * https://www.iana.org/assignments/dns-parameters/dns-parameters.xhtml#extended-dns-error-codes.
 * A code not listed is given by number.
 */
const INFO_CODES: readonly string[] = [
  'Other Error',
  'Unsupported DNSKEY Algorithm',
  'Unsupported DS Digest Type',
  'Stale Answer',
  'Forged Answer',
  'DNSSEC Indeterminate',
  'DNSSEC Bogus',
  'Signature Expired',
  'Signature Not Yet Valid',
  'DNSKEY Missing',
  'RRSIGs Missing',
  'No Zone Key Bit Set',
  'NSEC Missing',
  'Cached Error',
  'Not Ready',
  'Blocked',
  'Censored',
  'Filtered',
  'Prohibited',
  'Stale NXDOMAIN Answer',
  'Not Authoritative',
  'Not Supported',
  'No Reachable Authority',
  'Network Error',
  'Invalid Data',
  'Signature Expired before Valid',
  'Too Early',
  'Unsupported NSEC3 Iterations Value',
  'Unable to conform to policy',
  'Synthesized',
  'Invalid Query Type',
];

/** The most of a server's text (EXTRA-TEXT, NSID) a reason repeats: it is the server's, not ours. */
export const MAX_EXTRA_TEXT = 200;

/** A server's text as a reason may hold it: printable characters only (it goes into alerts and logs), cut to MAX_EXTRA_TEXT. */
function printable(bytes: Buffer): string {
  // A trailing NUL is common.
  const text = bytes.toString('utf8').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return text.length > MAX_EXTRA_TEXT ? `${text.slice(0, MAX_EXTRA_TEXT - 1)}…` : text;
}

type Options = { code: number; data?: Buffer }[];
const optionsOf = (opt: dnsPacket.Answer | undefined): Options => (opt as { options?: Options } | undefined)?.options ?? [];

export interface ExtendedError {
  readonly code: number;
  /** The server's EXTRA-TEXT, printable characters only, at most MAX_EXTRA_TEXT of them. */
  readonly text: string;
}

/** The Extended DNS Errors an answer's OPT record carries (none when it has no OPT). */
export function extendedErrors(opt: dnsPacket.Answer | undefined): ExtendedError[] {
  return optionsOf(opt)
    .filter((o) => o.code === EDE_OPTION_CODE && o.data && o.data.length >= 2)
    .map((o) => ({ code: o.data!.readUInt16BE(0), text: printable(o.data!.subarray(2)) }));
}

/**
 * The NSID an answer carries, or undefined. RFC 5001 leaves its bytes to the server: text when
 * they are printable (BIND's `server-id`, Knot's `nsid`), else in hex.
 */
export function serverId(opt: dnsPacket.Answer | undefined): string | undefined {
  const data = optionsOf(opt).find((o) => o.code === NSID_OPTION_CODE)?.data;
  if (!data || data.length === 0) return undefined;
  return /^[\x20-\x7e]+$/.test(data.toString('latin1')) ? printable(data) : `0x${printable(Buffer.from(data.toString('hex')))}`;
}

/** `Extended DNS Error 7 (Signature Expired): <text>` */
export function extendedErrorText(e: ExtendedError): string {
  const name = INFO_CODES[e.code];
  return `Extended DNS Error ${e.code}${name ? ` (${name})` : ''}${e.text ? `: ${e.text}` : ''}`;
}
