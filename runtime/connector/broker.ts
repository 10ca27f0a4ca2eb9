/**
 * The MQTT side: a real broker named by MQTT_BROKER_HOST/PORT, or, with no host configured, an
 * embedded aedes broker so the connector runs on a bare machine. aedes is loaded on demand.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';

/** A running embedded broker. */
export interface EmbeddedBroker {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Starts aedes on `host:port` (port 0 picks a free one). */
export async function startEmbeddedBroker(port: number, host = '127.0.0.1'): Promise<EmbeddedBroker> {
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker();
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    host,
    port: actual,
    url: `mqtt://${host}:${actual}`,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
