/**
 * A real TCP echo service standing in for a remote desktop: the example stubs start one per
 * instance, so the tunnel can be tried (and tested) end to end without VNC installed.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { TcpTarget } from 'sockgen/runtime/tunnel';

/** A started echo service; `close()` also drops its open connections. */
export interface EchoServer extends TcpTarget {
  close(): Promise<void>;
}

/** Listens on `host` (an ephemeral port) and echoes every byte back. */
export async function startEchoServer(host = '127.0.0.1'): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('echo server has no TCP address');
  return {
    host,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
