/**
 * Extended DNS Errors (RFC 8914): why a server answered as it did, in an EDNS option of the answer
 * (option code 15: a 16-bit INFO-CODE, then EXTRA-TEXT in UTF-8). Resolvers send them with
 * SERVFAIL (a DNSSEC failure: which one), with a stale answer, or with a refusal. A failing check
 * gives them in its reason, so whoever is paged sees the resolver's own diagnosis.
 */
import type * as dnsPacket from 'dns-packet';

/** EDNS option code of an Extended DNS Error (RFC 8914, 2; IANA "DNS EDNS0 Option Codes (OPT)"). */
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

/** The most of a server's EXTRA-TEXT a reason repeats: it is the server's text, not ours. */
export const MAX_EXTRA_TEXT = 200;

export interface ExtendedError {
  readonly code: number;
  /** The server's EXTRA-TEXT, printable characters only, at most MAX_EXTRA_TEXT of them. */
  readonly text: string;
}

/** The Extended DNS Errors an answer's OPT record carries (none when it has no OPT). */
export function extendedErrors(opt: dnsPacket.Answer | undefined): ExtendedError[] {
  const options = (opt as { options?: { code: number; data?: Buffer }[] } | undefined)?.options ?? [];
  return options
    .filter((o) => o.code === EDE_OPTION_CODE && o.data && o.data.length >= 2)
    .map((o) => {
      // Control characters out (the text goes into alerts and logs); a trailing NUL is common.
      const text = o.data!.subarray(2).toString('utf8').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
      return { code: o.data!.readUInt16BE(0), text: text.length > MAX_EXTRA_TEXT ? `${text.slice(0, MAX_EXTRA_TEXT - 1)}…` : text };
    });
}

/** `Extended DNS Error 7 (Signature Expired): <text>` */
export function extendedErrorText(e: ExtendedError): string {
  const name = INFO_CODES[e.code];
  return `Extended DNS Error ${e.code}${name ? ` (${name})` : ''}${e.text ? `: ${e.text}` : ''}`;
}
