import { createClassStores } from './create-class-stores.js';
import type { ClassValidator } from './class-validator.js';
import { instanceSettings } from './instance-config.js';
import { resolveSocketConfig } from './resolve-socket-config.js';
import type { Handler, MountedSocket, SocketDefinition } from './types.js';

/** What a generated `<Socket>Options` carries (custom-sockets.md, "Keys seen in real socket.yml files"). */
export interface MountSocketOptions {
  /** Prompted configuration values; missing ones are read from the environment. */
  readonly config?: Record<string, unknown>;
  /** Replaces the handler of a script (by script name). */
  readonly handlers?: Record<string, Handler | undefined>;
  /** PostgreSQL URL for the data classes; they are kept in memory without one. */
  readonly postgresUrl?: string;
}

/** A mounted socket that owns its class stores; close() releases them. */
export type OwnedMountedSocket = MountedSocket & { close(): Promise<void> };

/**
 * Prepares one socket for a SocketHost: its CONFIG (a ConfigError naming every missing prompted
 * value), its class stores, and its handlers with the caller's overrides. Generated `mount<Socket>`
 * functions call this with their typed definition, handlers and validators.
 */
export async function mountSocket(
  definition: SocketDefinition,
  handlers: Record<string, Handler>,
  classValidators: Record<string, ClassValidator>,
  options: MountSocketOptions = {},
): Promise<OwnedMountedSocket> {
  // The platform merged the instance's config under the socket's: a socket's own value wins.
  const config = { ...instanceSettings().config, ...resolveSocketConfig(definition, options.config) };
  const store = await createClassStores(definition.name, definition.classes, {
    ...(options.postgresUrl ? { postgresUrl: options.postgresUrl } : {}),
    validators: classValidators,
  });
  const merged: Record<string, Handler> = { ...handlers };
  for (const [script, handler] of Object.entries(options.handlers ?? {})) if (handler !== undefined) merged[script] = handler;
  return { definition, handlers: merged, config, store, close: () => store.close() };
}

/**
 * Waits for every mount. When one fails, the ones that succeeded are closed before the first
 * failure is rethrown, so a server that cannot start leaves no connection pool behind.
 */
export async function mountSockets(mounts: ReadonlyArray<Promise<OwnedMountedSocket>>): Promise<OwnedMountedSocket[]> {
  const settled = await Promise.allSettled(mounts);
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  const mounted = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (failure === undefined) return mounted;
  await Promise.allSettled(mounted.map((socket) => socket.close()));
  throw failure.reason;
}
