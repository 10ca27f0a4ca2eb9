/** What a service instance class implements, and how a service is declared to the tunnel server. */
import type { IncomingMessage } from 'node:http';

/** Where a started instance listens; the tunnel connects there. */
export interface TcpTarget {
  readonly host: string;
  readonly port: number;
}

/** What the tunnel server knows about the reservation an instance serves. */
export interface StartContext {
  readonly service: string;
  readonly token: string;
  /** The reserve call's query options (minus `security_token` and `format`). */
  readonly query: Readonly<Record<string, string>>;
  /** The user who reserved it, when `resolveUser` named one. */
  readonly user?: string;
}

/**
 * One instance of a service (the original's `RemoteServiceScript`). The server creates a fresh
 * object per websocket, awaits `start`, and calls `stop` once when the websocket closes.
 */
export interface ServiceInstance<Options = unknown> {
  /** `index` is 0..count-1, unique among running instances of this service. */
  start(index: number, options: Options, context: StartContext): Promise<TcpTarget> | TcpTarget;
  stop(): Promise<void> | void;
}

/** A service as the generated server entry declares it. */
export interface ServiceDefinition<Options = unknown> {
  readonly name: string;
  /** Most instances at once (reserved plus running). */
  readonly count: number;
  /** The common options of services.json, handed to every instance. */
  readonly options: Options;
  /** Only users in this group may reserve it. */
  readonly group?: string;
  create(): ServiceInstance<Options>;
}

/** Typed identity helper for generated code: checks `create()` returns a matching instance. */
export function defineService<Options>(definition: ServiceDefinition<Options>): ServiceDefinition {
  return definition as ServiceDefinition;
}

/** Who is calling the reservation API; decides `group` access. */
export interface UserIdentity {
  readonly name?: string;
  readonly groups: readonly string[];
}

/** Identifies the caller of a REST request (default: the `X-Sockgen-User`/`X-Sockgen-Groups` headers). */
export type ResolveUser = (request: IncomingMessage) => UserIdentity | undefined | Promise<UserIdentity | undefined>;
