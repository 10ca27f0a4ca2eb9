/**
 * Starting generated socket servers: hosting mounted sockets (closing their stores with the
 * host), and running a server from environment variables for `sockgen serve`.
 */
import { createSocketHost, ConfigError, type MountedSocket, type SocketHost, type SocketHostOptions } from './index.js';

/** A SocketHost over already-mounted sockets; closing it also closes their stores. */
export function hostMountedSockets(sockets: ReadonlyArray<MountedSocket & { close(): Promise<void> }>, options: Omit<SocketHostOptions, 'sockets'> = {}): SocketHost {
  const host = createSocketHost({ ...options, sockets: [...sockets] });
  return {
    server: host.server,
    listen: (port, hostname) => host.listen(port, hostname),
    close: async () => {
      await host.close();
      await Promise.all(sockets.map((socket) => socket.close()));
    },
  };
}

type ServerFactory = (options: Omit<SocketHostOptions, 'sockets'> & { postgresUrl?: string }) => Promise<SocketHost>;

/**
 * Creates and starts a server from the environment (PORT, HOST, SOCKGEN_API_KEY,
 * SOCKGEN_INSTANCE, SOCKGEN_API_VERSION, DATABASE_URL) and stops it cleanly on SIGINT/SIGTERM.
 * A missing prompted config value exits with code 2 and names the variable.
 */
export async function serveFromEnvironment(create: ServerFactory, env: NodeJS.ProcessEnv = process.env): Promise<SocketHost | undefined> {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`sockgen serve: PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
    process.exitCode = 2;
    return undefined;
  }
  let host: SocketHost;
  try {
    host = await create({
      ...(env.SOCKGEN_API_KEY ? { apiKey: env.SOCKGEN_API_KEY } : {}),
      ...(env.SOCKGEN_INSTANCE ? { instance: env.SOCKGEN_INSTANCE } : {}),
      ...(env.SOCKGEN_API_VERSION ? { apiVersion: env.SOCKGEN_API_VERSION } : {}),
      ...(env.DATABASE_URL ? { postgresUrl: env.DATABASE_URL } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`sockgen serve: ${error.message}`);
      process.exitCode = 2;
      return undefined;
    }
    throw error;
  }
  const { url } = await host.listen(port, env.HOST ?? '0.0.0.0');
  console.log(`sockgen: serving sockets at ${url}`);
  const stop = () => {
    void host.close().then(() => console.log('sockgen: stopped'));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return host;
}
