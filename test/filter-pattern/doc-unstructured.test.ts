import { extractFields, parseFilterPattern } from '../../lib/filter-pattern';
import { matching } from './helpers';

// CloudWatch Logs User Guide, "Filter pattern syntax for metric filters, subscription filters,
// filter log events, and Live Tail", section "Using filter patterns to match terms in unstructured
// log events". The four events below are the ones the section lists.
const EVENTS = [
  '[ERROR 400] BAD REQUEST',
  '[ERROR 401] UNAUTHORIZED REQUEST',
  '[ERROR 419] MISSING ARGUMENTS',
  '[ERROR 420] INVALID ARGUMENTS',
];

describe('unstructured terms — current guide examples', () => {
  it('"Example: Match a single term": ERROR matches all four events', () => {
    expect(matching('ERROR', EVENTS)).toEqual(EVENTS);
  });

  it('"Example: Match multiple terms": ERROR ARGUMENTS matches only events with both words', () => {
    expect(matching('ERROR ARGUMENTS', EVENTS)).toEqual([EVENTS[2], EVENTS[3]]);
  });

  it('"Example: Match optional terms": ?ERROR ?ARGUMENTS matches events with either word', () => {
    expect(matching('?ERROR ?ARGUMENTS', EVENTS)).toEqual(EVENTS);
    expect(matching('?ARGUMENTS ?UNAUTHORIZED', EVENTS)).toEqual([EVENTS[1], EVENTS[2], EVENTS[3]]);
  });

  it('"?" terms combined with other terms are ignored: ?ERROR ?ARGUMENTS REQUEST', () => {
    const events = ['[INFO] REQUEST FAILED', '[WARN] UNAUTHORIZED REQUEST', '[ERROR] 400 BAD REQUEST', '[ERROR] 500 FAILED'];
    // The guide lists the first three as matches: every event containing REQUEST.
    expect(matching('?ERROR ?ARGUMENTS REQUEST', events)).toEqual(events.slice(0, 3));
  });

  it('"Example: Match exact phrases": "INTERNAL SERVER ERROR"', () => {
    const events = ['[ERROR 500] INTERNAL SERVER ERROR', '[ERROR 500] INTERNAL ERROR SERVER', ...EVENTS];
    expect(matching('"INTERNAL SERVER ERROR"', events)).toEqual([events[0]]);
  });

  it('"Example: Include and exclude terms": ERROR -ARGUMENTS', () => {
    expect(matching('ERROR -ARGUMENTS', EVENTS)).toEqual([EVENTS[0], EVENTS[1]]);
  });

  it('"Example: Match everything": " " (and the empty pattern) match every event', () => {
    const events = [...EVENTS, 'x', ''];
    expect(matching('" "', events)).toEqual(events);
    expect(matching('', events)).toEqual(events);
    expect(matching('   ', events)).toEqual(events);
  });

  it('"Note: Filter patterns are case sensitive"', () => {
    expect(matching('error', EVENTS)).toEqual([]);
    expect(matching('"bad request"', EVENTS)).toEqual([]);
  });
});

// Older revision of the same page ("Filter and Pattern Syntax", section "Matching Terms in Log
// Events" and "OR Pattern Matching"), awsdocs/amazon-cloudwatch-logs-user-guide.
describe('unstructured terms — older guide examples', () => {
  const OLD = ['[ERROR] A fatal exception has occurred', 'Exiting with ERRORCODE: -1'];

  it('"Example 1: Match everything": "" matches all log events', () => {
    expect(matching('""', [...OLD, ''])).toEqual([...OLD, '']);
  });

  it('"Example 2: Single term": ERROR also matches inside ERRORCODE (substring match)', () => {
    expect(matching('ERROR', OLD)).toEqual(OLD);
  });

  it('"Example 3: Include a term and exclude a term": "ERROR" - "Exiting"', () => {
    expect(matching('"ERROR" - "Exiting"', OLD)).toEqual([OLD[0]]);
    expect(matching('"ERROR" -"Exiting"', OLD)).toEqual([OLD[0]]);
  });

  it('"Example 4: Multiple terms"', () => {
    const events = ['[ERROR] Caught IllegalArgumentException', '[ERROR] Unhandled Exception', '[ERROR] Unhandled', 'Exception only'];
    expect(matching('"ERROR" "Exception"', events)).toEqual(events.slice(0, 2));
    expect(matching('ERROR Exception', events)).toEqual(events.slice(0, 2));
    const fails = ['[WARN] Failed to process the request', '[ERROR] Unable to continue: Failed to process the request', '[WARN] Failed'];
    expect(matching('Failed to process the request', fails)).toEqual(fails.slice(0, 2));
  });

  it('"OR Pattern Matching": ERROR, ?ERROR ?WARN, ERROR WARN, ERROR -WARN', () => {
    const events = ['ERROR WARN message', 'ERROR message', 'WARN message'];
    expect(matching('ERROR', events)).toEqual([events[0], events[1]]);
    expect(matching('?ERROR ?WARN', events)).toEqual(events);
    expect(matching('ERROR WARN', events)).toEqual([events[0]]);
    expect(matching('ERROR -WARN', events)).toEqual([events[1]]);
  });
});

describe('standalone regex ("Using filter patterns to match terms with a regular expression (regex)")', () => {
  it('%AUTHORIZED% matches both documented events (unanchored search)', () => {
    const events = ['[ERROR 401] UNAUTHORIZED REQUEST', '[SUCCESS 200] AUTHORIZED REQUEST', '[SUCCESS 200] OK'];
    expect(matching('%AUTHORIZED%', events)).toEqual(events.slice(0, 2));
  });

  it('operator examples from "Supported regular expressions (regex) syntax"', () => {
    expect(matching('%^[hc]at%', ['hat rack', 'cat', 'a hat'])).toEqual(['hat rack', 'cat']);
    expect(matching('%[hc]at$%', ['a hat', 'cat', 'hat rack'])).toEqual(['a hat', 'cat']);
    expect(matching('%colou?r%', ['color', 'colour', 'colr'])).toEqual(['color', 'colour']);
    expect(matching('%a{3,5}%', ['aa', 'aaa', 'baaaab'])).toEqual(['aaa', 'baaaab']);
    expect(matching('%gra|ey%', ['gray', 'grey', 'gry'])).toEqual(['gray', 'grey']);
    expect(matching('%^starting|^initializing|^shutting down%', ['starting x', 'initializing y', 'shutting down', 'skipping initializing z'])).toEqual([
      'starting x',
      'initializing y',
      'shutting down',
    ]);
    expect(matching('%\\[.\\]%', ['[a]', '[7]', '[ ]', '[]', 'a'])).toEqual(['[a]', '[7]', '[ ]']);
    expect(matching('%10\\.10\\.0\\.1%', ['10.10.0.1', '10010,051'])).toEqual(['10.10.0.1']);
    expect(matching('%10.10.0.1%', ['10.10.0.1', '10010,051'])).toEqual(['10.10.0.1', '10010,051']);
    expect(matching('%ab+c%', ['abc', 'abbc', 'ac'])).toEqual(['abc', 'abbc']);
    expect(matching('%\\x3A%', ['a:b', 'ab'])).toEqual(['a:b']);
  });

  it('{,n} with the minimum omitted is accepted', () => {
    expect(matching('%^a{,2}b%', ['b', 'ab', 'aab', 'aaab'])).toEqual(['b', 'ab', 'aab']);
  });

  it('terms and regex patterns extract no fields', () => {
    expect(extractFields('ERROR', '[ERROR 400] BAD REQUEST')).toEqual({});
    expect(extractFields('%ERROR%', '[ERROR 400] BAD REQUEST')).toEqual({});
    expect(extractFields('ERROR', 'fine')).toBeUndefined();
    expect(parseFilterPattern('?a ?b c -d')).toMatchObject({ type: 'terms', required: ['c'], optional: ['a', 'b'], excluded: ['d'] });
  });
});
