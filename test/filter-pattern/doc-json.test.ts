import { extractFields, matchFilterPattern } from '../../lib/filter-pattern';

// CloudWatch Logs User Guide, "Filter pattern syntax ...", section "Using filter patterns to match
// terms in JSON log events". The event below is the section's example JSON log event (one line).
const EVENT = JSON.stringify({
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  'cluster.name': 'c',
});

describe('JSON patterns — the guide\'s example event', () => {
  it.each([
    ['"Filter pattern that matches string values"', '{ $.eventType = "UpdateTrail" }'],
    ['"... matches string values (IP address)": != with a trailing wildcard', '{ $.sourceIPAddress != 123.123.* }'],
    ['"... matches a specific array element with a string value"', '{ $.arrayKey[0] = "value" }'],
    ['"... matches a string using regex"', '{ $.eventType = %Trail% }'],
    ['"... wildcard to match values of any element in the array using regex"', '{ $.arrayKey[*] = %val.{2}% }'],
    ['"... any element with a specific prefix and subnet using regex (IP address)"', '{ $.* = %111\\.111\\.111\\.1[0-9]{1,2}% }'],
    ['"... matches a JSON property with a period (.) in the key"', "{ $.['cluster.name'] = \"c\" }"],
    ['"... matches JSON logs using IS": IS NULL', '{ $.SomeObject IS NULL }'],
    ['"... matches JSON logs using NOT EXISTS"', '{ $.SomeOtherObject NOT EXISTS }'],
    // Older guide revision, "JSON Metric Filter Examples":
    ['older guide: { $.objectList[1].id = 2 }', '{ $.objectList[1].id = 2 }'],
  ])('%s matches: %s', (_title, pattern) => {
    expect(matchFilterPattern(pattern, EVENT)).toBe(true);
  });

  it.each([
    ['the sourceIPAddress has the 111.111. prefix', '{ $.sourceIPAddress != 111.111.* }'],
    ['arrayKey[0] is not "another value"', '{ $.arrayKey[0] = "another value" }'],
    ['index past the end of the array', '{ $.arrayKey[5] = "value" }'],
    ['SomeObject exists (it is null)', '{ $.SomeObject NOT EXISTS }'],
    ['eventType is not null', '{ $.eventType IS NULL }'],
    ['missing property with =', '{ $.SomeOtherObject = "x" }'],
    ['missing property with != (a selector must reach a value node)', '{ $.SomeOtherObject != "x" }'],
    ['objectList is an array: = does not apply', '{ $.objectList = 1 }'],
    ['objectList is an array: != does not apply either', '{ $.objectList != 1 }'],
    ['objectList[0] is an object', '{ $.objectList[0] != "x" }'],
    ['an index on a non-array ("If arrayKey is not an array this will be false")', '{ $.eventType[0] = "UpdateTrail" }'],
    ['case sensitive', '{ $.eventType = "updatetrail" }'],
    ['inner * is literal ("Ev*ent will only match the actual string Ev*ent")', '{ $.eventType = Up*Trail }'],
  ])('does not match when %s: %s', (_why, pattern) => {
    expect(matchFilterPattern(pattern, EVENT)).toBe(false);
  });

  it('"JSON Special Considerations" (older guide): both $.users = 1 and $.users != 1 fail on an array', () => {
    const event = '{"users": [1, 2, 3]}';
    expect(matchFilterPattern('{ $.users = 1 }', event)).toBe(false);
    expect(matchFilterPattern('{ $.users != 1 }', event)).toBe(false);
    expect(matchFilterPattern('{ $.users[0] = 1 }', event)).toBe(true);
  });

  it('wildcards in string values: *Event, Event*, and a lone * (older guide, "STRING")', () => {
    expect(matchFilterPattern('{ $.e = *Event }', '{"e":"PutEvent"}')).toBe(true);
    expect(matchFilterPattern('{ $.e = *Event }', '{"e":"EventId"}')).toBe(false);
    expect(matchFilterPattern('{ $.e = Event* }', '{"e":"EventName"}')).toBe(true);
    expect(matchFilterPattern('{ $.e = Ev*ent }', '{"e":"Ev*ent"}')).toBe(true);
    expect(matchFilterPattern('{ $.e = Ev*ent }', '{"e":"Evxent"}')).toBe(false);
    // "Publishing Numerical Values Found in Log Entries": { $.latency = * } selects events with a latency.
    expect(matchFilterPattern('{ $.latency = * }', '{"latency": 42}')).toBe(true);
    expect(matchFilterPattern('{ $.latency = * }', '{"other": 42}')).toBe(false);
    // Quoted values keep their wildcards (the form aws-cdk-lib's FilterPattern.exists() renders).
    expect(matchFilterPattern('{ $.latency = "*" }', '{"latency": "slow"}')).toBe(true);
    expect(matchFilterPattern('{ $.errorCode = "*UnauthorizedOperation" }', '{"errorCode":"Client.UnauthorizedOperation"}')).toBe(true);
  });

  it('IS TRUE / IS FALSE (older guide: "{ $.ThisFlag IS TRUE }")', () => {
    expect(matchFilterPattern('{ $.ThisFlag IS TRUE }', '{"ThisFlag": true}')).toBe(true);
    expect(matchFilterPattern('{ $.ThisFlag IS TRUE }', '{"ThisFlag": false}')).toBe(false);
    expect(matchFilterPattern('{ $.ThisFlag IS FALSE }', '{"ThisFlag": false}')).toBe(true);
    expect(matchFilterPattern('{ $.ThisFlag IS TRUE }', '{"ThisFlag": "true"}')).toBe(false);
    expect(matchFilterPattern('{ $.ThisFlag IS NULL }', '{}')).toBe(false);
  });

  it('"OR Pattern Matching" (older guide): {$.foo = bar}, {$.foo = baz }, {$.foo = bar || $.foo = baz }', () => {
    const a = '{"foo": "bar"}';
    const b = '{"foo": "baz"}';
    expect([a, b].filter((e) => matchFilterPattern('{$.foo = bar}', e))).toEqual([a]);
    expect([a, b].filter((e) => matchFilterPattern('{$.foo = baz }', e))).toEqual([b]);
    expect([a, b].filter((e) => matchFilterPattern('{$.foo = bar || $.foo = baz }', e))).toEqual([a, b]);
  });
});

describe('JSON compound expressions — the guide\'s example object', () => {
  const OBJ = JSON.stringify({
    user: { id: 1, email: 'John.Stiles@example.com' },
    users: [
      { id: 2, email: 'John.Doe@example.com' },
      { id: 3, email: 'Jane.Doe@example.com' },
    ],
    actions: ['GET', 'PUT', 'DELETE'],
    coordinates: [
      [0, 1, 2],
      [4, 5, 6],
      [7, 8, 9],
    ],
  });

  it('"Expression that matches using AND (&&)"', () => {
    expect(matchFilterPattern('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', OBJ)).toBe(true);
  });

  it('"Expression that matches using OR (||)": && binds tighter than ||', () => {
    expect(
      matchFilterPattern('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }', OBJ),
    ).toBe(true);
  });

  it('"Expression that doesn\'t match using AND (&&)": parentheses first', () => {
    expect(
      matchFilterPattern('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }', OBJ),
    ).toBe(false);
  });

  it('"Expression that doesn\'t match using OR (||)"', () => {
    expect(matchFilterPattern('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', OBJ)).toBe(false);
  });

  it('older guide variants with unquoted nonmatch behave the same', () => {
    expect(matchFilterPattern('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', OBJ)).toBe(true);
    expect(matchFilterPattern('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', OBJ)).toBe(false);
    expect(matchFilterPattern('{ $.coordinates[1][2] = 6 && $.actions[2] = DELETE }', OBJ)).toBe(true);
  });
});

describe('JSON numeric comparisons ("Writing filter patterns that match numeric values")', () => {
  // Each documented pattern, with one event that satisfies it and one that does not.
  it.each([
    ['{ $.bandwidth > 75 }', '{"bandwidth": 76}', '{"bandwidth": 75}'],
    ['{ $.latency < 50 }', '{"latency": 49.9}', '{"latency": 50}'],
    ['{ $.refreshRate >= 60 }', '{"refreshRate": 60}', '{"refreshRate": 59}'],
    ['{ $.responseTime <= 5 }', '{"responseTime": 5}', '{"responseTime": 6}'],
    ['{ $.errorCode = 400}', '{"errorCode": 400}', '{"errorCode": 401}'],
    ['{ $.errorCode != 500 }', '{"errorCode": 404}', '{"errorCode": 500}'],
    ['{ $.number[0] = 1e+3 }', '{"number": [1000]}', '{"number": [100]}'],
    ['{ $.number[0] != 1e-3 }', '{"number": [0.5]}', '{"number": [0.001]}'],
    // older guide "Numeric Comparisons" examples
    ['{ $.latency >= 500 }', '{"latency": 500}', '{"latency": 499}'],
    ['{ $.numbers[0] < 10e3 }', '{"numbers": [9999]}', '{"numbers": [10000]}'],
    ['{ $.numbers[0] < 10e-3 }', '{"numbers": [0.001]}', '{"numbers": [0.01]}'],
    ['{ $.processes[4].averageRuntime <= 55.5 }', '{"processes":[{},{},{},{},{"averageRuntime":55.5}]}', '{"processes":[{},{},{},{},{"averageRuntime":55.6}]}'],
    ['{ $.latency > +1000 }', '{"latency": 1001}', '{"latency": 1000}'],
  ])('%s', (pattern, yes, no) => {
    expect(matchFilterPattern(pattern, yes)).toBe(true);
    expect(matchFilterPattern(pattern, no)).toBe(false);
  });

  it('numeric text in a string value is compared as a number; scientific notation in strings is not a number', () => {
    expect(matchFilterPattern('{ $.srcport > 1024 }', '{"srcport": "56067"}')).toBe(true);
    expect(matchFilterPattern('{ $.v > 1 }', '{"v": "1e3"}')).toBe(false);
    expect(matchFilterPattern('{ $.v > 1 }', '{"v": "fast"}')).toBe(false);
    expect(matchFilterPattern('{ $.v != 1 }', '{"v": "fast"}')).toBe(true);
  });

  it('"Use the asterisk as a wild card to match numbers"', () => {
    expect(matchFilterPattern('{ $.errorCode = 4* }', '{"errorCode": 404}')).toBe(true);
    expect(matchFilterPattern('{ $.errorCode = 4* }', '{"errorCode": 504}')).toBe(false);
  });
});

describe('JSON events', () => {
  it('non-JSON lines and non-object JSON never match a JSON pattern', () => {
    for (const line of ['eventType UpdateTrail', '', '[1,2]', '"x"', '{"eventType": "UpdateTrail"', 'null']) {
      expect(matchFilterPattern('{ $.eventType NOT EXISTS }', line)).toBe(false);
    }
  });

  it('extractFields returns every scalar by selector, as strings', () => {
    expect(extractFields('{ $.eventType = "UpdateTrail" }', EVENT)).toEqual({
      '$.eventType': 'UpdateTrail',
      '$.sourceIPAddress': '111.111.111.111',
      '$.arrayKey[0]': 'value',
      '$.arrayKey[1]': 'another value',
      '$.objectList[0].name': 'a',
      '$.objectList[0].id': '1',
      '$.objectList[1].name': 'b',
      '$.objectList[1].id': '2',
      "$.['cluster.name']": 'c',
    });
    expect(extractFields('{ $.eventType = "Other" }', EVENT)).toBeUndefined();
  });
});
