/**
 * Pipes one websocket to one TCP socket, both ways, with backpressure: a TCP write that fills the
 * socket's buffer pauses the websocket, a websocket send backlog pauses the TCP socket. Close codes
 * follow websockify: text frame → 1003, target unreachable → 1011, target closed → 1000.
 */
import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import { streamBinaryFrames } from './binary-frame-stream.js';
import { connectTarget } from './connect-target.js';
import { returnReadBuffer, targetReads } from './read-buffers.js';
import type { TcpTarget } from './types.js';

/** How one tunnel gets its target and what happens when it ends. */
export interface BridgeOptions {
  /** Starts the instance (or looks up a static target); runs after the upgrade. */
  readonly target: () => Promise<TcpTarget>;
  /** Limit for `target()` plus the port accepting a connection. */
  readonly startTimeoutMs: number;
  /** Close after this long without bytes either way; 0 = never. */
  readonly idleTimeoutMs: number;
  /** Called once after both sides are closed (stop the instance, free its index). */
  readonly onClosed: () => Promise<void> | void;
  readonly log: (line: string) => void;
  /**
   * The `base64` subprotocol of old noVNC clients: the peer sends text frames of base64 and gets
   * the target's bytes the same way. Default: binary frames only (a text frame closes with 1003).
   */
  readonly base64?: boolean;
  /** Called whenever bytes for the target arrive from the peer (it is alive). */
  readonly onPeerBytes?: () => void;
}

const sendHighWater = 4 * 1024 * 1024;
const sendLowWater = 1024 * 1024;
const writeHighWater = 1024 * 1024;

/** Starts piping; returns immediately. */
export function bridgeWebSocket(ws: WebSocket, options: BridgeOptions): void {
  let tcp: Socket | undefined;
  let wsClosed = false;
  let finished = false;
  let idleTimer: NodeJS.Timeout | undefined;

  const finish = () => {
    if (finished) return;
    finished = true;
    if (idleTimer) clearTimeout(idleTimer);
    destroyTarget();
    Promise.resolve()
      .then(options.onClosed)
      .catch((error: unknown) => options.log(`tunnel cleanup failed: ${(error as Error)?.message ?? String(error)}`));
  };
  const close = (code: number, reason: string) => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) {
      // A paused websocket could not read the peer's close reply and would wait for the close timeout.
      ws.resume();
      ws.close(code, reason);
    }
    destroyTarget();
  };
  const touch = () => {
    if (options.idleTimeoutMs <= 0) return;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => close(1001, 'idle timeout'), options.idleTimeoutMs);
  };

  // Frames that arrive before the target is connected wait in the socket, not in memory.
  const toTarget: Buffer[] = [];
  // Bytes for the target are corked until the end of the event loop's turn (see toTargetBytes);
  // ending the tunnel in that turn hands them to the socket first.
  let corked = false;
  const flushToTarget = () => {
    if (!corked) return;
    corked = false;
    tcp?.uncork();
  };
  function destroyTarget() {
    flushToTarget();
    tcp?.destroy();
  }
  const toTargetBytes = (chunk: Buffer) => {
    touch();
    options.onPeerBytes?.();
    if (!tcp) {
      // Bytes that came before the target connected (already read when the websocket paused).
      toTarget.push(chunk);
      return;
    }
    // Frames parsed in one turn of the event loop reach the target in one write, at its end:
    // fewer wake-ups of the target, about a tenth less CPU per MB (bench/tunnel.ts).
    if (!corked) {
      corked = true;
      tcp.cork();
      setImmediate(flushToTarget);
    }
    tcp.write(chunk);
    // Pause on a deeper backlog than the socket's 16 KiB high-water mark: pausing after every
    // frame would stall the websocket's reads and halve throughput.
    if (tcp.writableLength > writeHighWater) ws.pause();
  };
  ws.pause();
  // Whole binary frames go to the target as their bytes arrive; the rest arrives as messages.
  streamBinaryFrames(ws, toTargetBytes);
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (!isBinary && !options.base64) return close(1003, 'binary frames only');
    const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (isBinary) return toTargetBytes(chunk);
    const text = chunk.toString('latin1');
    // Buffer.from(x, 'base64') skips what is not base64; a garbled frame must not become bytes.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return close(1007, 'invalid base64');
    toTargetBytes(Buffer.from(text, 'base64'));
  });
  ws.on('close', () => {
    wsClosed = true;
    finish();
  });
  ws.on('error', (error) => options.log(`websocket error: ${error.message}`));

  // Until the target is wired below, reads (none are expected that early) wait here, copied.
  const early: Buffer[] = [];
  let onTargetData = (bytes: Buffer, lent: Buffer | undefined) => {
    early.push(Buffer.from(bytes));
    if (lent) returnReadBuffer(lent);
  };
  const reads = targetReads();
  const onread = {
    buffer: reads.buffer,
    callback: (length: number, buffer: Uint8Array) => {
      const { bytes, lent } = reads.bytesOf(buffer as Buffer, length);
      onTargetData(bytes, lent);
      return true;
    },
  };

  void (async () => {
    const deadline = Date.now() + options.startTimeoutMs;
    try {
      const target = await withDeadline(options.target(), deadline, 'the instance did not start in time');
      if (wsClosed) return;
      tcp = await connectTarget(target, deadline, 50, onread);
    } catch (error) {
      options.log(`tunnel target failed: ${(error as Error)?.message ?? String(error)}`);
      close(1011, 'target unreachable');
      return;
    }
    if (wsClosed) return void tcp.destroy();
    const socket = tcp;
    let targetError = false;
    socket.on('drain', () => ws.isPaused && ws.resume());
    onTargetData = (bytes: Buffer, lent: Buffer | undefined) => {
      touch();
      const text = options.base64 ? bytes.toString('base64') : undefined;
      if (text !== undefined && lent) returnReadBuffer(lent);
      // The callback runs once the socket is done with the bytes (written, or the socket gone).
      ws.send(text ?? bytes, { binary: text === undefined }, () => {
        if (text === undefined && lent) returnReadBuffer(lent);
        if (socket.isPaused() && ws.bufferedAmount < sendLowWater) socket.resume();
      });
      if (ws.bufferedAmount > sendHighWater) socket.pause();
    };
    for (const chunk of early.splice(0)) onTargetData(chunk, undefined);
    for (const chunk of toTarget.splice(0)) socket.write(chunk);
    socket.on('error', (error) => {
      targetError = true;
      options.log(`target error: ${error.message}`);
    });
    socket.on('close', () => close(targetError ? 1011 : 1000, targetError ? 'target error' : 'target closed'));
    touch();
    ws.resume();
  })();
}

function withDeadline<T>(promise: Promise<T>, deadline: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), Math.max(0, deadline - Date.now()));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
