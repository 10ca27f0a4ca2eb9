/**
 * Outgoing validation (on by default, `validateOutgoing: false` for production speed): every
 * emit of the server — to one socket, to a room, to the namespace — is checked against the
 * document before it leaves, and an invalid one throws an `outgoing_validation` error at the
 * emitter (it is a server bug). Acks the clients send back for `x-ack` events are checked too.
 */
import type { Namespace, Socket } from 'socket.io';
import { errorEvent } from '../socketio-client/errors.js';
import { SocketApiError, SocketValidationError } from './errors.js';
import type { AnyErrorHandler } from './incoming.js';
import type { EventSpec } from './spec.js';

type Emit = (this: Socket, event: string, ...args: unknown[]) => boolean;
type Ack = (...args: unknown[]) => void;

/** Checks one emit; `args` are its arguments without the ack callback. */
function checkOutgoing(namespace: string, send: Readonly<Record<string, EventSpec>>, event: string, args: readonly unknown[]): EventSpec | undefined {
  if (event === errorEvent) return undefined;
  const spec = Object.hasOwn(send, event) ? send[event] : undefined;
  if (!spec)
    throw new SocketApiError({ type: 'unknown_event', message: `${namespace} does not emit ${event} (not in the document)`, event });
  // A tuple event is validated as its argument list; others by their one payload.
  if (!spec.validate(spec.tuple !== undefined ? args : args[0]))
    throw new SocketValidationError('outgoing_validation', `invalid payload emitted as ${event}`, spec.validate.errors, 'payload', event);
  return spec;
}

/**
 * Replaces `socket.emit` on one socket with a validating one. The function is shared (it uses
 * `this`), so each connection costs one property write.
 */
export function validatingEmit(namespace: string, send: Readonly<Record<string, EventSpec>>, onError: AnyErrorHandler): Emit {
  return function emit(this: Socket, event: string, ...args: unknown[]): boolean {
    const last = args[args.length - 1];
    const spec = checkOutgoing(namespace, send, event, typeof last === 'function' ? args.slice(0, -1) : args);
    if (spec?.ack && typeof last === 'function') {
      const socket = this;
      const validateAck = spec.ack;
      // With `socket.timeout(ms)` Socket.IO calls back `(error, value)`, else `(value)`.
      const withTimeout = (this as unknown as { flags?: { timeout?: number } }).flags?.timeout !== undefined;
      args[args.length - 1] = (...reply: unknown[]) => {
        if (withTimeout && reply[0]) return (last as Ack)(...reply);
        const value = withTimeout ? reply[1] : reply[0];
        if (validateAck(value)) return (last as Ack)(...reply);
        const error = new SocketValidationError('ack_validation', `client ack of ${event} does not match its x-ack schema`, validateAck.errors, 'ack', event);
        onError(error, socket);
        if (withTimeout) (last as Ack)(error);
      };
    }
    return (Object.getPrototypeOf(this) as { emit: Emit }).emit.call(this, event, ...args);
  };
}

/**
 * Validates broadcasts (`nsp.emit`, `nsp.to(room).emit`, `socket.broadcast.emit`) by wrapping
 * the namespace adapter's `broadcast`. Only local emits pass here: broadcasts arriving from
 * other processes through the Redis adapter were validated where they were emitted.
 */
export function validateBroadcasts(nsp: Namespace, send: Readonly<Record<string, EventSpec>>): void {
  const adapter = nsp.adapter as unknown as {
    broadcast: (packet: { data: unknown[] }, opts: unknown) => unknown;
    broadcastWithAck: (packet: { data: unknown[] }, ...rest: unknown[]) => unknown;
  };
  const broadcast = adapter.broadcast.bind(adapter);
  const broadcastWithAck = adapter.broadcastWithAck.bind(adapter);
  adapter.broadcast = (packet, opts) => {
    checkOutgoing(nsp.name, send, String(packet.data[0]), packet.data.slice(1));
    return broadcast(packet, opts);
  };
  adapter.broadcastWithAck = (packet, ...rest) => {
    checkOutgoing(nsp.name, send, String(packet.data[0]), packet.data.slice(1));
    return broadcastWithAck(packet, ...rest);
  };
}
