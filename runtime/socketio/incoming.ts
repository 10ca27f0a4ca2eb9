/**
 * Incoming events: one listener per event and namespace, shared by every socket (Socket.IO calls
 * listeners with `this` = the socket), so a connection costs no closures. An invalid payload
 * never reaches the handler: the namespace's error handler gets a SocketValidationError and the client
 * an ack error (`ack(null, data)`) or a `sockgen:error` event; the connection stays.
 */
import type { Socket } from 'socket.io';
import { errorEvent, type SockgenErrorData } from '../socketio-client/errors.js';
import { SocketApiError, SocketValidationError } from './errors.js';
import type { EventSpec } from './spec.js';

/** A handler as the runtime calls it: the payload, the socket (and a dynamic namespace's parameters); its result is the ack. */
export type AnyEventHandler = (payload: any, socket: any, params?: any) => unknown;
/** The namespace's error handler. */
export type AnyErrorHandler = (error: Error, socket: any) => unknown;

/** What the listeners of one namespace need. */
export interface IncomingOptions {
  readonly validateIncoming: boolean;
  readonly validateOutgoing: boolean;
  readonly onError: AnyErrorHandler;
  /** A dynamic namespace: handlers also get `socket.data.params`. */
  readonly withParams?: boolean;
}

type Ack = (...args: unknown[]) => void;

/** Tells the client why its event failed: through its ack when it sent one, else an error event. */
export function refuse(socket: Socket, data: SockgenErrorData, ack: unknown): void {
  if (typeof ack === 'function') (ack as Ack)(null, data);
  else socket.emit(errorEvent as never, data as never);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Builds the shared listener of one received event. */
export function incomingListener(event: string, spec: EventSpec, handler: AnyEventHandler, options: IncomingOptions): (this: Socket, ...args: unknown[]) => void {
  const { validate, ack: validateAck } = spec;
  const { validateIncoming, onError, withParams } = options;
  const checkAck = options.validateOutgoing ? validateAck : undefined;

  const fail = (socket: Socket, error: unknown, ack: unknown) => {
    const apiError =
      error instanceof SocketApiError ? error : new SocketApiError({ type: 'handler_error', message: `handler of ${event} failed`, event });
    refuse(socket, apiError.data, ack);
    onError(error instanceof Error ? error : new Error(String(error)), socket);
  };

  const reply = (socket: Socket, ack: Ack, result: unknown) => {
    if (checkAck && !checkAck(result)) {
      fail(socket, new SocketValidationError('ack_validation', `ack of ${event} does not match its x-ack schema`, checkAck.errors, 'ack', event), ack);
      return;
    }
    ack(result);
  };

  const { tuple } = spec;
  /** A tuple event: the arguments are the payload; the handler gets them one by one. */
  const tupleEvent = (socket: Socket, args: unknown[], ack: unknown) => {
    if (validateIncoming && !validate(args)) {
      fail(socket, new SocketValidationError('payload_validation', `invalid arguments for ${event}`, validate.errors, 'args', event), ack);
      return;
    }
    const items = args.length >= tuple! ? args.slice(0, tuple) : [...args, ...new Array<undefined>(tuple! - args.length)];
    let result: unknown;
    try {
      result = (handler as (...all: unknown[]) => unknown)(...items, socket, (socket.data as { params?: unknown }).params);
    } catch (error) {
      fail(socket, error, ack);
      return;
    }
    if (isThenable(result))
      result.then(
        (value) => (typeof ack === 'function' ? reply(socket, ack as Ack, value) : undefined),
        (error: unknown) => fail(socket, error, ack),
      );
    else if (typeof ack === 'function') reply(socket, ack as Ack, result);
  };

  return function listener(this: Socket) {
    // The ack callback, when the client asked for one, is always the last argument; it must be
    // answered whatever came before it (`emit('event', ack)`, or more arguments than declared).
    // `arguments`, not a rest parameter: no array per event on this hot path.
    const count = arguments.length;
    const last: unknown = count > 0 ? arguments[count - 1] : undefined;
    const ack = typeof last === 'function' ? last : undefined;
    const given = ack === undefined ? count : count - 1;
    if (tuple !== undefined) {
      tupleEvent(this, Array.prototype.slice.call(arguments, 0, given) as unknown[], ack);
      return;
    }
    if (given > 1) {
      const error = new SocketApiError({ type: 'payload_validation', message: `${event} takes one argument, got ${given}`, event });
      fail(this, error, ack);
      return;
    }
    const payload: unknown = given === 1 ? arguments[0] : undefined;
    if (validateIncoming && !validate(payload)) {
      fail(this, new SocketValidationError('payload_validation', `invalid payload for ${event}`, validate.errors, 'payload', event), ack);
      return;
    }
    let result: unknown;
    try {
      result = withParams ? handler(payload, this, (this.data as { params?: unknown }).params) : handler(payload, this);
    } catch (error) {
      fail(this, error, ack);
      return;
    }
    if (isThenable(result)) {
      const socket = this;
      result.then(
        (value) => (typeof ack === 'function' ? reply(socket, ack as Ack, value) : undefined),
        (error: unknown) => fail(socket, error, ack),
      );
    } else if (typeof ack === 'function') reply(this, ack as Ack, result);
  };
}

/**
 * Answers events the namespace does not declare (any name, `__proto__` and `toString` too): an
 * ack callback gets `unknown_event` instead of waiting forever; without one the event is dropped.
 */
export function unknownEventListener(namespace: string, known: ReadonlySet<string>): (this: Socket, event: string, ...args: unknown[]) => void {
  return function onAny(this: Socket, event: string, ...args: unknown[]) {
    if (known.has(event)) return;
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return;
    const name = typeof event === 'string' ? event : String(event);
    refuse(this, { type: 'unknown_event', message: `${namespace} does not handle event ${JSON.stringify(name).slice(0, 80)}`, event: name }, ack);
  };
}
