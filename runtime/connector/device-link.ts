/**
 * The TCP connection to the device: reads at most `recvBufsize` bytes at a time, cuts them into
 * messages, and reconnects with backoff when the device goes away or stays silent past the
 * receive timeout (the original exited and relied on a container restart).
 */
import { connect, type Socket } from 'node:net';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { createFramer, FramingError } from './framing.js';
import type { ConnectorLogger } from './logger.js';
import type { Framing } from './settings.js';

/** What the device link needs. */
export interface DeviceLinkOptions {
  readonly host: string;
  readonly port: number;
  readonly recvBufsize: number;
  /** Milliseconds without data before reconnecting; undefined waits forever. */
  readonly recvTimeoutMs: number | undefined;
  readonly framing: Framing;
  readonly backoff: BackoffOptions;
  readonly log: ConnectorLogger;
  /** One framed message. The buffer may be reused after the call: consume it synchronously. */
  readonly onMessage: (message: Buffer) => void;
  /** Connection state changes (for tests and metrics). */
  readonly onState?: (state: 'connected' | 'disconnected') => void;
}

/** A running device connection. */
export interface DeviceLink {
  readonly connected: boolean;
  /** Frames and writes a message; false when the device is not connected. */
  send(message: Buffer): boolean;
  /** Closes the connection and stops reconnecting. */
  stop(): Promise<void>;
}

const emitter = 'device';

/** Connects to the device and keeps connecting until stopped. */
export function startDeviceLink(options: DeviceLinkOptions): DeviceLink {
  const { log } = options;
  let socket: Socket | undefined;
  let connected = false;
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const readBuffer = Buffer.alloc(options.recvBufsize);
  let framer = createFramer(options.framing);

  const scheduleReconnect = () => {
    if (stopped || timer) return;
    const delay = backoffDelay(attempt++, options.backoff);
    log.debug(`reconnecting to ${options.host}:${options.port} in ${delay} ms`, emitter);
    timer = setTimeout(() => {
      timer = undefined;
      open();
    }, delay);
  };

  const open = () => {
    if (stopped) return;
    framer = createFramer(options.framing);
    let receivedData = false;
    const current = connect({
      host: options.host,
      port: options.port,
      noDelay: true,
      // onread reads into our buffer: one read is at most RECV_BUFSIZE bytes, as in the original.
      onread: {
        buffer: readBuffer,
        callback: (size: number, buffer: Uint8Array) => {
          if (!receivedData) {
            receivedData = true;
            attempt = 0;
          }
          const chunk = Buffer.from(buffer.buffer, buffer.byteOffset, size);
          let messages: Buffer[];
          try {
            messages = framer.push(chunk);
          } catch (error) {
            if (!(error instanceof FramingError)) throw error;
            log.error(`${error.message}; reconnecting`, emitter);
            current.destroy();
            return false;
          }
          for (const message of messages) options.onMessage(message);
          return true;
        },
      },
    });
    socket = current;
    if (options.recvTimeoutMs !== undefined) current.setTimeout(options.recvTimeoutMs);
    current.on('connect', () => {
      connected = true;
      log.info(`connected to device ${options.host}:${options.port}`, emitter);
      options.onState?.('connected');
    });
    current.on('timeout', () => {
      log.warning(`no data from the device for ${options.recvTimeoutMs! / 1000} s; reconnecting`, emitter);
      current.destroy();
    });
    current.on('error', (error) => {
      log.warning(`device connection ${options.host}:${options.port}: ${error.message}`, emitter);
    });
    current.on('close', () => {
      if (socket === current) socket = undefined;
      if (framer.pending > 0) log.warning(`device connection closed in the middle of a message; ${framer.pending} bytes dropped`, emitter);
      if (connected) {
        connected = false;
        if (!stopped) log.warning('device connection lost', emitter);
        options.onState?.('disconnected');
      }
      scheduleReconnect();
    });
  };

  open();
  return {
    get connected() {
      return connected;
    },
    send(message) {
      if (!socket || !connected) return false;
      socket.write(framer.encode(message));
      return true;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const current = socket;
      if (!current) return Promise.resolve();
      return new Promise<void>((resolve) => {
        current.once('close', () => resolve());
        current.destroy();
      });
    },
  };
}
