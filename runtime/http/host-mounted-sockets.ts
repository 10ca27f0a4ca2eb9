import { createSocketHost } from './create-socket-host.js';
import type { MountedSocket, SocketHost, SocketHostOptions } from './types.js';

/** A mounted socket that may hold resources (a class store's connection pool). */
export type ClosableMountedSocket = MountedSocket & { close?(): Promise<void> };

/**
 * A host over mounted sockets whose close() also releases what the sockets hold (their class
 * stores), so a generated server shuts down cleanly with one call.
 */
export function hostMountedSockets(sockets: ClosableMountedSocket[], options: Omit<SocketHostOptions, 'sockets'> = {}): SocketHost {
  let host: SocketHost;
  try {
    host = createSocketHost({ ...options, sockets });
  } catch (error) {
    // A host that cannot be built (a missing handler) must not leave the sockets' pools open.
    void Promise.allSettled(sockets.map((socket) => socket.close?.()));
    throw error;
  }
  return {
    server: host.server,
    listen: (port, hostname) => host.listen(port, hostname),
    async close() {
      try {
        await host.close();
      } finally {
        await Promise.all(sockets.map((socket) => socket.close?.()));
      }
    },
  };
}
