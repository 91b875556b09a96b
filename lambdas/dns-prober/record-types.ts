/**
 * Record types dns-packet 5.6 has no name for: it writes and reads them as `UNKNOWN_<number>` (and
 * `HTTPS` as type 0, which no server holds). The prober keeps dns-packet's names inside (signatures
 * and NSEC type lists are encoded with them) and uses these at its edges: the type asked, the
 * answers taken, and the words of a reason. Numbers: IANA "Resource Record (RR) TYPEs" (RFC 9460 14.1).
 */
import type * as dnsPacket from 'dns-packet';

const UNNAMED: Readonly<Record<string, number>> = { SVCB: 64, HTTPS: 65 };

/** The name dns-packet knows a type by (HTTPS: UNKNOWN_65). */
export const wireType = (type: string): dnsPacket.RecordType => (type in UNNAMED ? `UNKNOWN_${UNNAMED[type]}` : type) as dnsPacket.RecordType;

/** A type's name as people write it (UNKNOWN_65: HTTPS). */
export const typeText = (type: string): string => Object.keys(UNNAMED).find((name) => type === `UNKNOWN_${UNNAMED[name]}`) ?? type;
