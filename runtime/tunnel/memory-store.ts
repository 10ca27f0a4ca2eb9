/** Reservations in this process (the default): one tunnel server owns all tokens and counts. */
import { randomUUID } from 'node:crypto';
import type { Claim, InstanceRecord, ReservationRecord, ReservationStore, ReserveInput, ReserveResult } from './reservation-store.js';

/** A ReservationStore in memory; expired reservations are dropped whenever the store is used. */
export function createMemoryStore(): ReservationStore {
  const reservations = new Map<string, ReservationRecord>();
  const instances = new Map<string, InstanceRecord>(); // key: `${service}\u0000${index}`
  const listeners: Array<(token: string) => void> = [];
  const key = (service: string, index: number) => `${service}\u0000${index}`;
  const prune = (now: number) => {
    for (const [token, record] of reservations) if (record.expiresAt <= now) reservations.delete(token);
  };
  const used = (service: string) =>
    [...reservations.values()].filter((r) => r.service === service).length + [...instances.values()].filter((i) => i.service === service).length;

  return {
    async reserve(input: ReserveInput): Promise<ReserveResult> {
      prune(input.now);
      if (used(input.service) >= input.count) return { ok: false, reason: 'exhausted' };
      const token = randomUUID();
      const expiresAt = input.now + input.ttlMs;
      reservations.set(token, { token, service: input.service, count: input.count, query: input.query, ...(input.user ? { user: input.user } : {}), expiresAt });
      return { ok: true, token, expiresAt };
    },
    async claim(token, peer, now): Promise<Claim | undefined> {
      prune(now);
      const reservation = reservations.get(token);
      if (!reservation) return undefined;
      reservations.delete(token);
      for (let index = 0; index < reservation.count; index++) {
        if (instances.has(key(reservation.service, index))) continue;
        instances.set(key(reservation.service, index), { service: reservation.service, index, token, startedAt: now, peer });
        return { reservation, index };
      }
      return undefined;
    },
    async finish(service, index, token) {
      if (instances.get(key(service, index))?.token === token) instances.delete(key(service, index));
    },
    async release(token) {
      if (reservations.delete(token)) return 'reservation';
      if (![...instances.values()].some((i) => i.token === token)) return 'unknown';
      for (const listener of listeners) listener(token);
      return 'instance';
    },
    async snapshot(services, now) {
      prune(now);
      const wanted = new Set(services);
      return {
        reservations: [...reservations.values()].filter((r) => wanted.has(r.service)),
        instances: [...instances.values()].filter((i) => wanted.has(i.service)),
      };
    },
    onRelease(listener) {
      listeners.push(listener);
    },
    async close() {},
  };
}
