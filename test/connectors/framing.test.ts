/** Framing: messages split across reads and coalesced in one read come out whole, in order. */
import { describe, expect, it } from 'vitest';
import { createFramer, FramingError, maxMessageBytes } from '../../runtime/connector/framing.js';

const feed = (framing: 'newline' | 'length-prefixed' | 'read', chunks: Array<string | Buffer>) => {
  const framer = createFramer(framing);
  return chunks.flatMap((c) => framer.push(Buffer.isBuffer(c) ? c : Buffer.from(c))).map((m) => m.toString());
};
const prefixed = (text: string) => {
  const body = Buffer.from(text);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
};

describe('newline framing', () => {
  it.each([
    ['one message per read', ['{"a":1}\n', '{"a":2}\n'], ['{"a":1}', '{"a":2}']],
    ['two in one read', ['{"a":1}\n{"a":2}\n'], ['{"a":1}', '{"a":2}']],
    ['one split in three', ['{"a"', ':1', '}\n'], ['{"a":1}']],
    ['split and coalesced', ['{"a":1}\n{"a"', ':2}\n{"a":3}'], ['{"a":1}', '{"a":2}']],
    ['CRLF and blank lines', ['a\r\n\r\n\nb\n'], ['a', 'b']],
    ['multi-byte character split across reads', [Buffer.from('"é"\n').subarray(0, 2), Buffer.from('"é"\n').subarray(2)], ['"é"']],
  ])('%s', (_, chunks, expected) => {
    expect(feed('newline', chunks)).toEqual(expected);
  });

  it('encodes with a trailing newline', () => {
    expect(createFramer('newline').encode(Buffer.from('x')).toString()).toBe('x\n');
  });

  it('refuses a line past the limit', () => {
    const framer = createFramer('newline');
    expect(() => framer.push(Buffer.alloc(maxMessageBytes + 1, 97))).toThrow(FramingError);
    expect(framer.pending).toBe(0);
  });
});

describe('length-prefixed framing', () => {
  const stream = Buffer.concat([prefixed('{"a":1}'), prefixed(''), prefixed('b: 2\nc: 3\n')]);
  it.each([
    ['all at once', [stream]],
    ['byte by byte', [...stream].map((b) => Buffer.from([b]))],
    ['split inside a prefix', [stream.subarray(0, 2), stream.subarray(2)]],
  ])('%s', (_, chunks) => {
    expect(feed('length-prefixed', chunks)).toEqual(['{"a":1}', '', 'b: 2\nc: 3\n']);
  });

  it('encodes a 4-byte big-endian length', () => {
    expect([...createFramer('length-prefixed').encode(Buffer.from('hi'))]).toEqual([0, 0, 0, 2, 104, 105]);
  });

  it('refuses a prefix past the limit', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(maxMessageBytes + 1);
    expect(() => createFramer('length-prefixed').push(header)).toThrow(FramingError);
  });
});

describe('read framing (the original)', () => {
  it('takes each read as one message, as the original did', () => {
    expect(feed('read', ['{"a":1}{"a":2}', '', 'x'])).toEqual(['{"a":1}{"a":2}', 'x']);
  });
});
