/**
 * Where reads from tunnel targets land. Bigger than Node's 64 KiB reads: fewer read calls and
 * fewer, larger websocket frames.
 *
 * A quiet tunnel reads into one buffer shared by the whole process and its bytes are copied out
 * (reads run one at a time on the event loop), so an idle tunnel holds no buffer of its own.
 * Once two reads in a row filled their buffer, the target is streaming: the tunnel's next reads
 * get buffers of its own, lent to the websocket until the write is done and then reused, so the
 * bytes reach the websocket without a copy (bench/tunnel.ts: about a tenth less CPU per MB).
 * Node asks for the next read's buffer right after a read, so a stream that ends on a full read
 * leaves that tunnel holding one buffer until its next read; asking for two full reads keeps
 * one-buffer bursts (a screen update) from doing so. A lent read that filled less than half its
 * buffer is copied out instead, so a backed-up websocket never holds more than twice the bytes
 * it has queued.
 */

const bufferBytes = 256 * 1024;
/** Idle buffers kept for the whole process (2 MiB); more are left to the garbage collector. */
const maxSpares = 8;
const spares: Buffer[] = [];
let shared: Buffer | undefined;

/** One read's bytes, and the buffer to hand back once they are written (undefined: copied). */
export interface ReadBytes {
  readonly bytes: Buffer;
  readonly lent: Buffer | undefined;
}

/** One tunnel's target reads: `buffer` is Node's `onread.buffer` (called before each read). */
export interface TargetReads {
  buffer(): Buffer;
  /** The bytes of a read of `length` bytes into `buffer`. */
  bytesOf(buffer: Buffer, length: number): ReadBytes;
}

export function targetReads(): TargetReads {
  const sharedBuffer = (shared ??= Buffer.allocUnsafeSlow(bufferBytes));
  let next = sharedBuffer;
  let fullReads = 0;
  return {
    buffer: () => next,
    bytesOf(buffer, length) {
      const read = buffer === sharedBuffer ? { bytes: Buffer.from(buffer.subarray(0, length)), lent: undefined } : lendOrCopy(buffer, length);
      fullReads = length === buffer.length ? fullReads + 1 : 0;
      next = fullReads >= 2 ? (spares.pop() ?? Buffer.allocUnsafeSlow(bufferBytes)) : sharedBuffer;
      return read;
    },
  };
}

/** Hands a lent buffer back once nothing refers to its bytes any more. */
export function returnReadBuffer(buffer: Buffer): void {
  if (spares.length < maxSpares) spares.push(buffer);
}

function lendOrCopy(buffer: Buffer, length: number): ReadBytes {
  if (length * 2 >= buffer.length) return { bytes: buffer.subarray(0, length), lent: buffer };
  const bytes = Buffer.from(buffer.subarray(0, length));
  returnReadBuffer(buffer);
  return { bytes, lent: undefined };
}
