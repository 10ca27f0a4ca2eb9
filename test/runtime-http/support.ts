/** Builders and a running host for the runtime-http tests. */
import { createSocketHost, type Handler, type MountedSocket, type SocketDefinition, type SocketHost, type SocketHostOptions } from 'sockgen/runtime/http';

/** A socket definition with defaults for everything a test does not care about. */
export function socket(name: string, endpoints: SocketDefinition['endpoints'], extra: Partial<SocketDefinition> = {}): SocketDefinition {
  return { name, metadata: {}, endpoints, config: { constants: {}, prompts: [] }, classes: [], ...extra };
}

/** Mounts a definition with handlers and an empty config. */
export function mount(definition: SocketDefinition, handlers: Record<string, Handler>, config: Record<string, unknown> = {}, store?: unknown): MountedSocket {
  return { definition, handlers, config, ...(store === undefined ? {} : { store }) };
}

/** A listening host and its base URL plus the route prefix. */
export interface RunningHost {
  host: SocketHost;
  url: string;
  /** `${url}/v1.1/instances/default` (or the configured ones). */
  base: string;
  logs: string[];
}

/** Starts a host on an ephemeral port; the caller closes it. */
export async function startHost(options: SocketHostOptions): Promise<RunningHost> {
  const logs: string[] = [];
  const host = createSocketHost({ log: (line) => logs.push(line), ...options });
  const { url } = await host.listen(0);
  return { host, url, base: `${url}/${options.apiVersion ?? 'v1.1'}/instances/${options.instance ?? 'default'}`, logs };
}
