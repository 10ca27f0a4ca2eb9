/**
 * `sockgen/runtime/tunnel-client`: the browser-safe client of the tunnel server's reservation API
 * (docs/services.md). No Node-only imports here.
 */
export { createReservationClient, ReservationError, type ReservationClient, type ReservationClientOptions } from './reservation-client.js';
export type { InstanceStatus, Reservation, ReservationStatus, ReserveOptions, ServiceStatus, TunnelStatus } from './types.js';
