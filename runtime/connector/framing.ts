/**
 * Cutting the device's byte stream into messages. The original took each read as one message,
 * so a message split across reads or two in one read failed to parse; `newline` and
 * `length-prefixed` fix that, `read` keeps the old behaviour for devices that rely on it.
 */
import type { Framing } from './settings.js';

/** Largest message a framer buffers; past it the stream cannot be trusted. */
export const maxMessageBytes = 16 * 1024 * 1024;

/** Thrown when the stream cannot be resynchronised (a length prefix past the limit). */
export class FramingError extends Error {}

/** A stateful decoder for one connection. */
export interface Framer {
  /** Feeds one read; returns the complete messages it finished, in order. */
  push(chunk: Buffer): Buffer[];
  /** Bytes held for an unfinished message (discarded when the connection ends). */
  readonly pending: number;
  /** Frames one outgoing message (actuator values sent to the device). */
  encode(message: Buffer): Buffer;
}

/** Creates the framer for a framing mode. */
export function createFramer(framing: Framing): Framer {
  if (framing === 'newline') return newlineFramer();
  if (framing === 'length-prefixed') return lengthPrefixedFramer();
  return { push: (chunk) => (chunk.length > 0 ? [chunk] : []), pending: 0, encode: (message) => message };
}

function newlineFramer(): Framer {
  let buffered: Buffer[] = [];
  let size = 0;
  return {
    get pending() {
      return size;
    },
    push(chunk) {
      const messages: Buffer[] = [];
      let start = 0;
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, at);
        const whole = size > 0 ? Buffer.concat([...buffered, piece]) : piece;
        buffered = [];
        size = 0;
        start = at + 1;
        // Tolerate CRLF devices and skip blank keep-alive lines.
        const line = whole.length > 0 && whole[whole.length - 1] === 13 ? whole.subarray(0, -1) : whole;
        if (line.length > 0) messages.push(line);
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        if (size + rest.length > maxMessageBytes) {
          buffered = [];
          size = 0;
          throw new FramingError(`a line grew past ${maxMessageBytes} bytes without a newline; discarded`);
        }
        // Copy: the read buffer is reused by the socket for the next read.
        buffered.push(Buffer.from(rest));
        size += rest.length;
      }
      return messages;
    },
    encode: (message) => Buffer.concat([message, Buffer.from('\n')]),
  };
}

function lengthPrefixedFramer(): Framer {
  let buffer = Buffer.alloc(0);
  return {
    get pending() {
      return buffer.length;
    },
    push(chunk) {
      buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
      const messages: Buffer[] = [];
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length > maxMessageBytes) {
          buffer = Buffer.alloc(0);
          throw new FramingError(`length prefix ${length} is past the ${maxMessageBytes}-byte limit; the stream is out of step`);
        }
        if (buffer.length < 4 + length) break;
        messages.push(buffer.subarray(4, 4 + length));
        buffer = buffer.subarray(4 + length);
      }
      return messages;
    },
    encode(message) {
      const header = Buffer.alloc(4);
      header.writeUInt32BE(message.length, 0);
      return Buffer.concat([header, message]);
    },
  };
}
