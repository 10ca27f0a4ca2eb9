/**
 * Streams the payloads of a client's binary frames to the tunnel's target as they arrive. ws
 * hands over whole messages only: it collects every frame into one buffer, a copy for each frame
 * that spans two socket reads (most 64 KiB frames do), and then the tunnel writes it on.
 *
 * Only frames that ws would accept and deliver as one whole binary message are streamed: FIN set,
 * RSV bits clear, opcode 2, masked, within `maxPayload`, while the websocket is open, no
 * fragmented message is open and ws's receiver stands between two frames. Every other frame
 * (pings, pongs, close, text, fragments, anything malformed) goes to ws's receiver byte for
 * byte, so ws still answers, closes and rejects with its own codes. test/fuzz/tunnel-frames.test.ts
 * checks the two paths against ws alone on random frame streams cut into random reads.
 *
 * This reaches into ws's receiver (`_receiver`, its `write` and its parser state, pinned by the
 * exact ws version in package.json); if those are missing, nothing is streamed and ws does it all.
 */
import { createRequire } from 'node:module';
import type { WebSocket } from 'ws';

// ws's native masking helper (a dependency, with its own JavaScript fallback); it ships no types,
// and a declaration of ours would not reach projects that compile these sources.
const bufferUtil = createRequire(import.meta.url)('bufferutil') as { unmask(buffer: Buffer, mask: Buffer): void };

/** The parts of ws's Receiver (lib/receiver.js) this relies on. */
interface WsReceiver {
  write(chunk: Buffer): boolean;
  readonly writableEnded: boolean;
  readonly errored: Error | null;
  readonly writableLength: number;
  /** 0 (GET_INFO): between frames. */
  readonly _state: number;
  /** Bytes written to the receiver and not yet parsed. */
  readonly _bufferedBytes: number;
  /** Opcode of an open fragmented message, else 0. */
  readonly _fragmented: number;
  /** 0: no limit. */
  readonly _maxPayload: number;
}

const finBinary = 0x82;
const maskBit = 0x80;

/**
 * Sends the payload bytes of streamable frames to `deliver`, unmasked, in order with the binary
 * messages ws emits for the frames it reads itself. Returns false when ws's internals are not as
 * expected (nothing is changed then).
 */
export function streamBinaryFrames(ws: WebSocket, deliver: (payload: Buffer) => void): boolean {
  const receiver = (ws as unknown as { _receiver?: unknown })._receiver;
  if (!isWsReceiver(receiver)) return false;
  const receiverWrite = receiver.write.bind(receiver);
  const maxPayload = receiver._maxPayload;
  /** The start of a frame that ended a read, and how many of its bytes ws has already had. */
  let partial: { bytes: Buffer; sentToWs: number } | undefined;
  /** Bytes left of the frame ws is reading. */
  let forWs = 0;
  /** Payload bytes left of the frame being streamed, its mask and how far into it we are. */
  let streamLeft = 0;
  const mask = Buffer.alloc(4);
  const rotated = Buffer.alloc(4);
  let payloadAt = 0;

  const wsBetweenFrames = () =>
    ws.readyState === ws.OPEN &&
    receiver._state === 0 &&
    receiver._bufferedBytes === 0 &&
    receiver._fragmented === 0 &&
    receiver.writableLength === 0;

  /**
   * Whether the frame starting at `at` is streamed (its header), read by ws, or undecided until
   * more bytes arrive. Decided on as few bytes as ws needs to find fault with it, so ws sees a
   * frame it refuses as early as it would alone.
   */
  const route = (chunk: Buffer, at: number): FrameHeader | 'ws' | 'wait' => {
    if (chunk[at] !== finBinary || !wsBetweenFrames()) return 'ws';
    if (chunk.length - at >= 2 && !(chunk[at + 1]! & maskBit)) return 'ws';
    const header = readHeader(chunk, at);
    if (!header) return 'wait';
    if (maxPayload > 0 && header.length > maxPayload) return 'ws';
    return header.complete ? header : 'wait';
  };

  receiver.write = (read: Buffer): boolean => {
    let chunk = read;
    let sentToWs = 0;
    if (partial) {
      chunk = Buffer.concat([partial.bytes, read]);
      sentToWs = partial.sentToWs;
      partial = undefined;
    }
    let ok = true;
    let at = 0;
    // After a close frame or an error ws reads nothing more, not even the rest of the same read.
    while (at < chunk.length && !receiver.writableEnded && !receiver.errored) {
      if (forWs > 0) {
        const end = Math.min(chunk.length, at + forWs);
        forWs -= end - at;
        ok = receiverWrite(chunk.subarray(at, end)) && ok;
        at = end;
        continue;
      }
      if (streamLeft > 0) {
        const end = Math.min(chunk.length, at + streamLeft);
        const payload = chunk.subarray(at, end);
        unmaskFrom(payload, payloadAt);
        payloadAt += payload.length;
        streamLeft -= payload.length;
        at = end;
        deliver(payload);
        continue;
      }
      // A frame starts at `at`; the first `sentToWs` of its bytes already went to ws.
      const way = sentToWs > 0 ? 'ws' : route(chunk, at);
      if (typeof way === 'object') {
        chunk.copy(mask, 0, at + way.bytes - 4, at + way.bytes);
        at += way.bytes;
        payloadAt = 0;
        streamLeft = way.length;
        if (streamLeft === 0) deliver(chunk.subarray(at, at));
        continue;
      }
      const header = way === 'ws' ? readHeader(chunk, at) : undefined;
      if (header?.complete) {
        // A length ws refuses is Infinity: every later byte goes to ws, which reads none of them.
        forWs = header.bytes + header.length - sentToWs;
        at += sentToWs;
        sentToWs = 0;
        continue;
      }
      // The header is cut off: keep it until the rest arrives, giving ws its bytes now if it reads this frame.
      if (way === 'ws') ok = receiverWrite(chunk.subarray(at + sentToWs)) && ok;
      partial = { bytes: Buffer.from(chunk.subarray(at)), sentToWs: way === 'ws' ? chunk.length - at : 0 };
      break;
    }
    return ok;
  };
  return true;

  function unmaskFrom(payload: Buffer, offset: number) {
    const shift = offset & 3;
    if (shift === 0) return bufferUtil.unmask(payload, mask);
    for (let i = 0; i < 4; i++) rotated[i] = mask[(i + shift) & 3]!;
    bufferUtil.unmask(payload, rotated);
  }
}

/** A frame header as far as it arrived. */
interface FrameHeader {
  /** Its size, with the mask key when masked. */
  readonly bytes: number;
  /** The payload length; beyond 2^53 - 1, which ws refuses, Infinity. */
  readonly length: number;
  /** False while the mask key is still to come. */
  readonly complete: boolean;
}

/** The header of the frame at `at`; undefined while `chunk` ends before its length does. */
function readHeader(chunk: Buffer, at: number): FrameHeader | undefined {
  if (chunk.length - at < 2) return undefined;
  const second = chunk[at + 1]!;
  const short = second & 0x7f;
  const lengthBytes = short === 126 ? 2 : short === 127 ? 8 : 0;
  if (chunk.length - at < 2 + lengthBytes) return undefined;
  const bytes = 2 + lengthBytes + (second & maskBit ? 4 : 0);
  const length = short < 126 ? short : short === 126 ? chunk.readUInt16BE(at + 2) : length64(chunk, at + 2);
  return { bytes, length, complete: chunk.length - at >= bytes };
}

function length64(chunk: Buffer, at: number): number {
  const high = chunk.readUInt32BE(at);
  return high > 0x1fffff ? Infinity : high * 2 ** 32 + chunk.readUInt32BE(at + 4);
}

function isWsReceiver(value: unknown): value is WsReceiver {
  const receiver = value as Partial<WsReceiver> | undefined;
  return (
    typeof receiver?.write === 'function' &&
    typeof receiver._state === 'number' &&
    typeof receiver._bufferedBytes === 'number' &&
    typeof receiver._fragmented === 'number' &&
    typeof receiver._maxPayload === 'number' &&
    typeof receiver.writableLength === 'number' &&
    typeof receiver.writableEnded === 'boolean' &&
    'errored' in receiver
  );
}
