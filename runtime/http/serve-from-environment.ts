import { ConfigError } from './errors.js';
import type { SocketHost, SocketHostOptions } from './types.js';

/** What serveFromEnvironment hands the generated server factory. */
export type EnvironmentServerOptions = Omit<SocketHostOptions, 'sockets'> & { postgresUrl?: string };

/**
 * Errors of listen() that are the caller's PORT/HOST, not a bug: one line with a hint instead of
 * a stack (EADDRINUSE: port taken; ENOTFOUND/EAI_AGAIN: HOST does not resolve; EADDRNOTAVAIL:
 * HOST is not an address of this machine; EACCES: a privileged port).
 */
const listenProblems: Readonly<Record<string, string>> = {
  EADDRINUSE: 'another program listens there: pick another PORT, or 0 for any free port',
  ENOTFOUND: 'HOST must be a name or address of this machine, e.g. 127.0.0.1 or 0.0.0.0',
  EAI_AGAIN: 'HOST must be a name or address of this machine, e.g. 127.0.0.1 or 0.0.0.0',
  EADDRNOTAVAIL: 'HOST must be an address of this machine, e.g. 127.0.0.1 or 0.0.0.0',
  EACCES: 'ports below 1024 need privileges: pick a PORT of 1024 or more',
};

/** Options of serveFromEnvironment, for tests and embedding; the process's by default. */
export interface ServeOptions {
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  /**
   * Own the process: stop on SIGINT/SIGTERM, and log a promise rejection nothing handled instead
   * of letting Node end the server for it; true.
   */
  handleSignals?: boolean;
}

/**
 * Runs a generated server as a program (`generated/sockets/main.ts`): PORT (8080), HOST
 * (127.0.0.1), SOCKGEN_API_KEY, SOCKGEN_INSTANCE, SOCKGEN_API_VERSION and DATABASE_URL come from
 * the environment. A configuration problem prints one line and sets exit code 1 (no stack);
 * SIGINT/SIGTERM close the server and the class stores.
 */
export async function serveFromEnvironment(
  createServer: (options: EnvironmentServerOptions) => Promise<SocketHost>,
  serve: ServeOptions = {},
): Promise<SocketHost | undefined> {
  const env = serve.env ?? process.env;
  const log = serve.log ?? ((line: string) => console.log(line));
  // Problems go to stderr so a caller piping the server's stdout still sees why it stopped.
  const fail = serve.log ?? ((line: string) => console.error(line));
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`sockgen: PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
    process.exitCode = 1;
    return undefined;
  }
  const options: EnvironmentServerOptions = {};
  if (env.SOCKGEN_API_KEY) options.apiKey = env.SOCKGEN_API_KEY;
  if (env.SOCKGEN_INSTANCE) options.instance = env.SOCKGEN_INSTANCE;
  if (env.SOCKGEN_API_VERSION) options.apiVersion = env.SOCKGEN_API_VERSION;
  if (env.DATABASE_URL) options.postgresUrl = env.DATABASE_URL;
  // CORS is off unless asked for: `*`, or a comma-separated list of origins.
  if (env.SOCKGEN_CORS) options.cors = env.SOCKGEN_CORS.trim() === '*' ? '*' : env.SOCKGEN_CORS.split(',').map((origin) => origin.trim()).filter(Boolean);
  let host: SocketHost;
  let url: string;
  try {
    host = await createServer(options);
    ({ url } = await host.listen(port, env.HOST || '127.0.0.1'));
  } catch (error) {
    const listenProblem = listenProblems[(error as NodeJS.ErrnoException).code ?? ''];
    if (!(error instanceof ConfigError) && listenProblem === undefined) throw error;
    fail(`sockgen: ${(error as Error).message}${listenProblem ? ` (hint: ${listenProblem})` : ''}`);
    process.exitCode = 1;
    return undefined;
  }
  // Encoded as the host matches them, so the printed URL is one that answers (`a b` → `a%20b`).
  const prefix = `/${encodeURIComponent(options.apiVersion ?? 'v1.1')}/instances/${encodeURIComponent(options.instance ?? 'default')}`;
  log(`sockgen: serving sockets at ${url}${prefix}/endpoints/sockets/${options.apiKey ? ' (X-API-KEY required)' : ''}`);
  log(`sockgen: OpenAPI of each socket at ${url}${prefix}/sockets/<socket>/openapi.json, its API reference at …/sockets/<socket>/docs/`);
  if (serve.handleSignals ?? true) {
    const stop = (): void => {
      log('sockgen: stopping');
      host.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // A handler or Node script that leaves one promise unhandled must not take every other
    // request down with it (Node exits on an unhandled rejection by default).
    process.on('unhandledRejection', (reason) => {
      log(`sockgen: a handler or script left a promise rejection unhandled: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
    });
  }
  return host;
}
