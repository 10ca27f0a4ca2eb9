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

/** The embedded broker could not listen (the port is taken or privileged): a start-up problem, not a bug. */
export class EmbeddedBrokerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedBrokerError';
  }
}

/** Starts aedes on `host:port` (port 0 picks a free one). */
export async function startEmbeddedBroker(port: number, host = '127.0.0.1'): Promise<EmbeddedBroker> {
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker();
  const server: Server = createServer(broker.handle);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    // aedes keeps timers running: close it, or the process stays alive after this failure.
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is taken' : code === 'EACCES' ? 'the port is privileged' : (error as Error).message;
    throw new EmbeddedBrokerError(
      `cannot start the embedded MQTT broker on ${host}:${port}: ${why} (hint: set MQTT_BROKER_HOST to use the broker listening there, or MQTT_BROKER_PORT=0 for any free port)`,
    );
  }
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
