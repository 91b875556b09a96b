import { domainToASCII } from 'node:url';

/**
 * The syntax of the DNS names a config holds, one rule per kind of name: a label is 1-63 letters,
 * digits, hyphens or underscores, not starting or ending with a hyphen; a name is at most 253
 * characters (a final dot aside). The lengths are DNS's (RFC 1035, 2.3.4).
 */
const MAX_NAME = 253;
const MAX_LABEL = 63;
const LABEL = `(?!-)[A-Za-z0-9_-]{1,${MAX_LABEL}}(?<!-)`;
/** The last label of a zone name: no underscore (top-level domains have none). */
const LAST_ZONE_LABEL = `(?!-)[A-Za-z0-9-]{1,${MAX_LABEL}}(?<!-)`;
const LENGTH = `(?=.{1,${MAX_NAME}}\\.?$)`;

/** A hosted zone's name, e.g. `example.com` or `_internal.example.com`. */
export const ZONE_NAME = new RegExp(`^${LENGTH}(?:${LABEL}\\.)*${LAST_ZONE_LABEL}\\.?$`);

/**
 * A name to query: any label may hold underscores (`_dmarc.example.com`) and `/`, which RFC 2317's
 * classless reverse names use (`5.0/26.2.0.192.in-addr.arpa`; Route 53 takes `/` in a record name).
 */
const QUERY_LABEL = `(?!-)[A-Za-z0-9_/-]{1,${MAX_LABEL}}(?<!-)`;
export const QUERY_NAME = new RegExp(`^${LENGTH}(?:${QUERY_LABEL}\\.)*${QUERY_LABEL}\\.?$`);

/** A record name in a zone: also wildcard labels (`*.example.com`) and `@` for the apex. */
export const RECORD_NAME = new RegExp(`^${LENGTH}(?:(?:\\*|${LABEL})\\.)*${LABEL}\\.?$|^@$`);

/** What is too long in a name, if anything (its ASCII form is what Route 53 stores, so count that). */
function lengthProblem(name: string): string | undefined {
  const bare = name.replace(/\.$/, '');
  if (bare.length > MAX_NAME) return `is ${bare.length} characters long; a DNS name is at most ${MAX_NAME} (a final dot aside)`;
  const label = bare.split('.').find((l) => l.length > MAX_LABEL);
  return label ? `has a label of ${label.length} characters (${label.slice(0, 12)}…); a DNS label is at most ${MAX_LABEL}` : undefined;
}

/**
 * A query name holding the wildcard label: clients never ask for `*` itself, they ask the names a
 * wildcard record answers, so the error says to ask one of those (a check's `query`).
 */
export function wildcardQueryProblem(name: string): string | undefined {
  const labels = name.replace(/\.$/, '').split('.');
  if (!labels.includes('*')) return undefined;
  const covered = ['anything', ...labels.slice(labels.indexOf('*') + 1)].join('.');
  return `holds the wildcard label *: clients ask for the names a wildcard record answers, not for * itself — ask one of those, e.g. ${covered}, to check the wildcard's records as resolvers get them`;
}

/**
 * The error for a name that does not match its pattern. Route 53 stores an internationalized name
 * in its ASCII (punycode) form, so for a name with non-ASCII letters the message gives that form
 * (when it would match). `special` gives a kind of name its own error first (a too-long name aside).
 */
export function nameError(pattern: RegExp, message: string, special?: (name: string) => string | undefined): { error: (issue: { input?: unknown }) => string } {
  return {
    error: (issue) => {
      const v = issue.input;
      const tooLong = typeof v === 'string' ? lengthProblem(v) : undefined;
      if (tooLong) return `${tooLong} — ${message.split(' — ').slice(1).join(' — ') || 'shorten it'}`;
      const own = typeof v === 'string' ? special?.(v) : undefined;
      if (own) return own;
      if (typeof v !== 'string' || !/[^\x00-\x7f]/.test(v)) return message;
      const ascii = v
        .split('.')
        .map((label) => (label === '*' || label === '@' || label === '' ? label : domainToASCII(label)))
        .join('.');
      return pattern.test(ascii) && !/[^\x00-\x7f]/.test(ascii) ? `${message}; Route 53 keeps internationalized names in ASCII: write ${ascii}` : message;
    },
  };
}

/** A DNS name as the product compares names: without the trailing dot, in lower case. */
export const canonicalName = (name: string) => name.replace(/\.$/, '').toLowerCase();
