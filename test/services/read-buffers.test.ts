/** The tunnel's target reads: a shared buffer while quiet, lent buffers of its own while streaming. */
import { describe, expect, it } from 'vitest';
import { returnReadBuffer, targetReads } from '../../runtime/tunnel/read-buffers.js';

describe('tunnel target reads', () => {
  it('reads a quiet tunnel into the buffer every tunnel shares, and copies its bytes out', () => {
    const one = targetReads();
    const other = targetReads();
    const buffer = one.buffer();
    expect(other.buffer()).toBe(buffer); // no memory of its own while idle
    buffer.write('keystroke', 0);
    const { bytes, lent } = one.bytesOf(buffer, 9);
    expect(lent).toBeUndefined();
    expect(bytes.buffer).not.toBe(buffer.buffer);
    expect(bytes.toString()).toBe('keystroke');
    expect(one.buffer()).toBe(buffer);
  });

  it('gives a streaming tunnel buffers of its own, lends them, and goes back to the shared one', () => {
    const reads = targetReads();
    const shared = reads.buffer();
    reads.bytesOf(shared, shared.length); // one full read: a burst, perhaps
    expect(reads.buffer()).toBe(shared);
    reads.bytesOf(shared, shared.length); // two in a row: streaming
    const own = reads.buffer();
    expect(own).not.toBe(shared);
    own.fill(1);
    const streamed = reads.bytesOf(own, own.length);
    expect(streamed.lent).toBe(own);
    expect(streamed.bytes.buffer).toBe(own.buffer); // no copy
    const next = reads.buffer();
    expect(next).not.toBe(own); // the lent one is the websocket's until its write is done
    const tail = reads.bytesOf(next, next.length / 2); // the stream's tail: lent, and the tunnel is quiet again
    expect(tail.lent).toBe(next);
    expect(reads.buffer()).toBe(shared);
    returnReadBuffer(own);
    returnReadBuffer(next);
  });

  it('copies a short read out of a buffer of its own and reuses that buffer at once', () => {
    const reads = targetReads();
    const shared = reads.buffer();
    reads.bytesOf(shared, shared.length);
    reads.bytesOf(shared, shared.length);
    const own = reads.buffer();
    own.write('short', 0);
    const { bytes, lent } = reads.bytesOf(own, 5);
    expect(lent).toBeUndefined(); // a backed-up websocket never pins a big buffer for a few bytes
    expect(bytes.toString()).toBe('short');
    reads.bytesOf(shared, shared.length);
    reads.bytesOf(shared, shared.length);
    expect(reads.buffer()).toBe(own); // reused
  });
});
