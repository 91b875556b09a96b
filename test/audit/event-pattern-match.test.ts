/** The matcher follows the EventBridge User Guide's documented matching rules and examples. */
import { matchesEventPattern as m } from '../../lib/audit/event-pattern-match';

const ec2Event = {
  source: 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1', 'arn:aws:ec2:us-east-1:111122223333:instance/i-2'],
  detail: { state: 'terminated', 'instance-id': 'i-1', c: { count: 5, ratio: 0.5 }, ip: '10.0.0.255', flag: null },
};

describe('EventBridge pattern matching', () => {
  it('matches literal values; every field must match; values are case sensitive', () => {
    expect(m({ source: ['aws.ec2'], detail: { state: ['terminated', 'stopped'] } }, ec2Event)).toBe(true);
    expect(m({ source: ['aws.ec2'], detail: { state: ['running'] } }, ec2Event)).toBe(false);
    expect(m({ source: ['AWS.EC2'] }, ec2Event)).toBe(false);
    expect(m({ detail: { c: { count: [5] } } }, ec2Event)).toBe(true);
    expect(m({ detail: { c: { count: ['5'] } } }, ec2Event)).toBe(false);
    expect(m({ detail: { flag: [null] } }, ec2Event)).toBe(true);
  });

  it('matches an event array when any element matches', () => {
    expect(m({ resources: ['arn:aws:ec2:us-east-1:111122223333:instance/i-2', 'nope'] }, ec2Event)).toBe(true);
    expect(m({ resources: ['nope'] }, ec2Event)).toBe(false);
  });

  it('supports prefix, suffix and equals-ignore-case (also inside prefix/suffix)', () => {
    expect(m({ detail: { state: [{ prefix: 'term' }] } }, ec2Event)).toBe(true);
    expect(m({ detail: { state: [{ prefix: 'Term' }] } }, ec2Event)).toBe(false);
    expect(m({ detail: { state: [{ prefix: { 'equals-ignore-case': 'TERM' } }] } }, ec2Event)).toBe(true);
    expect(m({ detail: { state: [{ suffix: 'nated' }] } }, ec2Event)).toBe(true);
    expect(m({ detail: { state: [{ suffix: { 'equals-ignore-case': 'NATED' } }] } }, ec2Event)).toBe(true);
    expect(m({ detail: { state: [{ 'equals-ignore-case': 'TERMINATED' }] } }, ec2Event)).toBe(true);
    expect(m({ detail: { state: [{ 'equals-ignore-case': 'TERMINATE' }] } }, ec2Event)).toBe(false);
  });

  it('supports anything-but with values, prefix, suffix and equals-ignore-case', () => {
    expect(m({ detail: { state: [{ 'anything-but': ['running', 'stopped'] }] } }, ec2Event)).toBe(true);
    expect(m({ detail: { state: [{ 'anything-but': 'terminated' }] } }, ec2Event)).toBe(false);
    expect(m({ detail: { state: [{ 'anything-but': { prefix: 'term' } }] } }, ec2Event)).toBe(false);
    expect(m({ detail: { state: [{ 'anything-but': { suffix: 'ing' } }] } }, ec2Event)).toBe(true);
    expect(m({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['TERMINATED'] } }] } }, ec2Event)).toBe(false);
    // anything-but never matches a missing field
    expect(m({ detail: { missing: [{ 'anything-but': 'x' }] } }, ec2Event)).toBe(false);
  });

  it('supports numeric ranges, cidr and wildcard', () => {
    expect(m({ detail: { c: { count: [{ numeric: ['>', 0, '<=', 5] }] } } }, ec2Event)).toBe(true);
    expect(m({ detail: { c: { count: [{ numeric: ['<', 5] }] } } }, ec2Event)).toBe(false);
    expect(m({ detail: { c: { ratio: [{ numeric: ['=', 0.5] }] } } }, ec2Event)).toBe(true);
    expect(m({ detail: { state: [{ numeric: ['>', 0] }] } }, ec2Event)).toBe(false);
    expect(m({ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, ec2Event)).toBe(true);
    expect(m({ detail: { ip: [{ cidr: '10.0.1.0/24' }] } }, ec2Event)).toBe(false);
    expect(m({ resources: [{ wildcard: 'arn:aws:ec2:*:111122223333:instance/*' }] }, ec2Event)).toBe(true);
    expect(m({ resources: [{ wildcard: 'arn:aws:s3:*' }] }, ec2Event)).toBe(false);
  });

  it('supports exists: a missing field matches only exists: false', () => {
    expect(m({ detail: { state: [{ exists: true }] } }, ec2Event)).toBe(true);
    expect(m({ detail: { state: [{ exists: false }] } }, ec2Event)).toBe(false);
    expect(m({ detail: { errorCode: [{ exists: false }] } }, ec2Event)).toBe(true);
    expect(m({ detail: { errorCode: [{ exists: true }] } }, ec2Event)).toBe(false);
    expect(m({ detail: { nested: { deeper: [{ exists: false }] } } }, ec2Event)).toBe(true);
    expect(m({ detail: { nested: { deeper: ['x'] } } }, ec2Event)).toBe(false);
  });

  it('supports $or between sub-patterns', () => {
    const p = { source: ['aws.ec2'], $or: [{ detail: { state: ['running'] } }, { detail: { c: { count: [{ numeric: ['>=', 5] }] } } }] };
    expect(m(p, ec2Event)).toBe(true);
    expect(m({ ...p, $or: [{ detail: { state: ['running'] } }, { detail: { c: { count: [1] } } }] }, ec2Event)).toBe(false);
  });

  it('matches fields of an array of objects within one element (array consistency)', () => {
    const event = {
      detail: {
        changes: [
          { action: 'CREATE', rrset: { name: 'a.example.com.', type: 'A' } },
          { action: 'DELETE', rrset: { name: 'b.example.com.', type: 'MX' } },
        ],
      },
    };
    expect(m({ detail: { changes: { rrset: { name: ['b.example.com.'], type: ['MX'] } } } }, event)).toBe(true);
    expect(m({ detail: { changes: { rrset: { name: ['a.example.com.'], type: ['MX'] } } } }, event)).toBe(false);
    expect(m({ detail: { changes: { action: ['DELETE'], rrset: { name: ['b.example.com.'] } } } }, event)).toBe(true);
  });

  it('rejects pattern forms EventBridge rejects and unknown operators', () => {
    expect(() => m({ source: 'aws.ec2' }, ec2Event)).toThrow(/must be an array or an object/);
    expect(() => m({ source: [{ regex: '.*' }] }, ec2Event)).toThrow(/unsupported pattern condition/);
  });
});
