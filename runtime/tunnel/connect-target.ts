/** Connects to a started instance's TCP port, retrying while it comes up, within a deadline. */
import { connect, type Socket } from 'node:net';
import type { TcpTarget } from './types.js';

/** Reads into caller-owned buffers instead of a new 64 KiB buffer per read (see read-buffers.ts). */
export interface OnRead {
  readonly buffer: Uint8Array | (() => Uint8Array);
  callback(bytes: number, buffer: Uint8Array): boolean;
}

/**
 * Resolves with a connected socket, or rejects once `deadline` (epoch ms) passes. Refused
 * connections are retried because an instance often reports its port just before it listens.
 */
export async function connectTarget(target: TcpTarget, deadline: number, retryMs = 50, onread?: OnRead): Promise<Socket> {
  for (;;) {
    try {
      return await connectOnce(target, Math.max(1, deadline - Date.now()), onread);
    } catch (error) {
      if (Date.now() + retryMs >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
}

function connectOnce(target: TcpTarget, timeoutMs: number, onread?: OnRead): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = onread ? connect({ host: target.host, port: target.port, noDelay: true, onread }) : connect({ host: target.host, port: target.port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${target.host}:${target.port} timed out`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}
