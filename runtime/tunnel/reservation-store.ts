/**
 * Where reservations and running instances are kept: in memory (one server) or in Redis (several
 * servers sharing tokens and counts). Both give the same guarantees: reserved plus running never
 * exceeds `count`, and a token is claimed at most once.
 */

/** A reservation not yet used by a websocket. */
export interface ReservationRecord {
  readonly token: string;
  readonly service: string;
  readonly count: number;
  readonly query: Readonly<Record<string, string>>;
  readonly user?: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/** A running instance (its reservation was claimed by a websocket). */
export interface InstanceRecord {
  readonly service: string;
  readonly index: number;
  readonly token: string;
  readonly startedAt: number;
  readonly peer: string;
}

/** What a reserve call asks of the store. */
export interface ReserveInput {
  readonly service: string;
  readonly count: number;
  readonly query: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly ttlMs: number;
  readonly now: number;
}

/** `exhausted`: reserved plus running already equals count. */
export type ReserveResult = { readonly ok: true; readonly token: string; readonly expiresAt: number } | { readonly ok: false; readonly reason: 'exhausted' };

/** A claimed token: its reservation and the instance index it now owns. */
export interface Claim {
  readonly reservation: ReservationRecord;
  readonly index: number;
}

/** The store contract; `createMemoryStore` and `createRedisStore` implement it. */
export interface ReservationStore {
  reserve(input: ReserveInput): Promise<ReserveResult>;
  /** Consumes a token exactly once (even across servers); undefined when unknown, used or expired. */
  claim(token: string, peer: string, now: number): Promise<Claim | undefined>;
  /** The instance stopped: its index is free again. */
  finish(service: string, index: number, token: string): Promise<void>;
  /** Drops a reservation, or asks the server running its instance to stop it. */
  release(token: string): Promise<'reservation' | 'instance' | 'unknown'>;
  /** Unexpired reservations and running instances of the named services. */
  snapshot(services: readonly string[], now: number): Promise<{ reservations: ReservationRecord[]; instances: InstanceRecord[] }>;
  /** Called with a running instance's token when some server's `release` asked to stop it. */
  onRelease(listener: (token: string) => void): void;
  close(): Promise<void>;
}
