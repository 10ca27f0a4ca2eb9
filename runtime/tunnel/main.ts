/**
 * Running a tunnel server as a program: what the generated `server.ts` does when executed directly
 * and what `sockgen tunnel` calls. Stops cleanly on SIGINT/SIGTERM and on `/v1/stop`.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startTunnelServer, type TunnelServer, type TunnelServerOptions } from './tunnel-server.js';

/** Command-line options of a tunnel program, in the same words as `sockgen tunnel --help`. */
export const tunnelFlagHelp: ReadonlyArray<readonly [flag: string, description: string]> = [
  ['--port <n>', 'HTTP/websocket port (default 8080; 0 = any free port)'],
  ['--host <addr>', 'interface to listen on (default: all)'],
  ['--security-token <t>', 'required as security_token on REST calls (default $WEBSOCKETSERVER_SECURITY_TOKEN)'],
  ['--token-file <path>', 'websockify token file of `token: host:port` lines, or a directory of such files; re-read on change'],
  ['--redis <url>', 'share reservations with other tunnel servers through Redis'],
  ['--redis-prefix <p>', 'Redis key prefix (default sockgen:tunnel)'],
  ['--timeout <s>', 'seconds before an unused reservation is reclaimed (default 300)'],
  ['--idle-timeout <s>', 'close a tunnel after this many seconds without bytes (default: never)'],
  ['--http-port <n>', 'serve the REST API (and --http-directory) on this port, websockets only on --port (ADR)'],
  ['--cert <file>', 'TLS certificate (PEM): https and wss on every port; needs --key (ADR)'],
  ['--key <file>', 'TLS private key (PEM) for --cert'],
  ['--http-directory <dir>', 'serve the files of this folder (GET/HEAD) for paths outside /v1/ (ADR)'],
  ['--client-hostname <h>', 'basic mode: every websocket goes to this host (with --client-port); no tokens, no REST (ADR)'],
  ['--client-port <n>', 'basic mode: the port on --client-hostname'],
  ['--target <host:port>', 'plain mode: every websocket goes to this target; no tokens, no REST (websockify)'],
  ['--host-token', 'the token is the host name of the Host header, not ?token= (websockify)'],
];

/** Flags that take no value. */
export const tunnelBooleanFlags: readonly string[] = ['host-token'];

/** Turns tunnel flags into server options; throws a readable Error on a bad value. */
export function tunnelOptionsFromFlags(values: Readonly<Record<string, string | undefined>>): TunnelServerOptions {
  const seconds = (name: string) => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number of seconds, got ${JSON.stringify(raw)}`);
    return Math.round(n * 1000);
  };
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a port number, got ${JSON.stringify(values.port)}`);
  const timeout = seconds('timeout');
  const idle = seconds('idle-timeout');
  const portNumber = (name: string, min = 0) => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || n < min || n > 65535) throw new Error(`--${name} needs a port number, got ${JSON.stringify(raw)}`);
    return n;
  };
  const httpPort = portNumber('http-port');
  if ((values.cert === undefined) !== (values.key === undefined)) throw new Error('--cert and --key go together (a PEM certificate and its private key)');
  let fixedTarget: { host: string; port: number } | undefined;
  if (values['client-hostname'] !== undefined || values['client-port'] !== undefined) {
    const clientPort = portNumber('client-port', 1);
    if (!values['client-hostname'] || clientPort === undefined) throw new Error('basic mode needs both --client-hostname and --client-port');
    fixedTarget = { host: values['client-hostname'], port: clientPort };
  }
  if (values.target !== undefined) {
    if (fixedTarget) throw new Error('--target and --client-hostname/--client-port both name the one target; give one of them');
    const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(values.target.trim());
    const targetPort = match ? Number(match[2]) : 0;
    if (!match || targetPort < 1 || targetPort > 65535) throw new Error(`--target needs host:port, got ${JSON.stringify(values.target)}`);
    fixedTarget = { host: match[1]!.replace(/^\[|\]$/g, ''), port: targetPort };
  }
  return {
    port,
    ...(values.host ? { host: values.host } : {}),
    ...(values['security-token'] ? { securityToken: values['security-token'] } : {}),
    ...(values['token-file'] ? { tokenFile: values['token-file'] } : {}),
    ...(values.redis ? { redisUrl: values.redis } : {}),
    ...(values['redis-prefix'] ? { redisPrefix: values['redis-prefix'] } : {}),
    ...(timeout !== undefined ? { reservationTimeoutMs: timeout } : {}),
    ...(idle !== undefined ? { idleTimeoutMs: idle } : {}),
    ...(httpPort !== undefined ? { httpPort } : {}),
    ...(values.cert !== undefined && values.key !== undefined ? { tls: { certFile: values.cert, keyFile: values.key } } : {}),
    ...(values['http-directory'] ? { httpDirectory: values['http-directory'] } : {}),
    ...(fixedTarget ? { fixedTarget } : {}),
    ...(values['host-token'] === 'true' ? { hostToken: true } : {}),
  };
}

/** Starts a server from flags, prints where it listens, and closes it on a signal. */
export async function serveUntilStopped(options: TunnelServerOptions): Promise<TunnelServer> {
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const server = await startTunnelServer({ ...options, onStop: resolveStopped });
  const names = (options.services ?? []).map((s) => s.name).join(', ') || 'none';
  const where = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? '' : ' (every interface)';
  const what = options.fixedTarget
    ? `every websocket → ${options.fixedTarget.host}:${options.fixedTarget.port}`
    : `services: ${names}${options.tokenFile ? `; token file ${options.tokenFile}` : ''}`;
  const rest = server.httpPort !== server.port ? `; REST on ${server.httpUrl}` : '';
  process.stderr.write(`sockgen tunnel: listening on ${server.url}${where} (${what}${rest})\n`);
  // With one fixed target there is no REST API (nothing to reserve or stop), so no token to set.
  if (!options.fixedTarget && !(options.securityToken ?? process.env.WEBSOCKETSERVER_SECURITY_TOKEN))
    process.stderr.write('sockgen tunnel: warning: no security token; anyone who reaches this port can reserve, release and /v1/stop (set --security-token)\n');
  const onSignal = () => void server.close();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await stopped;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return server;
}

/** Entry of a generated `server.ts` run directly: parses argv and serves until stopped. */
export async function runTunnelMain(argv: readonly string[], base: TunnelServerOptions): Promise<void> {
  const names = tunnelFlagHelp.map(([flag]) => flag.split(' ')[0]!.slice(2));
  let options: TunnelServerOptions;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: Object.fromEntries(names.map((n) => [n, { type: tunnelBooleanFlags.includes(n) ? ('boolean' as const) : ('string' as const) }])),
      strict: true,
    });
    const flags = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === true ? 'true' : v === false ? undefined : (v as string)]));
    options = { ...base, ...tunnelOptionsFromFlags(flags) };
  } catch (error) {
    process.stderr.write(`sockgen tunnel: ${(error as Error).message}\noptions:\n${tunnelFlagHelp.map(([f, d]) => `  ${f.padEnd(22)} ${d}`).join('\n')}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    await serveUntilStopped(options);
  } catch (error) {
    // Port in use, Redis unreachable...: one line, no stack (it is not a bug in the program).
    process.stderr.write(`sockgen tunnel: cannot start: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

/** True when the module at `moduleUrl` is the program node was asked to run. */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === moduleUrl;
}
