/**
 * Real services the tests talk to. On a machine without one, its tests skip with a message;
 * under CI=true a missing service fails the run instead (CI machines have them all).
 */
import { Socket } from 'node:net';

export interface ServiceAddress {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export const mosquitto: ServiceAddress = { name: 'Mosquitto', host: '127.0.0.1', port: 1883 };
export const redis: ServiceAddress = { name: 'Redis', host: '127.0.0.1', port: 6379 };
export const postgres: ServiceAddress = { name: 'PostgreSQL', host: '127.0.0.1', port: 5432 };
export const postgresUrl = 'postgres://postgres@127.0.0.1:5432/test';
export const redisUrl = 'redis://127.0.0.1:6379';
export const mosquittoUrl = 'mqtt://127.0.0.1:1883';

/** True when something accepts TCP connections at the address within a second. */
export function isListening(address: ServiceAddress, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(address.port, address.host, () => done(true));
  });
}

/**
 * Resolves whether tests that need `address` should run. Use as
 * `const hasRedis = await requireService(redis); describe.skipIf(!hasRedis)(...)`.
 * Throws under CI=true when the service is missing.
 */
export async function requireService(address: ServiceAddress): Promise<boolean> {
  if (await isListening(address)) return true;
  const message = `${address.name} is not listening on ${address.host}:${address.port}`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI machines must run it`);
  console.warn(`skipping tests that need ${address.name}: ${message}`);
  return false;
}
