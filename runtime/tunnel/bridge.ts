/**
 * Pipes one websocket to one TCP socket, both ways, with backpressure: a TCP write that fills the
 * socket's buffer pauses the websocket, a websocket send backlog pauses the TCP socket. Close codes
 * follow websockify: text frame → 1003, target unreachable → 1011, target closed → 1000.
 */
import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import { connectTarget } from './connect-target.js';
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
}

// Target reads land in one buffer shared by every tunnel of the process, bigger than Node's 64 KiB
// default: fewer read calls and fewer, larger websocket frames (about a quarter less CPU per MB in
// bench/tunnel.ts). Sharing is safe because each read is copied out before the callback returns,
// and reads run one at a time on the event loop.
let sharedReadBuffer: Buffer | undefined;
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
    tcp?.destroy();
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
    tcp?.destroy();
  };
  const touch = () => {
    if (options.idleTimeoutMs <= 0) return;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => close(1001, 'idle timeout'), options.idleTimeoutMs);
  };

  // Frames that arrive before the target is connected wait in the socket, not in memory.
  const toTarget: Buffer[] = [];
  ws.pause();
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (!isBinary && !options.base64) return close(1003, 'binary frames only');
    touch();
    let chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (options.base64 && !isBinary) {
      const text = chunk.toString('latin1');
      // Buffer.from(x, 'base64') skips what is not base64; a garbled frame must not become bytes.
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return close(1007, 'invalid base64');
      chunk = Buffer.from(text, 'base64');
    }
    // Pause on a deeper backlog than the socket's 16 KiB high-water mark: pausing after every
    // frame would stall the websocket's reads and halve throughput.
    if (!tcp) {
      // Frames the receiver had already parsed when it was paused; sent once the target connects.
      toTarget.push(chunk);
      return;
    }
    tcp.write(chunk);
    if (tcp.writableLength > writeHighWater) ws.pause();
  });
  ws.on('close', () => {
    wsClosed = true;
    finish();
  });
  ws.on('error', (error) => options.log(`websocket error: ${error.message}`));

  // Until the target is wired below, reads (none are expected that early) wait here.
  const early: Buffer[] = [];
  let onTargetData = (chunk: Buffer) => void early.push(chunk);
  const readBuffer = (sharedReadBuffer ??= Buffer.allocUnsafe(256 * 1024));
  const onread = {
    buffer: readBuffer,
    callback: (bytes: number) => {
      onTargetData(Buffer.from(readBuffer.subarray(0, bytes)));
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
    onTargetData = (chunk: Buffer) => {
      touch();
      ws.send(options.base64 ? chunk.toString('base64') : chunk, { binary: !options.base64 }, () => {
        if (socket.isPaused() && ws.bufferedAmount < sendLowWater) socket.resume();
      });
      if (ws.bufferedAmount > sendHighWater) socket.pause();
    };
    for (const chunk of early.splice(0)) onTargetData(chunk);
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
