import { extractFields, matchFilterPattern } from '../../lib/filter-pattern';
import { matching } from './helpers';

// CloudWatch Logs User Guide, "Filter pattern syntax ...", section "Using filter patterns to match
// terms in space-delimited log events". "Example: Space-delimited log event" (seven fields:
// ip, user, username, timestamp, request, status_code, bytes):
const EVENT = '127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';

describe('space-delimited — the seven-field example', () => {
  it('characters between [] and between "" are single fields', () => {
    expect(extractFields('[ip, user, username, timestamp, request, status_code, bytes]', EVENT)).toEqual({
      ip: '127.0.0.1',
      user: 'Prod',
      username: 'frank',
      timestamp: '10/Oct/2000:13:25:15 -0700',
      request: 'GET /index.html HTTP/1.0',
      status_code: '404',
      bytes: '1534',
    });
  });

  it('"Writing filter patterns that match terms in a space-delimited log event": regex + wildcards', () => {
    const pattern = '[ip=%127\\.0\\.0\\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]';
    expect(matchFilterPattern(pattern, EVENT)).toBe(true);
    expect(matchFilterPattern(pattern, EVENT.replace('127.0.0.1', '10.0.0.1'))).toBe(false);
    expect(matchFilterPattern(pattern, EVENT.replace('/index.html', '/index.php'))).toBe(false);
    expect(matchFilterPattern(pattern, EVENT.replace(' 404 ', ' 504 '))).toBe(false);
  });

  it('ellipsis stands for the first four unnamed fields: [..., request =*.html*, status_code = 4*, bytes]', () => {
    expect(extractFields('[..., request =*.html*, status_code = 4*, bytes]', EVENT)).toEqual({
      $1: '127.0.0.1',
      $2: 'Prod',
      $3: 'frank',
      $4: '10/Oct/2000:13:25:15 -0700',
      request: 'GET /index.html HTTP/1.0',
      status_code: '404',
      bytes: '1534',
    });
  });

  it('compound || in one field: status_code = 404 || status_code = 410', () => {
    const pattern = '[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]';
    const events = [EVENT, EVENT.replace(' 404 ', ' 410 '), EVENT.replace(' 404 ', ' 400 ')];
    expect(matching(pattern, events)).toEqual(events.slice(0, 2));
  });
});

// The older revision ("Using Metric Filters to Extract Values from Space-Delimited Log Events").
describe('space-delimited — older guide examples', () => {
  const LOGS = [
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
    '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
    '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
  ];

  it('ellipsis forms: [..., status_code, bytes], [ip, user, ..., status_code, bytes], [ip, user, ...]', () => {
    expect(extractFields('[..., status_code, bytes]', LOGS[1])).toMatchObject({ status_code: '500', bytes: '5324' });
    expect(extractFields('[ip, user, ..., status_code, bytes]', LOGS[1])).toMatchObject({ ip: '127.0.0.1', user: '-', status_code: '500', bytes: '5324' });
    expect(extractFields('[ip, user, ...]', LOGS[1])).toMatchObject({ ip: '127.0.0.1', user: '-', $3: 'frank' });
  });

  it('conditions: bytes > 1000, status_code = 200, status_code = 4*, request = *html*', () => {
    expect(matching('[ip, user, username, timestamp, request, status_code, bytes > 1000]', LOGS)).toEqual(LOGS);
    expect(matching('[ip, user, username, timestamp, request, status_code, bytes > 5000]', LOGS)).toEqual([LOGS[1]]);
    expect(matching('[ip, user, username, timestamp, request, status_code = 200, bytes]', LOGS)).toEqual([LOGS[0], LOGS[2]]);
    expect(matching('[ip, user, username, timestamp, request, status_code = 5*, bytes]', LOGS)).toEqual([LOGS[1]]);
    expect(matching('[ip, user, username, timestamp, request, status_code = 4*, bytes]', LOGS)).toEqual([]);
    expect(matching('[ip, user, username, timestamp, request = *html*, status_code, bytes]', LOGS)).toEqual([]);
    expect(matching('[ip, user, username, timestamp, request = *gif*, status_code, bytes]', LOGS)).toEqual(LOGS);
  });

  it('extracted-fields example: [..., request=*.html*, status_code=4*,] names unnamed positions $N', () => {
    // The guide prints the event with escaped quotes and "$request" as "GET /products/index.html
    // HTTP/1.0" (not in the event): both are typos there; the event is used as written otherwise.
    const event = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
    expect(extractFields('[..., request=*.html*, status_code=4*,]', event)).toEqual({
      status_code: '404',
      request: 'GET /index.html HTTP/1.0',
      $7: '1534',
      $4: '10/Oct/2000:13:25:15 -0700',
      $3: 'frank',
      $2: '-',
      $1: '127.0.0.1',
    });
  });
});

describe('space-delimited — ordered terms with w1, w2 ("Example: Match terms in order")', () => {
  const LOG = [
    'INFO 09/25/2014 12:00:00 GET /service/resource/67 1200',
    'INFO 09/25/2014 12:00:01 POST /service/resource/67/part/111 1310',
    'WARNING 09/25/2014 12:00:02 Invalid user request',
    'ERROR 09/25/2014 12:00:02 Failed to process request',
  ];

  it('[w1=ERROR, w2] returns events whose first word is ERROR; w2 takes the rest of the event', () => {
    expect(matching('[w1=ERROR, w2]', LOG)).toEqual([LOG[3]]);
    expect(extractFields('[w1=ERROR, w2]', LOG[3])).toEqual({ w1: 'ERROR', w2: '09/25/2014 12:00:02 Failed to process request' });
  });

  it('without the blank w2 indicator the single field is the whole event (so the guide requires w2)', () => {
    expect(matching('[w1=ERROR]', LOG)).toEqual([]);
    expect(matching('[w1=ERROR]', ['ERROR'])).toEqual(['ERROR']);
  });

  it('"Match terms with AND (&&) and OR (||)": [w1=ERROR || w1=WARNING, w2]', () => {
    expect(matching('[w1=ERROR || w1=WARNING, w2]', LOG)).toEqual([LOG[2], LOG[3]]);
  });

  it('"Exclude terms from matches": [w1!=ERROR && w1!=WARNING, w2]', () => {
    expect(matching('[w1!=ERROR && w1!=WARNING, w2]', LOG)).toEqual([LOG[0], LOG[1]]);
    expect(matching('[w1!=ERROR&&w1!=WARNING, w2]', LOG)).toEqual([LOG[0], LOG[1]]);
  });

  it('"Match the top level item in a resource URI" and "... the child level item" (regex)', () => {
    expect(matching('[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]', LOG)).toEqual([LOG[0]]);
    expect(matching('[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, response_time]', LOG)).toEqual([LOG[1]]);
  });

  it('older guide "OR Pattern Matching" events', () => {
    // The older text says [w1=ERROR, w2] matches only "ERROR message" and that
    // [w1!=ERROR&&w1!=WARN, w2] matches "ERROR WARN message"; neither agrees with the current
    // guide (first word ERROR; first word neither ERROR nor WARN). We follow the current guide.
    const events = ['ERROR WARN message', 'ERROR message', 'WARN message'];
    expect(matching('[w1=ERROR, w2]', events)).toEqual([events[0], events[1]]);
    expect(matching('[w1=ERROR || w1=WARN, w2]', events)).toEqual(events);
    expect(matching('[w1!=ERROR&&w1!=WARN, w2]', events)).toEqual([]);
  });
});

describe('space-delimited — field count, ellipsis placement, numbers', () => {
  it('too few fields never match; extra fields go to the last field when there is no ellipsis', () => {
    expect(matchFilterPattern('[a, b, c]', 'x y')).toBe(false);
    expect(extractFields('[a, b, c]', 'x y z w')).toEqual({ a: 'x', b: 'y', c: 'z w' });
    expect(extractFields('[a, b]', 'x "y z"')).toEqual({ a: 'x', b: 'y z' });
    expect(extractFields('[a, b]', 'x "y z" w')).toEqual({ a: 'x', b: '"y z" w' });
  });

  it('with an ellipsis every named field is exactly one field', () => {
    expect(matchFilterPattern('[a, ..., b=z]', 'x y z')).toBe(true);
    expect(matchFilterPattern('[a, ..., b=z]', 'x z')).toBe(true); // ... may cover zero fields
    expect(matchFilterPattern('[a, ..., b=z]', 'x z w')).toBe(false);
    expect(matchFilterPattern('[..., b=NXDOMAIN, ...]', 'a b NXDOMAIN c')).toBe(true);
    expect(matchFilterPattern('[..., b=NXDOMAIN, ...]', 'a b NOERROR c')).toBe(false);
    expect(matchFilterPattern('[...]', '')).toBe(true);
    expect(matchFilterPattern('[a]', '')).toBe(false);
  });

  it('spaces and tabs separate fields; runs of them count once', () => {
    expect(extractFields('[a, b, c]', '  x \t y   z  ')).toEqual({ a: 'x', b: 'y', c: 'z' });
  });

  it('an unclosed quote or bracket in the event is an ordinary character', () => {
    expect(extractFields('[a, b, c]', 'x "y z')).toEqual({ a: 'x', b: '"y', c: 'z' });
    expect(extractFields('[a, b]', '[x y')).toEqual({ a: '[x', b: 'y' });
  });

  it('numeric operators compare numbers; non-numeric fields fail all but !=', () => {
    expect(matchFilterPattern('[a, bytes >= 1000]', 'x 1000')).toBe(true);
    expect(matchFilterPattern('[a, bytes < 1000]', 'x 999.5')).toBe(true);
    expect(matchFilterPattern('[a, bytes = 200]', 'x 200.0')).toBe(true);
    expect(matchFilterPattern('[a, bytes > 0]', 'x -')).toBe(false);
    expect(matchFilterPattern('[a, bytes = 0]', 'x -')).toBe(false);
    expect(matchFilterPattern('[a, bytes != 0]', 'x -')).toBe(true);
    expect(matchFilterPattern('[a, bytes > 1]', 'x 1e3')).toBe(false);
  });

  it('quoted values may hold spaces and characters that bare values cannot', () => {
    expect(matchFilterPattern('[ip, user, username, timestamp, request = "GET /index.html HTTP/1.0", status_code, bytes]', EVENT)).toBe(true);
    expect(matchFilterPattern('[a, b = "x@y"]', 'q x@y')).toBe(true);
  });

  it('matching is case-sensitive', () => {
    expect(matchFilterPattern('[w1=error, w2]', 'ERROR x')).toBe(false);
  });
});
