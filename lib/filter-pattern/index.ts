/**
 * CloudWatch Logs filter-pattern parser and matcher (metric filters, subscription filters,
 * FilterLogEvents). Follows "Filter pattern syntax for metric filters, subscription filters,
 * filter log events, and Live Tail" in the CloudWatch Logs User Guide; see docs/filter-patterns.md.
 */
export { FilterPatternSyntaxError } from './errors';
export { parseFilterPattern, MAX_FILTER_PATTERN_LENGTH } from './parse';
export { matchFilterPattern, extractFields } from './match';
export { tokenizeLine, type LineToken } from './line-tokens';
export { matchDelimitedTokens } from './match-delimited';
export type * from './types';
