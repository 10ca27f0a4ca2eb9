/** Shapes of the reservation API, shared by the browser client and the Node tunnel server. */

/** `GET /v1/reserve/<service>` answer (JSON form). */
export interface Reservation<S extends string = string> {
  readonly token: string;
  readonly service: S;
  /** ISO 8601: when an unused reservation is reclaimed. */
  readonly expires_at: string;
}

/** Per-reservation options, sent as the reserve call's query string and handed to the instance. */
export type ReserveOptions = Readonly<Record<string, string | number | boolean>>;

/** One running instance in `/v1/status`. */
export interface InstanceStatus {
  readonly index: number;
  readonly token: string;
  readonly started_at: string;
  /** Remote address of the websocket client. */
  readonly peer: string;
}

/** One unused reservation in `/v1/status`. */
export interface ReservationStatus {
  readonly token: string;
  readonly expires_at: string;
  readonly user?: string;
}

/** One service in `/v1/status`. */
export interface ServiceStatus {
  readonly name: string;
  readonly count: number;
  readonly group?: string;
  readonly instances: readonly InstanceStatus[];
  readonly reservations: readonly ReservationStatus[];
}

/** `GET /v1/status`. */
export interface TunnelStatus {
  readonly services: readonly ServiceStatus[];
  /** Tokens of the static token file (websockify mode), when one is configured. */
  readonly static_tokens: number;
}
