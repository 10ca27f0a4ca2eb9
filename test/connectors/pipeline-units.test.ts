/** Parsing and flattening device messages, topic helpers and backoff: small tables. */
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../runtime/connector/backoff.js';
import { flattenMessage } from '../../runtime/connector/flatten.js';
import { parseDeviceMessage } from '../../runtime/connector/parse-message.js';
import { pythonBytesRepr } from '../../runtime/connector/python-bytes.js';
import { addressFilter, fillAddress, topicMatches } from '../../runtime/mqtt-client/topic-match.js';

describe('flattenMessage (the original rule)', () => {
  it.each([
    [{ a: { b: 1 } }, { a__b: 1 }],
    [{ a: { b: { c: 'x' } }, d: true }, { a__b__c: 'x', d: true }],
    [{ list: [1, { x: 1 }] }, { list: [1, { x: 1 }] }],
    [{ empty: {}, n: null }, { n: null }],
    [{ when: new Date('2024-01-02T03:04:05Z') }, { when: '2024-01-02T03:04:05.000Z' }],
    [{ nan: Number.NaN, big: 10n }, { nan: null, big: 10 }],
  ])('case %#', (input, expected) => {
    expect(flattenMessage(input as Record<string, unknown>)).toEqual(expected);
  });
});

describe('datapoints named like Object members', () => {
  it('keeps `__proto__` and `constructor` as plain keys', () => {
    const flat = flattenMessage(JSON.parse('{"__proto__": [1], "constructor": 2, "a": {"__proto__": 3}}'), true);
    expect(Object.keys(flat)).toEqual(['__proto__', 'constructor', 'a____proto__']);
    expect(JSON.parse(JSON.stringify(flat))).toEqual(JSON.parse('{"__proto__": [1], "constructor": 2, "a____proto__": 3}'));
    expect(Object.getPrototypeOf(flat)).toBeNull();
  });
});

describe('parseDeviceMessage', () => {
  it.each([
    ['{"a": 1}', 'json', true],
    ['a: 1', 'yaml', true],
    ['{"a": ', 'json', false],
    ['[1, 2]', 'json', false],
    ['42', 'json', false],
    ['a: [1', 'yaml', false],
    ['', 'yaml', false],
  ] as const)('%j as %s → ok=%s', (text, parseAs, ok) => {
    expect(parseDeviceMessage(text, parseAs).ok).toBe(ok);
  });

  it.each(['a: &x\n  b: *x', 'a: &x [1, *x]'])('refuses the self-referencing YAML %j (flattening it never ended)', (text) => {
    const result = parseDeviceMessage(text, 'yaml');
    expect(result.ok ? '' : result.error).toBe('a YAML alias refers to an enclosing value (a cycle)');
  });

  it('regression (issue 8): an 8,000-level JSON message (48 KB) is refused, not a RangeError', () => {
    const text = '{"a":'.repeat(8000) + '1' + '}'.repeat(8000);
    expect(text.length).toBeGreaterThan(48_000);
    const result = parseDeviceMessage(text, 'json');
    expect(result.ok ? '' : result.error).toBe('nested deeper than 64 levels');
    const list = parseDeviceMessage(`{"a": ${'['.repeat(8000)}${']'.repeat(8000)}}`, 'json');
    expect(list.ok ? '' : list.error).toBe('nested deeper than 64 levels');
  });

  it('regression (issue 8): flattening itself survives any depth (no recursion)', () => {
    let deep: Record<string, unknown> = { v: 1 };
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    const flat = flattenMessage(deep, true);
    expect(Object.keys(flat)).toHaveLength(1);
    expect(Object.values(flat)).toEqual([1]);
    expect(Object.keys(flattenMessage({ a: { b: 1 }, c: 2, d: { e: { f: 3 } } }))).toEqual(['a__b', 'c', 'd__e__f']);
  });

  it('keeps a YAML alias to a sibling value', () => {
    expect(parseDeviceMessage('a: &x {b: 1}\nc: *x', 'yaml')).toEqual({ ok: true, value: { a: { b: 1 }, c: { b: 1 } } });
  });

  it('keeps the entries of YAML sets, ordered maps and binaries (they became empty objects)', () => {
    const parsed = parseDeviceMessage('s: !!set {a, b}\nm: !!omap [x: 1, y: {z: 2}]\nb: !!binary aGVsbG8=', 'yaml');
    expect(parsed.ok && flattenMessage(parsed.value)).toEqual({ s: ['a', 'b'], m: { x: 1, y: { z: 2 } }, b: 'aGVsbG8=' });
  });

  it('says why a message was skipped', () => {
    const result = parseDeviceMessage('[1]', 'json');
    expect(result.ok ? '' : result.error).toBe('expected an object of datapoints, got a list');
  });
});

describe('topics', () => {
  it.each([
    ['a/+/c', 'a/b/c', true],
    ['a/#', 'a/b/c', true],
    ['a/+', 'a/b/c', false],
    ['#', '$SYS/x', false],
    ['a/b', 'a/b', true],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('fills and filters addresses, refusing wildcards in parameters', () => {
    expect(fillAddress('rooms/{room}/t', { room: 'r1' })).toBe('rooms/r1/t');
    expect(addressFilter('rooms/{room}/{kind}', { kind: 't' })).toBe('rooms/+/t');
    expect(() => fillAddress('rooms/{room}/t', { room: 'a/b' })).toThrow(/one non-empty topic level/);
    expect(() => fillAddress('rooms/{room}/t', {})).toThrow(/missing/);
    // Parameter names are spec strings; inherited members are not values.
    expect(addressFilter('rooms/{constructor}/t', {})).toBe('rooms/+/t');
    expect(() => fillAddress('rooms/{toString}/t', {})).toThrow(/missing/);
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap, within ±20%', () => {
    const options = { initialMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, options, () => 0.5))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(0, options, () => 0)).toBe(80);
    expect(backoffDelay(0, options, () => 1)).toBe(120);
  });
});

describe('pythonBytesRepr (issue 9 #11: RAW_MESSAGE_FORMAT=python-bytes)', () => {
  // Expected values are what Python 3 prints for repr(bytes): str(b'...').
  it.each([
    ['{"a": 1}\n', `b'{"a": 1}\\n'`],
    ["it's", `b"it's"`],
    [`it's "x"`, `b'it\\'s "x"'`],
    ['tab\there\r\\', `b'tab\\there\\r\\\\'`],
    ['\u00e9', `b'\\xc3\\xa9'`],
    ['\u0000\u007f', `b'\\x00\\x7f'`],
    ['', `b''`],
  ])('%j → %s', (text, expected) => {
    expect(pythonBytesRepr(Buffer.from(text))).toBe(expected);
  });
});
