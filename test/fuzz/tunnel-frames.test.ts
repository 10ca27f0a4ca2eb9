/**
 * The tunnel's streamed binary frames (runtime/tunnel/binary-frame-stream.ts) against ws alone as
 * the oracle. Random client frame streams (binary, text, continuation, control, reserved opcodes,
 * RSV bits, unmasked frames, non-minimal and lying lengths), cut into random reads, go to two
 * server-side websockets made by ws's own upgrade: one plain, one streaming. Both must emit the
 * same text, ping and pong events at the same byte positions, the same errors, write the same
 * bytes back (pongs, close frames), and deliver the same binary bytes; the streaming one may be
 * ahead only by the received part of a binary frame that ws still waits to complete.
 */
import type { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { streamBinaryFrames } from '../../runtime/tunnel/binary-frame-stream.js';

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = Number(process.env.FUZZ_SEED ?? 20261201);

/** A socket whose reads are exactly the chunks pushed into it; ws's writes are kept. */
class ScriptedSocket extends Duplex {
  readonly written: Buffer[] = [];
  override _read() {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.written.push(chunk);
    done();
  }
}

interface Observed {
  bytes: Buffer;
  /** Bytes that came through the stream rather than as ws messages. */
  streamedBytes: number;
  events: string[];
  errors: string[];
  written: Buffer;
  ws: WebSocket;
}

async function observe(reads: readonly Buffer[], maxPayload: number, streaming: boolean): Promise<Observed> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload });
  const socket = new ScriptedSocket();
  const request = {
    method: 'GET',
    url: '/',
    headers: { host: 'tunnel', upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' },
  } as unknown as IncomingMessage;
  const ws = await new Promise<WebSocket>((resolve) => wss.handleUpgrade(request, socket, Buffer.alloc(0), resolve));
  socket.written.length = 0; // the 101 response
  const parts: Buffer[] = [];
  let delivered = 0;
  const deliver = (payload: Buffer) => {
    parts.push(Buffer.from(payload));
    delivered += payload.length;
  };
  const observed: Observed = { bytes: Buffer.alloc(0), streamedBytes: 0, events: [], errors: [], written: Buffer.alloc(0), ws };
  const streamed = (payload: Buffer) => {
    observed.streamedBytes += payload.length;
    deliver(payload);
  };
  if (streaming) expect(streamBinaryFrames(ws, streamed)).toBe(true);
  ws.on('message', (data, isBinary) => {
    const buffer = data as Buffer;
    if (isBinary) deliver(buffer);
    else observed.events.push(`${delivered} text ${buffer.toString('hex')}`);
  });
  ws.on('ping', (data) => observed.events.push(`${delivered} ping ${data.toString('hex')}`));
  ws.on('pong', (data) => observed.events.push(`${delivered} pong ${data.toString('hex')}`));
  ws.on('error', (error) => observed.errors.push(`${delivered} ${(error as { code?: string }).code ?? error.message}`));
  for (const read of reads) socket.push(Buffer.from(read));
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  observed.bytes = Buffer.concat(parts);
  observed.written = Buffer.concat(socket.written);
  return observed;
}

/** What ws's receiver holds of an unfragmented binary frame it waits to complete, unmasked (else empty). */
function pendingBinaryPayload(ws: WebSocket): Buffer {
  const receiver = (ws as unknown as { _receiver: { _state: number; _opcode: number; _fin: boolean; _fragmented: number; _buffers: Buffer[]; _mask?: Buffer } })._receiver;
  if (receiver._state !== 4 || receiver._opcode !== 2 || !receiver._fin || receiver._fragmented !== 0 || !receiver._mask) return Buffer.alloc(0);
  const pending = Buffer.concat(receiver._buffers);
  return pending.map((byte, i) => byte ^ receiver._mask![i & 3]!) as Buffer;
}

interface Frame {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  mask: Uint8Array;
  payload: Uint8Array;
  lengthForm: 'minimal' | '16' | '64';
  lie: number;
}

function encode(frame: Frame): Buffer {
  const declared = Math.max(0, frame.payload.length + frame.lie);
  const form = frame.lengthForm === 'minimal' ? (declared < 126 ? '7' : declared < 65536 ? '16' : '64') : frame.lengthForm === '16' && declared >= 65536 ? '64' : frame.lengthForm;
  const length = Buffer.alloc(form === '7' ? 0 : form === '16' ? 2 : 8);
  if (form === '16') length.writeUInt16BE(declared);
  if (form === '64') length.writeBigUInt64BE(BigInt(declared));
  const first = (frame.fin ? 0x80 : 0) | (frame.rsv << 4) | frame.opcode;
  const second = (frame.masked ? 0x80 : 0) | (form === '7' ? declared : form === '16' ? 126 : 127);
  const payload = Buffer.from(frame.payload);
  if (frame.masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= frame.mask[i & 3]!;
  return Buffer.concat([Buffer.from([first, second]), length, frame.masked ? Buffer.from(frame.mask) : Buffer.alloc(0), payload]);
}

const weighted = <T>(common: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, odds = 8) => fc.oneof({ weight: odds, arbitrary: common }, { weight: 1, arbitrary: rare });
const bigPayload = fc.tuple(fc.integer({ min: 126, max: 70_000 }), fc.nat(255)).map(([length, start]) => Uint8Array.from({ length }, (_, i) => (start + i * 31) & 255));
const frame: fc.Arbitrary<Frame> = fc.record({
  fin: weighted(fc.constant(true), fc.constant(false), 10),
  rsv: weighted(fc.constant(0), fc.integer({ min: 1, max: 7 }), 40),
  opcode: fc.oneof(
    { weight: 30, arbitrary: fc.constant(2) },
    { weight: 4, arbitrary: fc.constantFrom(9, 10) },
    { weight: 2, arbitrary: fc.constantFrom(0, 1, 8) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 15 }) },
  ),
  masked: weighted(fc.constant(true), fc.constant(false), 40),
  mask: fc.uint8Array({ minLength: 4, maxLength: 4 }),
  payload: weighted(fc.uint8Array({ maxLength: 200 }), bigPayload, 4),
  lengthForm: fc.constantFrom('minimal', 'minimal', 'minimal', '16', '64'),
  lie: weighted(fc.constant(0), fc.integer({ min: -4, max: 4 }), 40),
});
/** A binary message in 2–4 fragments, the way ws (not the stream) reads it, maybe with a ping between. */
const fragmented: fc.Arbitrary<Frame[]> = fc
  .tuple(fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 2, maxLength: 4 }), fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.boolean())
  .map(([payloads, mask, ping]) => {
    const frames = payloads.map((payload, i): Frame => ({ fin: i === payloads.length - 1, rsv: 0, opcode: i === 0 ? 2 : 0, masked: true, mask, payload, lengthForm: 'minimal', lie: 0 }));
    if (ping) frames.splice(1, 0, { fin: true, rsv: 0, opcode: 9, masked: true, mask, payload: Uint8Array.of(1, 2), lengthForm: 'minimal', lie: 0 });
    return frames;
  });
const frames = fc.array(weighted(frame.map((one) => [one]), fragmented, 6), { minLength: 1, maxLength: 8 }).map((groups) => groups.flat());

/** Read sizes, used in turn until the stream is cut up: single bytes split headers and masks. */
const readSizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 16, max: 70_000 })), { minLength: 1, maxLength: 12 });

/** A connection may also drop mid-frame: that many bytes are cut off the stream's end. */
const dropped = weighted(fc.constant(0), fc.integer({ min: 1, max: 40_000 }), 2);

function cut(stream: Buffer, sizes: readonly number[]): Buffer[] {
  const reads: Buffer[] = [];
  for (let at = 0, i = 0; at < stream.length; i++) {
    const size = sizes[i % sizes.length]!;
    reads.push(stream.subarray(at, at + size));
    at += size;
  }
  return reads;
}

describe('streamed binary frames against ws alone', () => {
  it('same events, errors, replies and bytes on random frame streams', async () => {
    const seen = { streams: 0, errors: 0, pending: 0, streamedBytes: 0, messageBytes: 0 };
    await fc.assert(
      fc.asyncProperty(frames, readSizes, fc.constantFrom(0, 300, 16 * 1024 * 1024, 16 * 1024 * 1024), dropped, async (sent, sizes, maxPayload, drop) => {
        const stream = Buffer.concat(sent.map(encode));
        const reads = cut(stream.subarray(0, Math.max(1, stream.length - drop)), sizes);
        const plain = await observe(reads, maxPayload, false);
        const streamed = await observe(reads, maxPayload, true);
        expect(streamed.events).toEqual(plain.events);
        expect(streamed.errors).toEqual(plain.errors);
        expect(streamed.written.toString('hex')).toBe(plain.written.toString('hex'));
        const pending = pendingBinaryPayload(plain.ws);
        expect(streamed.bytes.toString('hex')).toBe(Buffer.concat([plain.bytes, pending]).toString('hex'));
        seen.streams++;
        seen.streamedBytes += streamed.streamedBytes;
        seen.messageBytes += streamed.bytes.length - streamed.streamedBytes;
        if (plain.errors.length) seen.errors++;
        if (pending.length) seen.pending++;
      }),
      { numRuns: runs, seed },
    );
    console.log(`binary frame streams (seed ${seed}): ${JSON.stringify(seen)}`);
    // The generator must reach both ends: streams ws refuses, and frames cut off mid-payload.
    expect(seen.errors).toBeGreaterThan(runs / 10);
    expect(seen.errors).toBeLessThan(runs * 0.8);
    expect(seen.pending).toBeGreaterThan(0);
    // Both paths carry binary bytes: streamed frames and ws's own (fragmented) messages.
    expect(seen.streamedBytes).toBeGreaterThan(seen.messageBytes);
    expect(seen.messageBytes).toBeGreaterThan(0);
  }, 120_000);

  it('a 64 KiB frame cut at every offset of its mask arrives unmasked and whole', async () => {
    const payload = Uint8Array.from({ length: 65_536 }, (_, i) => (i * 7) & 255);
    const stream = encode({ fin: true, rsv: 0, opcode: 2, masked: true, mask: Uint8Array.from([1, 2, 3, 4]), payload, lengthForm: 'minimal', lie: 0 });
    for (const first of [1, 2, 13, 14, 15, 16, 17, 65_549]) {
      const streamed = await observe([stream.subarray(0, first), stream.subarray(first)], 0, true);
      expect(Buffer.compare(streamed.bytes, Buffer.from(payload))).toBe(0);
    }
  });

  it("ws's receiver still has what the stream relies on (else the tunnel silently loses the fast path)", async () => {
    const plain = await observe([], 0, false);
    expect(streamBinaryFrames(plain.ws, () => {})).toBe(true);
  });
});
